package io.npsloop.ingest.sources.formbricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.ingest.Fixtures;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormbricksSourceTest {

    static final String SECRET = "whsec_bG9jYWwtb25seS1mb3JtYnJpY2tzLXNpZ25pbmcta2V5";
    static final String NPS_QUESTION = "rn3kq8x2v7m1c4b9z6t0w5ya";
    static final String REASON_QUESTION = "ox9d4f1s6g3h8j2k5l0p7qzu";
    private static final Instant NOW = Instant.parse("2026-11-21T08:15:00Z");
    private static final FormbricksFields FIELDS =
            FormbricksFields.DEFAULTS.withQuestions(List.of(NPS_QUESTION), List.of(REASON_QUESTION));
    private final FormbricksSource source =
            new FormbricksSource(new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE), FIELDS);

    private static WebhookRequest body(String json) {
        return new WebhookRequest(Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(String json, String id, Instant sentAt) {
        var timestamp = Long.toString(sentAt.getEpochSecond());
        return Map.of(
                "webhook-id", id,
                "webhook-timestamp", timestamp,
                "webhook-signature", FormbricksSource.signature(SECRET, id, timestamp, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheSampleAnswersAndContactAttributes() throws Exception {
        var response = source.parse(body(Fixtures.webhook("formbricks-detractor.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("formbricks", "cm3qa7n0r000bl70h5jw3e8kd"));
        assertThat(response.surveyId()).isEqualTo("cm2x1v4fa0001qk9z7m3ptr2e");
        assertThat(response.score().value()).isEqualTo(2);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isEqualTo("Since the last update the invoices arrive without the VAT number.");
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-21T08:14:52.907Z"));
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-3002");
        assertThat(who.email()).isEqualTo("lena.fischer@example.com");
        assertThat(who.name()).isEqualTo("Lena Fischer");
        assertThat(who.accountId()).isEqualTo("acct-cyberdyne");
        assertThat(who.annualValue()).isEqualByComparingTo(new BigDecimal("9500"));
        assertThat(who.locale()).isEqualTo("de");
    }

    @Test
    void withoutAContactHiddenFieldsAndTheSurveyLanguageIdentifyTheRespondent() throws Exception {
        var response = source.parse(body(Fixtures.webhook("formbricks-promoter.json"))).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("formbricks", "cm3qc2t5y000hl70h8ds1k4vn"));
        assertThat(response.score().value()).isEqualTo(9);
        assertThat(response.category()).isEqualTo(Category.PROMOTER);
        assertThat(response.comment()).isEqualTo("The new dashboard saves me an hour every Monday.");
        var who = response.respondent();
        assertThat(who.id()).isEqualTo("cust-3005");
        assertThat(who.email()).isEqualTo("ana.souza@example.com");
        assertThat(who.name()).isEqualTo("Ana Souza");
        assertThat(who.locale()).isEqualTo("pt-BR");
        assertThat(who.annualValue()).isNull();
    }

    @Test
    void theContactsUserIdAndThenTheEmailStandInForAMissingCustomerIdAttribute() throws Exception {
        var withContact = """
                {"event":"responseFinished","data":{"id":"r1","surveyId":"s","updatedAt":"2026-11-21T08:14:52Z",
                 "finished":true,"contact":{"id":"c1","userId":"u-9"},"contactAttributes":{"email":"jo@example.com"},
                 "data":{"%s":7}}}
                """.formatted(NPS_QUESTION);
        var emailOnly = withContact.replace("\"contact\":{\"id\":\"c1\",\"userId\":\"u-9\"}", "\"contact\":null");

        assertThat(source.parse(body(withContact)).orElseThrow().respondent().id()).isEqualTo("u-9");
        assertThat(source.parse(body(emailOnly)).orElseThrow().respondent().id()).isEqualTo("jo@example.com");
    }

    @Test
    void anyOfSeveralConfiguredQuestionIdsCounts() throws Exception {
        var fields = FormbricksFields.DEFAULTS.withQuestions(List.of("nps-q1", "nps-q2"), List.of());
        var json = """
                {"event":"responseFinished","data":{"id":"r1","surveyId":"s","createdAt":"2026-11-21T08:14:09Z",
                 "finished":true,"data":{"nps-q2":10,"why":"fast"}}}
                """;

        var response = new FormbricksSource(new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE), fields)
                .parse(body(json)).orElseThrow();

        assertThat(response.score().value()).isEqualTo(10);
        assertThat(response.comment()).isNull();
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2026-11-21T08:14:09Z"));
        assertThat(response.respondent().isAnonymous()).isTrue();
    }

    @Test
    void blankQuestionIdsFromASettingAreDropped() {
        var fields = FormbricksFields.DEFAULTS.withQuestions(List.of(" nps-q1 ", "", "  "), List.of(","));

        assertThat(fields.scoreQuestionIds()).containsExactly("nps-q1");
        assertThat(fields.commentQuestionIds()).containsExactly(",");
    }

    @Test
    void withoutAConfiguredQuestionIdTheErrorSaysWhy() {
        var unconfigured = new FormbricksSource(new StandardWebhooks(StandardWebhooks.DEFAULT_TOLERANCE), FormbricksFields.DEFAULTS);

        assertThatThrownBy(() -> unconfigured.parse(body(Fixtures.webhook("formbricks-detractor.json"))))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations()).containsExactly(
                        new Violation("data.data", "cannot tell which answer is the NPS score: Formbricks webhooks carry no "
                                + "question types, so the NPS question id must be configured")));
    }

    @Test
    void anUnfinishedResponseWithoutTheScoreYetIsIgnoredButAFinishedOneIsAnError() throws Exception {
        var partial = """
                {"event":"responseCreated","data":{"id":"r1","surveyId":"s","createdAt":"2026-11-21T08:14:09Z",
                 "finished":false,"data":{"%s":"Too slow"}}}
                """.formatted(REASON_QUESTION);
        var finished = partial.replace("responseCreated", "responseFinished").replace("\"finished\":false", "\"finished\":true");

        assertThat(source.parse(body(partial))).isEmpty();
        assertThatThrownBy(() -> source.parse(body(finished)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("data.data", "has no answer to the NPS question '" + NPS_QUESTION + "'")));
    }

    @Test
    void anUnfinishedResponseWithTheScoreIsRead() throws Exception {
        var json = Fixtures.webhook("formbricks-detractor.json")
                .replace("\"event\": \"responseFinished\"", "\"event\": \"responseCreated\"")
                .replace("\"finished\": true", "\"finished\": false");

        assertThat(source.parse(body(json)).orElseThrow().score().value()).isEqualTo(2);
    }

    @Test
    void laterEventsAreUpdates() throws Exception {
        var sample = Fixtures.webhook("formbricks-detractor.json");

        assertThat(source.isUpdate(body(sample))).isTrue();
        assertThat(source.isUpdate(body(sample.replace("responseFinished", "responseUpdated")))).isTrue();
        assertThat(source.isUpdate(body(sample.replace("responseFinished", "responseCreated")))).isFalse();
    }

    @Test
    void otherEventsAreIgnored() throws Exception {
        assertThat(source.parse(body("{\"event\":\"testEndpoint\",\"data\":{}}"))).isEmpty();
    }

    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "\"rn3kq8x2v7m1c4b9z6t0w5ya\": 2,|\"rn3kq8x2v7m1c4b9z6t0w5ya\": 12,|data.data.rn3kq8x2v7m1c4b9z6t0w5ya|must be a whole number from 0 to 10",
        "\"rn3kq8x2v7m1c4b9z6t0w5ya\": 2,|\"rn3kq8x2v7m1c4b9z6t0w5ya\": -3,|data.data.rn3kq8x2v7m1c4b9z6t0w5ya|must be a whole number from 0 to 10",
        "\"rn3kq8x2v7m1c4b9z6t0w5ya\": 2,|\"rn3kq8x2v7m1c4b9z6t0w5ya\": \"two\",|data.data.rn3kq8x2v7m1c4b9z6t0w5ya|must be a whole number from 0 to 10",
        "\"rn3kq8x2v7m1c4b9z6t0w5ya\": 2,|''|data.data|has no answer to the NPS question 'rn3kq8x2v7m1c4b9z6t0w5ya'",
        "\"id\": \"cm3qa7n0r000bl70h5jw3e8kd\",|''|data.id|is required",
        "\"surveyId\": \"cm2x1v4fa0001qk9z7m3ptr2e\",|''|data.surveyId|is required",
        "\"updatedAt\": \"2026-11-21T08:14:52.907Z\",|\"updatedAt\": \"late morning\",|data.updatedAt|must be an ISO-8601 date-time with offset, e.g. 2026-11-20T09:30:00Z",
        "\"email\": \"lena.fischer@example.com\",|\"email\": \"lena\",|data.contactAttributes.email|must be an email address",
        "\"annualValue\": \"9500\"|\"annualValue\": \"a lot\"|data.contactAttributes.annualValue|must be a non-negative number",
        "\"contactAttributes\": {|\"contactAttributes\": [], \"x\": {|data.contactAttributes|must be an object",
    })
    void namesWhatIsWrong(String from, String to, String field, String message) {
        var sample = Fixtures.webhook("formbricks-detractor.json");
        assertThat(sample).contains(from);
        var json = sample.replace(from, to);

        assertThatThrownBy(() -> source.parse(body(json)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e ->
                        assertThat(e.violations()).containsExactly(new Violation(field, message)));
    }

    @Test
    void aMissingEventOrResponseIsNamed() {
        assertThatThrownBy(() -> source.parse(body("{\"data\":{}}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("event", "is required")));
        assertThatThrownBy(() -> source.parse(body("{\"event\":\"responseFinished\"}")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("data", "is required")));
    }

    @Test
    void acceptsAStandardWebhooksSignatureAndRejectsTampering() {
        var sample = Fixtures.webhook("formbricks-detractor.json");
        var headers = headers(sample, "cm3qa7n0r000bl70h5jw3e8kd-1", NOW);
        var bytes = sample.getBytes(StandardCharsets.UTF_8);

        assertThat(source.verify(new WebhookRequest(headers, bytes), SECRET, NOW)).isEqualTo(Verification.VALID);
        assertThat(source.verify(new WebhookRequest(headers, sample.replace("\": 2,", "\": 10,").getBytes(StandardCharsets.UTF_8)), SECRET, NOW).problem())
                .isEqualTo("webhook-signature does not match the body");
        assertThat(source.verify(new WebhookRequest(headers, bytes), "whsec_" + "YW5vdGhlci1rZXk=", NOW).problem())
                .isEqualTo("webhook-signature does not match the body");
        assertThat(source.verify(new WebhookRequest(Map.of(), bytes), SECRET, NOW).problem())
                .isEqualTo("webhook-id, webhook-timestamp and webhook-signature headers are required");
        var garbled = new HashMap<>(headers);
        garbled.put("webhook-signature", "v1,%%%not-base64");
        assertThat(source.verify(new WebhookRequest(garbled, bytes), SECRET, NOW).problem())
                .isEqualTo("webhook-signature does not match the body");
        var stale = headers(sample, "m1", NOW.minus(Duration.ofMinutes(6)));
        assertThat(source.verify(new WebhookRequest(stale, bytes), SECRET, NOW).problem()).contains("replayed");
    }

    /**
     * Vector computed independently:
     * {@code printf '%s' '019ba292-c1f6-7618-aaf2-ecf8e39d1cc7.1704547200.{"event":"responseFinished"}'
     * | openssl dgst -sha256 -hmac formbricks-test-key -binary | base64}, the key being the base64 after whsec_.
     */
    @Test
    void signatureMatchesAnIndependentlyComputedVector() {
        var secret = "whsec_Zm9ybWJyaWNrcy10ZXN0LWtleQ==";

        assertThat(FormbricksSource.signature(secret, "019ba292-c1f6-7618-aaf2-ecf8e39d1cc7", "1704547200",
                        "{\"event\":\"responseFinished\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,SkdIWRF/JDPLdoZRhMsBXFd09+U4Puawv7c/l9b1Ygo=");
    }

    @Test
    void formbricksDocumentedExampleInItsArrayIsReadAndTurnedAwayForItsMissingNpsAnswer() throws Exception {
        var request = body(Fixtures.webhook("formbricks-docs-response-finished-rejected.json"));

        assertThat(source.isUpdate(request)).isTrue();
        assertThatThrownBy(() -> source.parse(request))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo("data.data");
                            assertThat(v.message()).startsWith("has no answer to the NPS question").contains(NPS_QUESTION);
                        }));
    }

    @Test
    void anArrayOfMoreThanOneDeliveryIsNoDelivery() {
        var one = Fixtures.webhook("formbricks-detractor.json");

        assertThatThrownBy(() -> source.parse(body("[" + one + "," + one + "]")))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("body", "must be a JSON object")));
    }

    @Test
    void anUnfinishedCapturedDeliveryOfTheOlderPersonShapeIsIgnoredUntilItsScoreComes() throws Exception {
        var captured = Fixtures.webhook("ignored/formbricks-issue-1244-response-created.json");

        assertThat(source.parse(body(captured))).isEmpty();
        assertThat(source.isUpdate(body(captured))).isFalse();
    }

    @Test
    void theOlderPersonAttributesIdentifyTheRespondent() throws Exception {
        // The captured delivery with its NPS answer given and the person attributes issue #516 shows.
        var answered = Fixtures.webhook("ignored/formbricks-issue-1244-response-created.json")
                .replace("\"finished\":false", "\"finished\":true")
                .replace("\"personAttributes\":null", "\"personAttributes\":{\"email\":\"jo@example.com\",\"userId\":\"cust-9001\"}")
                .replace("\"person\":null", "\"person\":{\"id\":\"clnp9\",\"attributes\":{}}")
                .replace("\"yz51gn52erhqn269lkz29l22\":\"name\"", "\"" + NPS_QUESTION + "\":6");

        var response = source.parse(body(answered)).orElseThrow();

        assertThat(response.key()).isEqualTo(new ResponseKey("formbricks", "clntxxx9ju"));
        assertThat(response.surveyId()).isEqualTo("clnt2l9tlxxxxx44");
        assertThat(response.score().value()).isEqualTo(6);
        assertThat(response.category()).isEqualTo(Category.DETRACTOR);
        assertThat(response.comment()).isNull();
        assertThat(response.submittedAt()).isEqualTo(Instant.parse("2023-10-16T20:33:22.474Z"));
        assertThat(response.respondent().id()).isEqualTo("cust-9001");
        assertThat(response.respondent().email()).isEqualTo("jo@example.com");
    }

    @Test
    void aBadOlderPersonAttributeIsNamedWhereItIs() {
        var answered = Fixtures.webhook("ignored/formbricks-issue-1244-response-created.json")
                .replace("\"personAttributes\":null", "\"personAttributes\":{\"email\":\"not an address\"}")
                .replace("\"yz51gn52erhqn269lkz29l22\":\"name\"", "\"" + NPS_QUESTION + "\":6");

        assertThatThrownBy(() -> source.parse(body(answered)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("data.personAttributes.email"));
    }
}
