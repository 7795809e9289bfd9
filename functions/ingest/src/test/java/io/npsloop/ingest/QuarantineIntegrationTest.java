package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.typeform.Typeform;
import io.npsloop.ingest.sources.typeform.TypeformSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Nothing is lost: rejected webhooks are kept, listed and replayed once the configuration is fixed. */
class QuarantineIntegrationTest {

    private static final String DETRACTOR = Fixtures.webhook("generic-detractor.json");

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;

    @BeforeEach
    void setUp() {
        resources = aws.provision("quarantine-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private IngestFunction function(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", Fixtures.GENERIC_SECRET);
        env.put("WEBHOOK_SECRET_TYPEFORM", Fixtures.TYPEFORM_SECRET);
        env.putAll(overrides);
        return new IngestFunction(new Settings(env));
    }

    private static APIGatewayV2HTTPResponse call(IngestFunction function, String routeKey, Map<String, String> path,
                                                 Map<String, String> headers, String body) {
        return function.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(path)
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false).build(), new LocalContext("ingest"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed(IngestFunction function) throws Exception {
        var answer = call(function, "GET /quarantine", null, null, null);
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return (List<Map<String, Object>>) JSON.std.mapFrom(answer.getBody()).get("requests");
    }

    @Test
    void aWebhookSignedWithASecretWeDidNotHaveYetIsKeptAndReplayedOnceTheSecretIsFixed() throws Exception {
        var wrongSecret = function(Map.of("WEBHOOK_SECRET_GENERIC", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24])));
        var headers = new HashMap<>(Fixtures.genericHeaders(DETRACTOR, "msg_q1", Instant.now()));
        headers.put("authorization", "Bearer must-never-be-kept");

        var rejected = call(wrongSecret, "POST /webhooks/{source}", Map.of("source", "generic"), headers, DETRACTOR);
        assertThat(rejected.getStatusCode()).isEqualTo(401);

        var kept = listed(wrongSecret);
        assertThat(kept).singleElement().satisfies(q -> assertThat(q).containsEntry("source", "generic")
                .containsEntry("status", 401).containsEntry("outcome", "bad-signature").containsEntry("replayable", true));
        var id = (String) kept.get(0).get("id");
        var stored = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().get(0);
        assertThat(stored.get("headers").m()).containsKeys("webhook-signature", "webhook-id").doesNotContainKey("authorization");
        assertThat(stored.get("body").s()).isEqualTo(DETRACTOR);

        // The operator fixes the secret. The signature was made minutes before: judged as of its arrival, it holds.
        var fixed = function(Map.of());
        var replay = call(fixed, "POST /quarantine/{id}/replay", Map.of("id", id), null, null);

        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(replay.getBody())).containsEntry("status", 202).containsEntry("outcome", "accepted");
        var response = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#generic#resp-2026-11-0001"), "sk", AttributeValue.fromS("RESPONSE")))).item();
        assertThat(response.get("followUpStatus").s()).isEqualTo("pending");
        assertThat(listed(fixed)).singleElement().satisfies(q -> assertThat(q).containsEntry("lastReplayStatus", 202));

        var again = call(fixed, "POST /quarantine/{id}/replay", Map.of("id", id), null, null);
        assertThat(JSON.std.mapFrom(again.getBody())).containsEntry("status", 200).containsEntry("outcome", "duplicate");
    }

    @Test
    void aTypeformWithoutAnNpsQuestionIsKeptAndReadOnceTheScoreFieldIsSet() throws Exception {
        // The Braze example with its nps question turned into a plain number: only its 0-10 opinion scales remain.
        var noNps = Fixtures.webhook("typeform-with-nps-beside-opinion-scales.json").replace("\"type\": \"nps\"", "\"type\": \"number\"");
        var body = Typeform.TOOL.redate(noNps.getBytes(StandardCharsets.UTF_8), Instant.now());
        var headers = Map.of("content-type", "application/json", "typeform-signature", TypeformSource.signature(Fixtures.TYPEFORM_SECRET, body));
        var unset = function(Map.of());

        var rejected = call(unset, "POST /webhooks/{source}", Map.of("source", "typeform"), headers, new String(body, StandardCharsets.UTF_8));

        assertThat(rejected.getStatusCode()).isEqualTo(400);
        assertThat(rejected.getBody()).contains("has no nps question; set TYPEFORM_SCORE_FIELD_REF to the ref of the 0-10 question "
                + "(opinion_scale fields here: 5b839dbb-566b-47de-a47e-b0914d9ccf7c, d1ae8537-0d5a-4ca8-bb6b-f8057f04d7e2; "
                + "number fields here: e2c884c1-0d92-4f18-9833-79dff0b3eef2)");
        var kept = listed(unset);
        assertThat(kept).singleElement().satisfies(q -> assertThat(q).containsEntry("source", "typeform")
                .containsEntry("status", 400).containsEntry("outcome", "invalid").containsEntry("replayable", true));
        // The list says what to fix, not only that the body was invalid.
        assertThat((String) kept.get(0).get("reason")).contains("form_response.answers: ").contains("set TYPEFORM_SCORE_FIELD_REF");

        var set = function(Map.of("TYPEFORM_SCORE_FIELD_REF", "5b839dbb-566b-47de-a47e-b0914d9ccf7c"));
        var replay = call(set, "POST /quarantine/{id}/replay", Map.of("id", (String) kept.get(0).get("id")), null, null);

        assertThat(JSON.std.mapFrom(replay.getBody())).containsEntry("status", 202).containsEntry("outcome", "accepted");
        var response = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#typeform#7pctqdoqxg41to97pctqdibhqn6hqvto"), "sk", AttributeValue.fromS("RESPONSE")))).item();
        assertThat(response.get("score").n()).isEqualTo("9");
    }

    @Test
    void aMissingSecretIsAnswered503AndTheRequestIsKeptAllTheSame() throws Exception {
        var unconfigured = function(Map.of("WEBHOOK_SECRET_GENERIC", ""));

        var answer = call(unconfigured, "POST /webhooks/{source}", Map.of("source", "generic"),
                Fixtures.genericHeaders(DETRACTOR, "msg_q2", Instant.now()), DETRACTOR);

        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(listed(unconfigured)).singleElement().satisfies(q -> assertThat(q).containsEntry("outcome", "not-configured"));
    }

    @Test
    void oversizedBodiesAreRecordedButCannotBeReplayed() throws Exception {
        var function = function(Map.of());
        var huge = "{\"comment\":\"" + "x".repeat(70_000) + "\"}";
        call(function, "POST /webhooks/{source}", Map.of("source", "generic"), Fixtures.genericHeaders(huge, "msg_q3", Instant.now()), huge);
        call(function, "POST /webhooks/{source}", Map.of("source", "surveyhero"), Map.of(), "{}");

        var kept = listed(function);
        assertThat(kept).extracting(q -> q.get("outcome")).containsExactlyInAnyOrder("too-large", "unknown-source");
        var tooLarge = kept.stream().filter(q -> q.get("outcome").equals("too-large")).findFirst().orElseThrow();
        assertThat(tooLarge).containsEntry("replayable", false);
        var replay = call(function, "POST /quarantine/{id}/replay", Map.of("id", (String) tooLarge.get("id")), null, null);
        assertThat(replay.getStatusCode()).isEqualTo(409);
        assertThat(call(function, "POST /quarantine/{id}/replay", Map.of("id", "nope"), null, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void acceptedWebhooksAreNotQuarantined() throws Exception {
        var function = function(Map.of());
        call(function, "POST /webhooks/{source}", Map.of("source", "generic"), Fixtures.genericHeaders(DETRACTOR, "msg_q4", Instant.now()), DETRACTOR);

        assertThat(listed(function)).isEmpty();
    }
}
