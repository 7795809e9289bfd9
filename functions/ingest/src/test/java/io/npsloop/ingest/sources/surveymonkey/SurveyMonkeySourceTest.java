package io.npsloop.ingest.sources.surveymonkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.ApiReader;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SurveyMonkeySourceTest {

    static final String KEY = "local-client-id&local-client-secret";
    static final String NPS_QUESTION = "648290117";
    static final String REASON_QUESTION = "648290118";
    /** Just after the sample's event_datetime. */
    private static final Instant NOW = Instant.parse("2026-11-22T09:41:13Z");
    private final SurveyMonkeySource source = new SurveyMonkeySource(
            SurveyMonkeyFields.DEFAULTS.withQuestions(List.of(NPS_QUESTION), List.of(REASON_QUESTION)), ReplayWindow.DEFAULT);

    private static WebhookRequest signed(String body, String key) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("Sm-Signature", SurveyMonkeySource.signature(key, bytes)), bytes);
    }

    @Test
    void acceptsTheSampleSignedWithClientIdAndSecret() {
        var body = Fixtures.webhook("surveymonkey-response-completed.json");

        assertThat(source.verify(signed(body, KEY), KEY, NOW).valid()).isTrue();
    }

    @Test
    void rejectsTamperedMissingAndWronglyKeyedSignatures() {
        var body = Fixtures.webhook("surveymonkey-response-completed.json");
        var tampered = new WebhookRequest(signed(body, KEY).header("Sm-Signature").map(v -> Map.of("Sm-Signature", v)).orElseThrow(),
                body.replace("118462093571", "118462093572").getBytes(StandardCharsets.UTF_8));

        assertThat(source.verify(tampered, KEY, NOW).problem()).isEqualTo("Sm-Signature does not match the body");
        assertThat(source.verify(new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8)), KEY, NOW).problem())
                .isEqualTo("Sm-Signature header is required");
        assertThat(source.verify(signed(body, "other-id&other-secret"), KEY, NOW).valid()).isFalse();
    }

    @Test
    void rejectsAnEventOutsideTheReplayWindow() {
        var body = Fixtures.webhook("surveymonkey-response-completed.json");

        var late = source.verify(signed(body, KEY), KEY, NOW.plus(Duration.ofHours(73)));

        assertThat(late.valid()).isFalse();
        assertThat(late.problem()).startsWith("event_datetime is more than 72 hours away from now");
        assertThat(source.verify(signed(body, KEY), KEY, NOW.plus(Duration.ofHours(71))).valid()).isTrue();
    }

    @Test
    void readsTheNoticeIds() throws Exception {
        var notice = source.notice(signed(Fixtures.webhook("surveymonkey-response-completed.json"), KEY)).orElseThrow();

        assertThat(notice).isEqualTo(new ResponseNotice("surveymonkey", "412785930", "118462093571", "10398877341",
                Instant.parse("2026-11-22T09:41:12.503811Z")));
        assertThat(source.responseUri(URI.create("https://api.surveymonkey.com/"), notice)).hasToString(
                "https://api.surveymonkey.com/v3/surveys/412785930/responses/118462093571/details?simple=true");
        assertThat(source.apiHeaders("tok")).containsEntry("Authorization", "Bearer tok");
    }

    @Test
    void ignoresOtherEventsAndRejectsIdsThatCouldEscapeTheUrl() throws Exception {
        var body = Fixtures.webhook("surveymonkey-response-completed.json");

        assertThat(source.notice(signed(body.replace("response_completed", "response_updated"), KEY))).isEmpty();
        assertThatThrownBy(() -> source.notice(signed(body.replace("\"survey_id\": \"412785930\"", "\"survey_id\": \"../../users/me\""), KEY)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).contains("resources.survey_id"));
    }

    @Test
    void readsTheResponseDetails() throws Exception {
        var notice = source.notice(signed(Fixtures.webhook("surveymonkey-response-completed.json"), KEY)).orElseThrow();

        var response = source.read(notice, Fixtures.api("surveymonkey-response-details.json").getBytes(StandardCharsets.UTF_8));

        assertThat(response.key()).isEqualTo(new ResponseKey("surveymonkey", "118462093571"));
        assertThat(response.surveyId()).isEqualTo("412785930");
        assertThat(response.score().value()).isEqualTo(3);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isEqualTo("Support marked my sync error as solved twice without fixing it.");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-22T09:41:09Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-4001");
        assertThat(who.email()).isEqualTo("ingrid.haugen@example.com");
        assertThat(who.name()).isEqualTo("Ingrid Haugen");
        assertThat(who.accountId()).isEqualTo("acct-hooli");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("36000"));
        assertThat(who.locale()).isEqualTo("en");
    }

    @Test
    void saysWhatToConfigureWhenTheNpsQuestionIsUnknownOrUnanswered() throws Exception {
        var notice = new ResponseNotice("surveymonkey", "412785930", "118462093571", null, null);
        var details = Fixtures.api("surveymonkey-response-details.json").getBytes(StandardCharsets.UTF_8);
        var unconfigured = new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS, ReplayWindow.DEFAULT);
        var otherQuestion = new SurveyMonkeySource(
                SurveyMonkeyFields.DEFAULTS.withQuestions(List.of("999"), List.of()), ReplayWindow.DEFAULT);

        assertThatThrownBy(() -> unconfigured.read(notice, details))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .contains("SURVEYMONKEY_NPS_QUESTION_IDS"));
        assertThatThrownBy(() -> otherQuestion.read(notice, details))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .isEqualTo("has no answer to the NPS question '999'"));
    }

    private static final String DOCS_QUESTION = "319352786";

    private static byte[] api(String name) {
        return Fixtures.api(name).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDocumentedCallbackVerifiesAndNamesTheDocumentedResponse() throws Exception {
        var body = SurveyMonkey.TOOL.redate(Fixtures.webhook("surveymonkey-docs-response-event.json").getBytes(StandardCharsets.UTF_8), NOW);
        var request = new WebhookRequest(Map.of("Sm-Signature", SurveyMonkeySource.signature(KEY, body)), body);

        assertThat(source.verify(request, KEY, NOW)).isEqualTo(Verification.VALID);
        var notice = source.notice(request).orElseThrow();
        assertThat(notice.surveyId()).isEqualTo("105724755");
        assertThat(notice.responseId()).isEqualTo("5007154402");
        assertThat(notice.eventId()).isEqualTo("123456789");
    }

    @Test
    void anAnswerNamingOnlyItsChoiceIsScoredFromTheSurveyDetailsReadOncePerSurvey() throws Exception {
        var docs = new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS.withQuestions(List.of(DOCS_QUESTION), List.of()), ReplayWindow.DEFAULT);
        var notice = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        var reads = new ArrayList<String>();
        ApiReader api = path -> {
            reads.add(path);
            return api("surveymonkey-docs-survey-details.json");
        };

        var response = docs.read(notice, api("surveymonkey-docs-response-details.json"), api);
        var again = docs.read(notice, api("surveymonkey-docs-response-details.json"), api);

        assertThat(response.score().value()).isEqualTo(9);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2015-12-28T21:59:38Z"));
        assertThat(again.score().value()).isEqualTo(9);
        assertThat(reads).containsExactly("/v3/surveys/105724755/details");
    }

    @Test
    void aNumericSimpleTextIsTheScoreWithoutReadingTheSurvey() throws Exception {
        var notice = new ResponseNotice("surveymonkey", "412785930", "118462093571", null, null);
        ApiReader api = path -> {
            throw new AssertionError("no survey details needed, asked for " + path);
        };

        assertThat(source.read(notice, api("surveymonkey-response-details.json"), api).score().value()).isEqualTo(3);
    }

    @Test
    void aLabelAsSimpleTextFallsBackToTheChoice() throws Exception {
        var docs = new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS.withQuestions(List.of(DOCS_QUESTION), List.of()), ReplayWindow.DEFAULT);
        var notice = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        var labelled = Fixtures.api("surveymonkey-docs-response-details.json")
                .replace("\"choice_id\": \"3057839051\"", "\"choice_id\": \"3057839052\", \"simple_text\": \"Extremely likely\"");

        var response = docs.read(notice, labelled.getBytes(StandardCharsets.UTF_8), path -> api("surveymonkey-docs-survey-details.json"));

        assertThat(response.score().value()).isEqualTo(10);
    }

    @Test
    void aChoiceThatIsNoZeroToTenScaleOrCannotBeLookedUpIsRefusedNamingTheQuestion() throws Exception {
        var docs = new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS.withQuestions(List.of(DOCS_QUESTION), List.of()), ReplayWindow.DEFAULT);
        var notice = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        var response = api("surveymonkey-docs-response-details.json");
        var fiveStars = Fixtures.api("surveymonkey-docs-survey-details.json").replaceAll("\\{\"id\": \"305783904[2-7]\"[^}]*\\},", "");

        assertThatThrownBy(() -> docs.read(notice, response, path -> fiveStars.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).containsExactly(new Violation(
                        "pages[].questions[319352786].answers[0].choice_id",
                        "cannot be scored: question 319352786 has 5 choices in the survey's details; an NPS question has 11, from 0 to 10")));
        assertThatThrownBy(() -> docs.read(notice, response))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().get(0).message())
                        .isEqualTo("names only a choice, whose score is read from the survey's details"));
    }

    @Test
    void aChoiceTheCachedDetailsLackReadsTheSurveyAgain() throws Exception {
        var docs = new SurveyMonkeySource(SurveyMonkeyFields.DEFAULTS.withQuestions(List.of(DOCS_QUESTION), List.of()), ReplayWindow.DEFAULT);
        var notice = new ResponseNotice("surveymonkey", "105724755", "5007154402", null, null);
        var details = Fixtures.api("surveymonkey-docs-survey-details.json");
        var before = details.replace("3057839051", "3057839999");
        var answers = new ArrayList<>(List.of(before, details));
        var reads = new ArrayList<String>();
        ApiReader api = path -> {
            reads.add(path);
            return answers.remove(0).getBytes(StandardCharsets.UTF_8);
        };

        assertThatThrownBy(() -> docs.read(notice, api("surveymonkey-docs-response-details.json"), api))
                .isInstanceOf(InvalidPayloadException.class);
        assertThat(docs.read(notice, api("surveymonkey-docs-response-details.json"), api).score().value()).isEqualTo(9);
        assertThat(reads).hasSize(2);
    }
}
