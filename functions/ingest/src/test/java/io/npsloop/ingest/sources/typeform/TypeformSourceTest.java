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
    void opinionScaleCountsWhenThereIsNoNpsQuestion() throws Exception {
        var json = Fixtures.webhook("typeform-promoter.json").replace("\"nps\"", "\"opinion_scale\"");

        assertThat(source.parse(body(json)).orElseThrow().score().value()).isEqualTo(9);
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
                        .containsExactly(new Violation("form_response.answers", "has no answer to an nps or opinion_scale question")));
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
                        new Violation("form_response.answers[score].number", "must be a whole number from 0 to 10"),
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
