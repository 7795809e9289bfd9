package io.npsloop.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.WebhookReceiver;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.Violation;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What fuzzing found, kept as plain tests; the crashing inputs themselves are seeds of the fuzz
 * tests too. Numbers with huge exponents took minutes or all memory to write out, amounts past 38
 * digits made the table refuse the write (a 503 the sender retries for ever), and an empty
 * signing key escaped intake as an exception instead of a 503 not-configured.
 */
class FuzzFindingsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(2);

    private static Violation onlyViolation(WebhookSource source, String body) {
        var request = new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8));
        var thrown = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(InvalidPayloadException.class, () -> source.parse(request)));
        assertThat(thrown.violations()).hasSize(1);
        return thrown.violations().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E-999999999", "1e999999999", "1e201"})
    void aCustomFieldNumberTooLongToWriteOutIsRejectedWithoutWritingIt(String number) {
        var asknicely = "{\"question\":{\"id\":\"1\",\"score\":\"5\",\"responded\":1795248892},"
                + "\"person\":{\"customer_id_c\":" + number + "}}";
        var delighted = "{\"event_type\":\"survey_response.created\",\"event_data\":{\"id\":\"1\",\"score\":5,"
                + "\"created_at\":1795193070,\"person_properties\":{\"Customer ID\":" + number + "}}}";
        var formbricks = "{\"event\":\"responseFinished\",\"data\":{\"id\":\"r\",\"surveyId\":\"s\","
                + "\"createdAt\":\"2026-11-21T08:14:09Z\",\"data\":{\"" + FuzzSources.NPS_QUESTION + "\":5},"
                + "\"contactAttributes\":{\"userId\":" + number + "}}}";

        assertThat(onlyViolation(FuzzSources.ASKNICELY, asknicely))
                .isEqualTo(new Violation("person.customer_id_c", "must be at most 200 characters"));
        assertThat(onlyViolation(FuzzSources.DELIGHTED, delighted))
                .isEqualTo(new Violation("event_data.person_properties.Customer ID", "must be at most 200 characters"));
        assertThat(onlyViolation(FuzzSources.FORMBRICKS, formbricks))
                .isEqualTo(new Violation("data.contactAttributes.userId", "must be at most 200 characters"));
    }

    @Test
    void aCustomFieldNumberThatFitsIsStillWrittenOutPlainly() throws Exception {
        var body = "{\"question\":{\"id\":\"1\",\"score\":\"5\",\"responded\":1795248892},\"person\":{\"customer_id_c\":3.1e3}}";

        var response = FuzzSources.ASKNICELY.parse(new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8)));

        assertThat(response.orElseThrow().respondent().id()).isEqualTo("3100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1e1000000\"", "\"1e-1000000\"", "1e400", "\"1000000000000000000\"",
        "\"0.000000000000000000001\"", "123456789012345678901234567890123456789012"})
    void anAnnualValueBeyondWhatTheTableHoldsIsRejected(String amount) {
        var typeform = "{\"form_response\":{\"token\":\"t\",\"form_id\":\"f\",\"submitted_at\":\"2026-11-21T15:20:48Z\","
                + "\"hidden\":{\"annual_value\":" + amount + "},"
                + "\"answers\":[{\"type\":\"number\",\"number\":9,\"field\":{\"type\":\"nps\"}}]}}";

        assertThat(onlyViolation(FuzzSources.TYPEFORM, typeform)).isEqualTo(new Violation(
                "form_response.hidden.annual_value", "must be below 10^18 with at most 20 decimals"));
    }

    @Test
    void anAmountStringLongerThanAJsonNumberMayBeIsNoNumber() {
        var typeform = "{\"form_response\":{\"token\":\"t\",\"form_id\":\"f\",\"submitted_at\":\"2026-11-21T15:20:48Z\","
                + "\"hidden\":{\"annual_value\":\"1." + "0".repeat(60_000) + "\"},"
                + "\"answers\":[{\"type\":\"number\",\"number\":9,\"field\":{\"type\":\"nps\"}}]}}";

        assertThat(onlyViolation(FuzzSources.TYPEFORM, typeform))
                .isEqualTo(new Violation("form_response.hidden.annual_value", "must be a non-negative number"));
    }

    @Test
    void theLargestAnnualValueTheTableHoldsIsAccepted() throws Exception {
        var largest = "999999999999999999.99999999999999999999";
        var body = "{\"responseId\":\"r\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\","
                + "\"respondent\":{\"id\":\"c\",\"annualValue\":" + largest + "}}";

        var response = FuzzSources.GENERIC.parse(new WebhookRequest(Map.of(), body.getBytes(StandardCharsets.UTF_8)));

        assertThat(response.orElseThrow().respondent().annualValue()).isEqualByComparingTo(new BigDecimal(largest));
    }

    @Test
    void anEmptySigningKeyIsAConfigurationFaultNotACrash() {
        var body = "{}".getBytes(StandardCharsets.UTF_8);
        var genericHeaders = FuzzSources.signedHeaders("generic", body, "msg_1", FuzzSources.NOW);
        var generic = new WebhookRequest(genericHeaders, body);
        var typeform = new WebhookRequest(FuzzSources.signedHeaders("typeform", body, "msg_1", FuzzSources.NOW), body);

        assertThatThrownBy(() -> FuzzSources.GENERIC.verify(generic, "whsec_", FuzzSources.NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FuzzSources.TYPEFORM.verify(typeform, "", FuzzSources.NOW))
                .isInstanceOf(IllegalStateException.class);

        var clock = Clock.fixed(FuzzSources.NOW, ZoneOffset.UTC);
        var intake = new WebhookReceiver(FuzzSources.ALL, source -> Optional.of("whsec_"),
                new ResponseIntake(new RationedPolicy(PolicySettings.DEFAULTS), Budgets.UNLIMITED, ValueTiers.DEFAULT,
                        new InMemoryResponseStore(), clock), 65_536, clock);
        var answer = intake.handle("generic", genericHeaders, "{}", false);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.outcome()).isEqualTo("not-configured");
    }

    @Test
    void anOversizedAnnualValueIsA400FromTheFunctionWithDynamoDbLocalNotA503() {
        var aws = LocalAws.shared();
        var resources = aws.provision("findings-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", FuzzSources.secretFor(FuzzSources.GENERIC));
        var function = new IngestFunction(new Settings(env));
        var body = "{\"responseId\":\"r-42\",\"surveyId\":\"s\",\"score\":3,\"submittedAt\":\"2026-11-20T09:30:00Z\","
                + "\"respondent\":{\"id\":\"c-42\",\"annualValue\":123456789012345678901234567890123456789012}}";
        var headers = new HashMap<>(FuzzSources.signedHeaders(
                "generic", body.getBytes(StandardCharsets.UTF_8), "msg_findings", Instant.now()));
        headers.put("content-type", "application/json");
        var event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath("/webhooks/generic")
                .withPathParameters(Map.of("source", "generic"))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();

        var response = function.handleRequest(event, new LocalContext("ingest"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getBody()).contains("respondent.annualValue");
    }
}
