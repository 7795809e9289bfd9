package io.npsloop.ingest.sources.delighted;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DelightedSourceTest {

    private static final String API_KEY = "local-only-delighted-api-key";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final DelightedSource source = new DelightedSource(DelightedFields.DEFAULTS, ReplayWindow.DEFAULT);

    private static WebhookRequest body(String json) {
        return new WebhookRequest(Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest signed(String json, String apiKey) {
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("X-Delighted-Webhook-Signature", DelightedSource.signature(apiKey, bytes)), bytes);
    }

    @Test
    void readsTheSampleScorePersonAndProperties() throws Exception {
        var response = source.parse(body(Fixtures.webhook("delighted-detractor.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("delighted", "7310452"));
        assertThat(response.surveyId()).isEqualTo("delighted");
        assertThat(response.score().value()).isEqualTo(4);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isNull();
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-21T10:21:40Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-3001");
        assertThat(who.email()).isEqualTo("tomas.novak@example.com");
        assertThat(who.name()).isEqualTo("Tomáš Novák");
        assertThat(who.accountId()).isEqualTo("acct-initech");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("22000"));
        assertThat(who.locale()).isEqualTo("cs");
    }

    @Test
    void theUpdateCarriesTheCommentUnderTheSameKeyAndTime() throws Exception {
        var created = body(Fixtures.webhook("delighted-detractor.json"));
        var updated = body(Fixtures.webhook("delighted-detractor-updated.json"));

        var first = source.parse(created).orElseThrow();
        var second = source.parse(updated).orElseThrow();

        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.submittedAt()).isEqualTo(first.submittedAt());
        assertThat(second.comment()).isEqualTo("Exports time out on every report over a month long.");
        assertThat(source.isUpdate(created)).isFalse();
        assertThat(source.isUpdate(updated)).isTrue();
    }

    @Test
    void readsThePromoterSample() throws Exception {
        var response = source.parse(body(Fixtures.webhook("delighted-promoter.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("delighted", "7310517"));
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.comment()).startsWith("Onboarding took one afternoon.");
        assertThat(response.respondent().id()).isEqualTo("cust-3004");
        assertThat(response.respondent().annualValue()).isEqualByComparingTo("64000");
        assertThat(response.respondent().locale()).isEqualTo("en-GB");
        assertThat(source.isUpdate(body(Fixtures.webhook("delighted-promoter.json")))).isFalse();
    }

    @Test
    void propertyNamesAreConfigurableAndMatchedIgnoringCase() throws Exception {
        var fields = new DelightedFields("crm_id", "company", "arr", "language", "relationship-nps");
        var json = """
                {"event_type":"survey_response.created","event_data":{"id":"9","score":8,"created_at":1795256500,
                 "person":{"id":"1","email":"a@b.co","name":"Al B"},
                 "person_properties":{"CRM_ID":"u-7","Company":"c-1","ARR":"1200.50","Language":"pt-BR"}}}
                """;

        var response = new DelightedSource(fields, ReplayWindow.DEFAULT).parse(body(json)).orElseThrow();

        assertThat(response.surveyId()).isEqualTo("relationship-nps");
        assertThat(response.respondent().id()).isEqualTo("u-7");
        assertThat(response.respondent().accountId()).isEqualTo("c-1");
        assertThat(response.respondent().annualValue()).isEqualByComparingTo("1200.50");
        assertThat(response.respondent().locale()).isEqualTo("pt-BR");
    }

    @Test
    void withoutACustomerIdPropertyTheEmailIdentifiesTheRespondent() throws Exception {
        var json = """
                {"event_type":"survey_response.created","event_data":{"id":"9","score":8,"created_at":1795256500,
                 "person":{"id":"1","email":"Jo@Example.com"},"person_properties":null}}
                """;

        var who = source.parse(body(json)).orElseThrow().respondent();

        assertThat(who.id()).isEqualTo("jo@example.com");
        assertThat(who.email()).isEqualTo("Jo@Example.com");
    }

    @Test
    void otherEventsAndOtherSurveyTypesAreIgnored() throws Exception {
        assertThat(source.parse(body("{\"event_type\":\"unsubscribe.created\",\"event_data\":{\"person_id\":\"5428\"}}"))).isEmpty();
        var csat = Fixtures.webhook("delighted-promoter.json").replace("\"survey_type\": \"nps\"", "\"survey_type\": \"csat\"");
        assertThat(source.parse(body(csat))).isEmpty();
    }

    /** Each row edits one line of the sample: {@code from} becomes {@code to}, or goes when {@code to} is empty. */
    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "\"score\": 4,|''|event_data.score|is required: a whole number from 0 to 10",
        "\"score\": 4,|\"score\": 11,|event_data.score|must be a whole number from 0 to 10",
        "\"score\": 4,|\"score\": -1,|event_data.score|must be a whole number from 0 to 10",
        "\"score\": 4,|\"score\": \"4\",|event_data.score|must be a whole number from 0 to 10",
        "\"score\": 4,|\"score\": 4.5,|event_data.score|must be a whole number from 0 to 10",
        "\"id\": \"7310452\",|''|event_data.id|is required",
        "\"created_at\": 1795256500,|''|event_data.created_at|is required: seconds since the epoch",
        "\"created_at\": 1795256500,|\"created_at\": \"yesterday\",|event_data.created_at|must be seconds since the epoch",
        "\"created_at\": 1795256500,|\"created_at\": 1795256500.5,|event_data.created_at|must be seconds since the epoch",
        "\"Annual Value\": \"22000\",|\"Annual Value\": \"lots\",|event_data.person_properties.Annual Value|must be a non-negative number",
        "\"Locale\": \"cs\",|\"Locale\": \"Czech please\",|event_data.person_properties.Locale|must be a language tag such as en, es or pt-BR",
        "\"Account\": \"acct-initech\",|\"Account\": [\"acct-initech\"],|event_data.person_properties.Account|must be a string",
        "\"email\": \"tomas.novak@example.com\",|\"email\": \"nope\",|event_data.person.email|must be an email address",
    })
    void namesWhatIsWrong(String from, String to, String field, String message) {
        var sample = Fixtures.webhook("delighted-detractor.json");
        assertThat(sample).contains(from);
        var json = sample.replace(from, to);

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e ->
                        assertThat(e.violations()).containsExactly(new Violation(field, message)));
    }

    @Test
    void aMissingEventTypeOrEventDataIsNamed() {
        assertThatThrownBy(() -> source.parse(body("{\"event_data\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("event_type", "is required")));
        assertThatThrownBy(() -> source.parse(body("{\"event_type\":\"survey_response.created\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("event_data", "is required")));
    }

    @Test
    void acceptsItsOwnSignatureOverTheRawBody() {
        var sample = Fixtures.webhook("delighted-detractor.json");

        assertThat(source.verify(signed(sample, API_KEY), API_KEY, NOW)).isEqualTo(Verification.VALID);
    }

    @Test
    void rejectsATamperedBodyAnotherKeyAndBadHeaders() {
        var sample = Fixtures.webhook("delighted-detractor.json");
        var request = signed(sample, API_KEY);
        var tampered = new WebhookRequest(
                Map.of("x-delighted-webhook-signature", request.header("x-delighted-webhook-signature").orElseThrow()),
                sample.replace("\"score\": 4", "\"score\": 10").getBytes(StandardCharsets.UTF_8));
        var bytes = sample.getBytes(StandardCharsets.UTF_8);

        assertThat(source.verify(tampered, API_KEY, NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature does not match the body");
        assertThat(source.verify(request, "another-api-key", NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature does not match the body");
        assertThat(source.verify(new WebhookRequest(Map.of(), bytes), API_KEY, NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature header is required");
        assertThat(source.verify(new WebhookRequest(Map.of("X-Delighted-Webhook-Signature", "sha1=abc"), bytes), API_KEY, NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature must start with sha256=");
        assertThat(source.verify(new WebhookRequest(Map.of("X-Delighted-Webhook-Signature", "sha256=not-hex"), bytes), API_KEY, NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature is not hex");
        assertThat(source.verify(new WebhookRequest(Map.of("X-Delighted-Webhook-Signature", "sha256=abcd"), bytes), API_KEY, NOW).problem())
                .isEqualTo("X-Delighted-Webhook-Signature does not match the body");
    }

    @Test
    void anEmptyApiKeyIsAConfigurationError() {
        var request = signed("{}", API_KEY);

        assertThatThrownBy(() -> source.verify(request, " ", NOW)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Vectors computed independently:
     * {@code printf '%s' '{}' | openssl dgst -sha256 -hmac key -hex} and
     * {@code printf '%s' '{"event_type":"survey_response.created"}' | openssl dgst -sha256 -hmac delighted-api-key -hex}.
     */
    @Test
    void signatureMatchesIndependentlyComputedVectors() {
        assertThat(DelightedSource.signature("key", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=a777724d943eb48dc69bca8a4a6d57a04db3f9ec7e1de4e581e860265bdf3032");
        assertThat(DelightedSource.signature("delighted-api-key",
                        "{\"event_type\":\"survey_response.created\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=15fd80ab6c9a6dac2346edb4876d4b540cdd04ede41280b05c9e4c1566e40bcf");
    }

    @Test
    void upperCaseHexIsAccepted() {
        var bytes = "{}".getBytes(StandardCharsets.UTF_8);
        var header = "sha256=" + "a777724d943eb48dc69bca8a4a6d57a04db3f9ec7e1de4e581e860265bdf3032".toUpperCase();

        assertThat(source.verify(new WebhookRequest(Map.of("X-Delighted-Webhook-Signature", header), bytes), "key", NOW).valid())
                .isTrue();
    }

    @Test
    void theVersionTimeMustBeRecent() {
        // updated_at 1795256801 is 2026-11-21T10:26:41Z, five minutes after the score (created_at).
        var updated = signed(Fixtures.webhook("delighted-detractor-updated.json"), API_KEY);

        assertThat(source.verify(updated, API_KEY, NOW).valid()).isTrue();
        assertThat(source.verify(updated, API_KEY, NOW.plus(java.time.Duration.ofDays(3))).problem())
                .startsWith("event_data.updated_at is more than 72 hours away from now");
    }

    @Test
    void readsZulipsCapturedUpdateWithoutSurveyTypeAndWithNullPersonProperties() throws Exception {
        var response = source.parse(body(Fixtures.webhook("delighted-response-5435.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("delighted", "5435"));
        assertThat(response.surveyId()).isEqualTo("delighted");
        assertThat(response.score().value()).isEqualTo(5);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isEqualTo("Your service is slow, but nearly flawless! Keep up the good work!");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2016-12-24T14:23:29Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("paul_gravis@example.com");
        assertThat(who.email()).isEqualTo("paul_gravis@example.com");
        assertThat(who.name()).isEqualTo("Paul Gravis");
        assertThat(who.accountId()).isNull();
        assertThat(who.annualValue()).isNull();
        assertThat(source.isUpdate(body(Fixtures.webhook("delighted-response-5435.json")))).isTrue();
    }

    @Test
    void readsDelightedsDocumentedExampleWithItsAdditionalAnswers() throws Exception {
        var response = source.parse(body(Fixtures.webhook("delighted-response-5435-updated.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("delighted", "5435"));
        assertThat(response.score().value()).isEqualTo(9);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.comment()).isEqualTo("Your service is fast and flawless!");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2024-11-21T11:00:44Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("charlie_gravis@example.com");
        assertThat(who.email()).isEqualTo("charlie_gravis@example.com");
        assertThat(who.name()).isEqualTo("Charlie Gravis");
    }

    @Test
    void theRealPayloadsVerifyOnlyWhenRedatedIntoTheReplayWindow() {
        var tool = Delighted.TOOL;
        for (var name : List.of("delighted-response-5435.json", "delighted-response-5435-updated.json")) {
            var sample = Fixtures.webhook(name);
            var asPublished = signed(sample, API_KEY);
            var fresh = tool.sign(sample.getBytes(StandardCharsets.UTF_8), API_KEY, NOW);

            assertThat(source.verify(asPublished, API_KEY, NOW).valid()).as(name).isFalse();
            assertThat(source.verify(new WebhookRequest(fresh.headers(), fresh.body()), API_KEY, NOW)).as(name)
                    .isEqualTo(Verification.VALID);
        }
    }
}
