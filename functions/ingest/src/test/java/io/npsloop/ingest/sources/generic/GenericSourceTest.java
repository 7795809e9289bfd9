package io.npsloop.ingest.sources.generic;

import io.npsloop.ingest.sources.Verification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericSourceTest {

    private final GenericSource source = new GenericSource(new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE));

    private static WebhookRequest body(String json) {
        return new WebhookRequest(Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheDocumentedSample() throws Exception {
        var response = source.parse(body(Fixtures.webhook("generic-detractor.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("generic", "resp-2026-11-0001"));
        assertThat(response.surveyId()).isEqualTo("relationship-nps-q4");
        assertThat(response.score().value()).isEqualTo(3);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).startsWith("The March invoice");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-20T09:30:00Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-1001");
        assertThat(who.email()).isEqualTo("maria.gomez@example.com");
        assertThat(who.name()).isEqualTo("María Gómez");
        assertThat(who.accountId()).isEqualTo("acct-globex");
        assertThat(who.locale()).isEqualTo("es");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("48000"));
    }

    @Test
    void respondentIsOptionalAndThenAnonymous() throws Exception {
        var response = source.parse(body(
                "{\"responseId\":\"r1\",\"surveyId\":\"s\",\"score\":10,\"submittedAt\":\"2026-11-20T09:30:00+01:00\"}"))
                .orElseThrow();

        assertThat(response.respondent().isAnonymous()).isTrue();
        assertThat(response.respondent().locale()).isEqualTo("en");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-20T08:30:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|responseId|is required",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|is required: a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":11,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|must be a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":-1,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|must be a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":7.5,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|must be a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":\"7\",\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|must be a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":1e400,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|score|must be a whole number from 0 to 10",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"yesterday\"}|submittedAt|must be an ISO-8601 date-time with offset, e.g. 2026-11-20T09:30:00Z",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\",\"respondent\":[]}|respondent|must be an object",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\",\"respondent\":{\"email\":\"nope\"}}|respondent.email|must be an email address",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\",\"respondent\":{\"annualValue\":-5}}|respondent.annualValue|must be a non-negative number",
        "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\",\"respondent\":{\"locale\":\"english please\"}}|respondent.locale|must be a language tag such as en, es or pt-BR",
        "{\"responseId\":42,\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\"}|responseId|must be a string",
        "[1,2,3]|body|must be a JSON object",
        "{\"responseId\":\"r\",\"responseId\":\"r2\"}|body|is not valid JSON: Duplicate field at line 1, column 31",
        "not json|body|is not valid JSON: Unrecognized token at line 1, column 1",
    })
    void namesWhatIsWrong(String json, String field, String message) {
        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e ->
                        assertThat(e.violations()).contains(new Violation(field, message)));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> source.parse(body("{\"score\":\"high\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactly("responseId", "surveyId", "score", "submittedAt"));
    }

    @Test
    void deepNestingIsRejectedBeforeItCostsAnything() {
        var deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThatThrownBy(() -> source.parse(body(deep)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("body", "is not valid JSON: it is nested deeper than 32 levels or has an oversized value")));
    }

    @Test
    void errorsNeverQuoteTheBody() {
        assertThatThrownBy(() -> source.parse(body("{\"responseId\": secret-customer-data}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations().toString())
                        .doesNotContain("secret").doesNotContain("customer"));
    }

    /** The Standard Webhooks specification's own test vector, which every official library checks. */
    private static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String VECTOR_TIMESTAMP = "1614265330";
    private static final String VECTOR_BODY = "{\"test\": 2432232314}";
    private static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static WebhookRequest vector(String body, String signature) {
        return new WebhookRequest(Map.of(
                "webhook-id", VECTOR_ID,
                "webhook-timestamp", VECTOR_TIMESTAMP,
                "webhook-signature", signature), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSpecificationsTestVectorVerifiesAtItsTimestamp() {
        var at = Instant.ofEpochSecond(Long.parseLong(VECTOR_TIMESTAMP));

        assertThat(source.verify(vector(VECTOR_BODY, VECTOR_SIGNATURE), VECTOR_SECRET, at)).isEqualTo(Verification.VALID);
        assertThat(StandardWebhooks.signature(VECTOR_SECRET, VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(VECTOR_SIGNATURE);
        // The libraries also take the secret without its prefix.
        assertThat(source.verify(vector(VECTOR_BODY, VECTOR_SIGNATURE), VECTOR_SECRET.substring("whsec_".length()), at))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void theSpecificationsTestVectorFailsWhenAByteChangesOrOutsideTheTolerance() {
        var at = Instant.ofEpochSecond(Long.parseLong(VECTOR_TIMESTAMP));

        assertThat(source.verify(vector("{\"test\": 2432232315}", VECTOR_SIGNATURE), VECTOR_SECRET, at).valid()).isFalse();
        assertThat(source.verify(vector(VECTOR_BODY, "v1,g0hM9TsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), VECTOR_SECRET, at).valid())
                .isFalse();
        assertThat(source.verify(vector(VECTOR_BODY, VECTOR_SIGNATURE), VECTOR_SECRET, at.plusSeconds(3600)).valid()).isFalse();
    }
}
