package io.npsloop.ingest.sources.typeform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TypeformSourceTest {

    private final TypeformSource source = new TypeformSource(TypeformFields.DEFAULTS, ReplayWindow.DEFAULT);

    private static WebhookRequest body(String json) {
        return new WebhookRequest(Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSampleNpsAnswerHiddenFieldsAndComment() throws Exception {
        var response = source.parse(body(Fixtures.webhook("typeform-detractor.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("typeform", "a3a12ec67a1365927098a606107fac15"));
        assertThat(response.surveyId()).isEqualTo("lT4Z3j");
        assertThat(response.score().value()).isEqualTo(2);
        assertThat(response.comment()).isEqualTo("Two outages this month and no status updates.");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-21T14:03:40Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-2001");
        assertThat(who.email()).isEqualTo("priya.shah@example.com");
        assertThat(who.name()).isEqualTo("Priya Shah");
        assertThat(who.accountId()).isEqualTo("acct-umbrella");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("15000"));
        assertThat(who.locale()).isEqualTo("en");
    }

    @Test
    void anOpinionScaleIsNotReadAsNpsWithoutProofOfZeroToTen() {
        var json = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"opinion_scale\"");

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("form_response.answers", "has no nps question; set TYPEFORM_SCORE_FIELD_REF "
                                + "to the ref of the 0-10 question (opinion_scale fields here: nps_score)")));
    }

    @Test
    void anOpinionScaleWhoseDefinitionShowsZeroToTenIsRead() throws Exception {
        var json = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"opinion_scale\"")
                .replace("\"properties\": {}", "\"properties\": {\"steps\": 11, \"start_at_one\": false}");

        assertThat(source.parse(body(json)).orElseThrow().score().value()).isEqualTo(9);
    }

    @Test
    void anOpinionScaleOfElevenStepsStartingAtOneIsNotNps() {
        var oneToEleven = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"opinion_scale\"")
                .replace("\"properties\": {}", "\"properties\": {\"steps\": 11, \"start_at_one\": true}");
        var oneToFive = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"opinion_scale\"")
                .replace("\"properties\": {}", "\"properties\": {\"steps\": 5, \"start_at_one\": false}");

        assertThatThrownBy(() -> source.parse(body(oneToEleven))).isInstanceOf(InvalidPayloadException.class);
        assertThatThrownBy(() -> source.parse(body(oneToFive))).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void typeformsOwnExampleWithAOneToFiveOpinionScaleIsRejectedNamingTheSetting() {
        var json = Fixtures.webhook("typeform-without-nps-1-to-5-scale-rejected.json");

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("form_response.answers", "has no nps question; set TYPEFORM_SCORE_FIELD_REF "
                                + "to the ref of the 0-10 question (opinion_scale fields here: readable_ref_opinion_scale; "
                                + "number fields here: readable_ref_number1, readable_ref_number2)")));
    }

    @Test
    void theOperatorsChosenFieldIsReadEvenWhereAnswersNameOnlyTheQuestionId() throws Exception {
        // Typeform's example: its answers' field objects carry no ref; the definition maps id to ref.
        var chosen = new TypeformSource(withScoreRef("readable_ref_opinion_scale"), ReplayWindow.DEFAULT);

        var response = chosen.parse(body(Fixtures.webhook("typeform-without-nps-1-to-5-scale-rejected.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("typeform", "a3a12ec67a1365927098a606107fac15"));
        assertThat(response.score().value()).isEqualTo(2);
        assertThat(response.respondent().email()).isEqualTo("laura@example.com");
    }

    @Test
    void aFormWithNpsBesideOpinionScalesIsReadFromItsNpsQuestion() throws Exception {
        var response = source.parse(body(Fixtures.webhook("typeform-with-nps-beside-opinion-scales.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("typeform", "7pctqdoqxg41to97pctqdibhqn6hqvto"));
        assertThat(response.surveyId()).isEqualTo("uaIA4a7Y");
        assertThat(response.score().value()).isEqualTo(6);
        assertThat(response.comment()).isEqualTo("Project");
        assertThat(response.respondent().id()).isEqualTo("typeformintegration@example.com");
    }

    @Test
    void withTheSettingAZeroToTenOpinionScaleIsReadInsteadOfTheNpsQuestion() throws Exception {
        var chosen = new TypeformSource(withScoreRef("5b839dbb-566b-47de-a47e-b0914d9ccf7c"), ReplayWindow.DEFAULT);

        var response = chosen.parse(body(Fixtures.webhook("typeform-with-nps-beside-opinion-scales.json"))).orElseThrow();

        assertThat(response.score().value()).isEqualTo(9);
    }

    @Test
    void aNumberOutsideZeroToTenInTheChosenFieldNamesTheFieldAndTheBound() {
        var chosen = new TypeformSource(withScoreRef("readable_ref_number1"), ReplayWindow.DEFAULT);
        var json = Fixtures.webhook("typeform-without-nps-1-to-5-scale-rejected.json").replace("\"number\": 5", "\"number\": 11");

        assertThatThrownBy(() -> chosen.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("form_response.answers[5].number", "must be a whole number from 0 to 10")));
    }

    @Test
    void aChosenFieldNotAnsweredNamesTheRefAndTheSetting() {
        var chosen = new TypeformSource(withScoreRef("q_missing"), ReplayWindow.DEFAULT);

        assertThatThrownBy(() -> chosen.parse(body(Fixtures.webhook("typeform-promoter.json"))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("form_response.answers", "has no answer to the question with ref 'q_missing' set in TYPEFORM_SCORE_FIELD_REF")));
    }

    @Test
    void anNpsQuestionLeftUnansweredIsNamedAsSuch() {
        var json = Fixtures.webhook("typeform-promoter.json").replace("\"type\": \"nps\",\n          \"ref\"", "\"type\": \"rating\",\n          \"ref\"");

        assertThat(json).contains("\"type\": \"rating\"");
        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("form_response.answers", "has no answer to the form's nps question")));
    }

    @Test
    void theRefsNamedAreBounded() {
        var answers = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            answers.append(i == 0 ? "" : ",").append("{\"type\":\"number\",\"number\":3,\"field\":{\"id\":\"i")
                    .append(i).append("\",\"type\":\"opinion_scale\",\"ref\":\"r").append(i).append("\"}}");
        }
        var json = "{\"event_type\":\"form_response\",\"form_response\":{\"form_id\":\"f\",\"token\":\"t\","
                + "\"submitted_at\":\"2026-11-21T15:20:48Z\",\"answers\":[" + answers + "]}}";

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .endsWith("(opinion_scale fields here: r0, r1, r2, r3, r4, r5, r6, r7, r8, r9; and 15 more)"));
    }

    private static TypeformFields withScoreRef(String ref) {
        var d = TypeformFields.DEFAULTS;
        return new TypeformFields(d.customerId(), d.email(), d.name(), d.accountId(), d.annualValue(), d.locale(),
                Optional.of(ref), Optional.empty());
    }

    @Test
    void hiddenFieldNamesAndTheScoreFieldAreConfigurable() throws Exception {
        var fields = new TypeformFields("uid", "mail", "full_name", "company", "arr", "lang",
                Optional.of("q_recommend"), Optional.empty());
        var json = """
                {"event_type":"form_response","form_response":{"form_id":"f","token":"t1",
                 "submitted_at":"2026-11-21T15:20:48Z",
                 "hidden":{"uid":"u-7","mail":"a@b.co","full_name":"Al B","company":"c-1","arr":"1200.50","lang":"pt-BR"},
                 "answers":[
                   {"type":"number","number":4,"field":{"id":"x","type":"opinion_scale","ref":"q_effort"}},
                   {"type":"number","number":10,"field":{"id":"y","type":"opinion_scale","ref":"q_recommend"}}]}}
                """;

        var response = new TypeformSource(fields, ReplayWindow.DEFAULT).parse(body(json)).orElseThrow();

        assertThat(response.score().value()).isEqualTo(10);
        assertThat(response.respondent().id()).isEqualTo("u-7");
        assertThat(response.respondent().accountId()).isEqualTo("c-1");
        assertThat(response.respondent().annualValue()).isEqualByComparingTo("1200.50");
        assertThat(response.respondent().locale()).isEqualTo("pt-BR");
    }

    @Test
    void withoutACustomerIdTheEmailAnswerIdentifiesTheRespondent() throws Exception {
        var json = """
                {"event_type":"form_response","form_response":{"form_id":"f","token":"t2",
                 "submitted_at":"2026-11-21T15:20:48Z",
                 "answers":[
                   {"type":"number","number":1,"field":{"id":"a","type":"nps"}},
                   {"type":"email","email":"Jo@Example.com","field":{"id":"b","type":"email"}}]}}
                """;

        var who = source.parse(body(json)).orElseThrow().respondent();

        assertThat(who.id()).isEqualTo("jo@example.com");
        assertThat(who.email()).isEqualTo("Jo@Example.com");
    }

    @Test
    void withNeitherTheRespondentIsAnonymous() throws Exception {
        var json = """
                {"event_type":"form_response","form_response":{"form_id":"f","token":"t3",
                 "submitted_at":"2026-11-21T15:20:48Z",
                 "answers":[{"type":"number","number":1,"field":{"id":"a","type":"nps"}}]}}
                """;

        assertThat(source.parse(body(json)).orElseThrow().respondent().isAnonymous()).isTrue();
    }

    @Test
    void otherEventTypesAreIgnored() throws Exception {
        assertThat(source.parse(body("{\"event_type\":\"form_response_partial\",\"form_response\":{}}"))).isEmpty();
    }

    @Test
    void aFormWithoutAScoreQuestionIsNamed() {
        var json = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"rating\"");

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("form_response.answers", "has no nps question; set TYPEFORM_SCORE_FIELD_REF "
                                + "to the ref of the 0-10 question (this form has no opinion_scale or number question)")));
    }

    @Test
    void badValuesAreNamedByTheirPath() {
        var json = Fixtures.webhook("typeform-promoter.json")
                .replace("\"number\": 9", "\"number\": 12")
                .replace("\"annual_value\": \"3200\"", "\"annual_value\": \"lots\"")
                .replace("\"token\": \"7c9e6679f4254b8b9c1d2e3f4a5b6c7d\",", "");

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        new Violation("form_response.token", "is required"),
                        new Violation("form_response.answers[0].number", "must be a whole number from 0 to 10"),
                        new Violation("form_response.hidden.annual_value", "must be a non-negative number")));
    }

    @Test
    void aSubmissionTooFarFromNowIsRejectedEvenWhenSigned() {
        var json = Fixtures.webhook("typeform-detractor.json"); // submitted 2026-11-21T14:03:40Z
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        var request = new WebhookRequest(Map.of("Typeform-Signature", TypeformSource.signature("s3cret", bytes)), bytes);

        assertThat(source.verify(request, "s3cret", Instant.parse("2026-11-21T20:00:00Z")).valid()).isTrue();
        assertThat(source.verify(request, "s3cret", Instant.parse("2026-11-25T20:00:00Z")).problem())
                .startsWith("form_response.submitted_at is more than 72 hours away from now");
    }
}
