package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.formbricks.FormbricksSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The webhook URL's other two routes: {@code HEAD}, which SurveyMonkey sends before it creates a
 * webhook, and the opt-in {@code POST /webhooks/{source}/{token}} for Formbricks webhooks that are
 * not signed. The token must show nowhere: not in answers, the quarantine or the logs.
 */
class WebhookUrlRoutesIntegrationTest {

    private static final String TOKEN = "Qm9vdHN0cmFwcGVkLXVybC10b2tlbi1mb3ItdGVzdHM";
    private static final String FORMBRICKS_SECRET = MoreSourcesIntegrationTest.FORMBRICKS_SECRET;
    private static final String PROMOTER = Fixtures.webhook("formbricks-promoter.json");

    private final LocalAws aws = LocalAws.shared();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private LocalAws.Resources resources;

    @BeforeEach
    void setUp() {
        resources = aws.provision("urls-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private IngestFunction function(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", Fixtures.GENERIC_SECRET);
        env.put("WEBHOOK_SECRET_FORMBRICKS", FORMBRICKS_SECRET);
        env.put("FORMBRICKS_NPS_QUESTION_IDS", "rn3kq8x2v7m1c4b9z6t0w5ya");
        env.put("FORMBRICKS_COMMENT_QUESTION_IDS", "ox9d4f1s6g3h8j2k5l0p7qzu");
        env.put("URL_TOKEN_SOURCES", "formbricks");
        env.put("WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN", TOKEN);
        env.putAll(overrides);
        return new IngestFunction(new Settings(env));
    }

    private APIGatewayV2HTTPResponse call(IngestFunction function, String routeKey, Map<String, String> path,
                                          Map<String, String> headers, String body) {
        return function.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(path)
                .withHeaders(headers).withBody(body).withIsBase64Encoded(false).build(),
                new LocalContext("ingest", new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    private APIGatewayV2HTTPResponse postWithToken(IngestFunction function, String source, String token, Map<String, String> headers) {
        return call(function, "POST /webhooks/{source}/{token}", Map.of("source", source, "token", token), headers, PROMOTER);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> quarantined(IngestFunction function) throws Exception {
        var answer = call(function, "GET /quarantine", null, null, null);
        return (List<Map<String, Object>>) JSON.std.mapFrom(answer.getBody()).get("requests");
    }

    private List<Map<String, AttributeValue>> items() {
        return aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items();
    }

    private static Map<String, String> json() {
        return Map.of("content-type", "application/json");
    }

    // ---- HEAD

    @Test
    void headAnswers200WithoutABodyForAKnownSourceAnd404ForAnUnknownOneAndWritesNothing() {
        var function = function(Map.of());

        var known = call(function, "HEAD /webhooks/{source}", Map.of("source", "surveymonkey"), Map.of(), null);
        var unknown = call(function, "HEAD /webhooks/{source}", Map.of("source", "surveyhero"), Map.of(), null);

        assertThat(known.getStatusCode()).isEqualTo(200);
        assertThat(known.getBody()).isEmpty();
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(unknown.getBody()).isEmpty();
        assertThat(items()).as("nothing stored, nothing quarantined").isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8))
                .contains("\"route\":\"HEAD /webhooks/{source}\"", "\"source\":\"surveymonkey\"", "\"outcome\":\"probed\"",
                        "\"outcome\":\"unknown-source\"");
    }

    // ---- URL token

    @Test
    void anUnsignedFormbricksWebhookWithTheRightTokenIsAccepted() throws Exception {
        var function = function(Map.of());

        var answer = postWithToken(function, "formbricks", TOKEN, json());

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(JSON.std.mapFrom(answer.getBody())).containsEntry("source", "formbricks");
        assertThat(answer.getBody()).doesNotContain(TOKEN);
        assertThat(quarantined(function)).isEmpty();
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"route\":\"POST /webhooks/{source}/{token}\"").doesNotContain(TOKEN);
    }

    @Test
    void aLegacyFormbricksWebhookWithIdAndTimestampButNoSignatureIsTakenOnTheToken() {
        var function = function(Map.of());
        var legacy = Map.of("content-type", "application/json", "webhook-id", "msg_" + UUID.randomUUID(),
                "webhook-timestamp", Long.toString(Instant.now().getEpochSecond()));

        assertThat(postWithToken(function, "formbricks", TOKEN, legacy).getStatusCode()).isEqualTo(202);
        assertThat(call(function, "POST /webhooks/{source}", Map.of("source", "formbricks"), legacy, PROMOTER).getStatusCode())
                .as("the same on the plain route").isEqualTo(401);
    }

    @Test
    void aSignatureSentAlongTheTokenIsStillChecked() throws Exception {
        var function = function(Map.of());
        var id = "msg_" + UUID.randomUUID();
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var signed = Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                "webhook-signature", FormbricksSource.signature(FORMBRICKS_SECRET, id, timestamp, PROMOTER.getBytes(StandardCharsets.UTF_8)));
        var forged = new HashMap<>(signed);
        forged.put("webhook-signature", "v1,AAAA");

        assertThat(postWithToken(function, "formbricks", TOKEN, forged).getStatusCode()).isEqualTo(401);
        assertThat(postWithToken(function, "formbricks", TOKEN, signed).getStatusCode()).isEqualTo(202);
    }

    @Test
    void aWrongTokenIs401AndKeptWithThePathRedactedAndCannotBeReplayed() throws Exception {
        var function = function(Map.of());
        var wrong = "x" + TOKEN.substring(1);

        var answer = postWithToken(function, "formbricks", wrong, json());

        assertThat(answer.getStatusCode()).isEqualTo(401);
        assertThat(JSON.std.mapFrom(answer.getBody()).get("detail").toString()).contains("token in the URL");
        assertThat(answer.getBody()).doesNotContain(wrong).doesNotContain(TOKEN);
        var kept = quarantined(function);
        assertThat(kept).singleElement().satisfies(q -> assertThat(q).containsEntry("outcome", "bad-token")
                .containsEntry("path", "/webhooks/formbricks/[url-token]").containsEntry("replayable", false));
        var replay = call(function, "POST /quarantine/{id}/replay", Map.of("id", (String) kept.get(0).get("id")), null, null);
        assertThat(replay.getStatusCode()).isEqualTo(409);
        assertThat(items().toString()).as("the table").doesNotContain(wrong).doesNotContain(TOKEN);
        assertThat(logs.toString(StandardCharsets.UTF_8)).as("the logs").doesNotContain(wrong).doesNotContain(TOKEN);
    }

    @Test
    void aTokenShorterThan32CharactersIsNeverUsed() throws Exception {
        var shortToken = "only-thirty-one-characters-long";
        assertThat(shortToken).hasSize(31);
        var function = function(Map.of("WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN", shortToken));

        var answer = postWithToken(function, "formbricks", shortToken, json());

        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(answer.getBody()).contains("shorter than 32", "WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN").doesNotContain(shortToken);
        assertThat(quarantined(function)).singleElement().satisfies(q -> assertThat(q).containsEntry("outcome", "not-configured"));
    }

    @Test
    void anEnabledSourceWithoutATokenConfiguredIs503NamingWhereToPutIt() {
        var function = function(Map.of("WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN", ""));

        var answer = postWithToken(function, "formbricks", TOKEN, json());

        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(answer.getBody()).contains("formbricks-url-token", "WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN");
    }

    @Test
    void withoutTheTokenThePlainRouteStillWantsTheSignature() {
        var function = function(Map.of());

        var answer = call(function, "POST /webhooks/{source}", Map.of("source", "formbricks"), json(), PROMOTER);

        assertThat(answer.getStatusCode()).isEqualTo(401);
    }

    @Test
    void whereTheTokenRouteIsOffItAnswersAsForAnUnknownSourceAndKeepsTheRequest() throws Exception {
        var off = function(Map.of("URL_TOKEN_SOURCES", ""));

        var disabled = postWithToken(off, "formbricks", TOKEN, json());
        var unknown = postWithToken(off, "surveyhero", TOKEN, json());
        var notEnabledThere = postWithToken(function(Map.of()), "generic", TOKEN, json());

        assertThat(disabled.getStatusCode()).isEqualTo(404);
        assertThat(disabled.getBody()).as("indistinguishable from an unknown source").isEqualTo(unknown.getBody())
                .isEqualTo(notEnabledThere.getBody()).contains("URL_TOKEN_SOURCES").doesNotContain(TOKEN);
        assertThat(quarantined(off)).hasSize(3).allSatisfy(q -> assertThat(q).containsEntry("outcome", "unknown-source")
                .containsEntry("replayable", false));
        assertThat(items().toString()).doesNotContain(TOKEN);
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(TOKEN);
    }

    @Test
    void aMisspeltSourceInTheSettingStopsTheFunctionFromStarting() {
        assertThatThrownBy(() -> function(Map.of("URL_TOKEN_SOURCES", "formbrick")))
                .hasMessageContaining("URL_TOKEN_SOURCES").hasMessageContaining("formbrick");
    }
}
