package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.asknicely.AskNicelyFields;
import io.npsloop.ingest.sources.delighted.DelightedSource;
import io.npsloop.ingest.sources.formbricks.FormbricksSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Delighted, Formbricks and AskNicely through the ingest function against DynamoDB Local: their
 * signature schemes, created-then-updated sequences, and retry storms.
 */
class MoreSourcesIntegrationTest {

    static final String DELIGHTED_KEY = "local-only-delighted-api-key";
    static final String FORMBRICKS_SECRET = "whsec_bG9jYWwtb25seS1mb3JtYnJpY2tzLXNpZ25pbmcta2V5";
    static final String ASKNICELY_TOKEN = "local-only-asknicely-token-7f3a9c";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private IngestFunction function;

    @BeforeEach
    void setUp() {
        resources = aws.provision("sources-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("HOLDOUT_PERCENT", "0");
        env.put("WEBHOOK_SECRET_DELIGHTED", DELIGHTED_KEY);
        env.put("WEBHOOK_SECRET_FORMBRICKS", FORMBRICKS_SECRET);
        env.put("WEBHOOK_SECRET_ASKNICELY", ASKNICELY_TOKEN);
        env.put("FORMBRICKS_NPS_QUESTION_IDS", "rn3kq8x2v7m1c4b9z6t0w5ya");
        env.put("FORMBRICKS_COMMENT_QUESTION_IDS", "ox9d4f1s6g3h8j2k5l0p7qzu");
        function = new IngestFunction(new Settings(env));
    }

    private APIGatewayV2HTTPResponse post(String source, Map<String, String> headers, String body) {
        return function.handleRequest(IngestFunctionIntegrationTest.webhook(source, headers, body), new LocalContext("ingest"));
    }

    private static Map<String, String> delighted(String body) {
        return Map.of("content-type", "application/json",
                "x-delighted-webhook-signature", DelightedSource.signature(DELIGHTED_KEY, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> asknicely(String token) {
        return Map.of("content-type", "application/json", AskNicelyFields.DEFAULT_TOKEN_HEADER, token);
    }

    private static Map<String, String> formbricks(String body, Instant sentAt) {
        var id = "msg_" + UUID.randomUUID();
        var timestamp = Long.toString(sentAt.getEpochSecond());
        return Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                "webhook-signature", FormbricksSource.signature(FORMBRICKS_SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.std.mapFrom(response.getBody());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> followUp(APIGatewayV2HTTPResponse response) throws Exception {
        return (Map<String, Object>) json(response).get("followUp");
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    @Test
    void delightedCommentArrivingLaterUpdatesTheSameResponseWithoutASecondFollowUp() throws Exception {
        var created = Fixtures.fresh("delighted-detractor.json");
        var updated = Fixtures.fresh("delighted-detractor-updated.json");

        var first = post("delighted", delighted(created), created);
        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(followUp(first)).containsEntry("action", "recovery").containsEntry("status", "pending");
        var responseId = (String) json(first).get("responseId");

        var second = post("delighted", delighted(updated), updated);

        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(json(second)).containsEntry("revised", true).containsEntry("responseId", responseId);
        assertThat(followUp(second)).containsEntry("decision", "unchanged").containsEntry("status", "pending");
        var stored = item("RESPONSE#delighted#" + responseId, "RESPONSE");
        assertThat(stored.get("comment").s()).isEqualTo("Exports time out on every report over a month long.");
        assertThat(stored.get("followUpStatus").s()).isEqualTo("pending");
        var state = item("CUSTOMER#cust-3001", "STATE");
        assertThat(state.get("responses").n()).isEqualTo("1");
        assertThat(state.get("detractors").n()).isEqualTo("1");

        assertThat(post("delighted", delighted(updated), updated).getStatusCode()).as("the update retried").isEqualTo(200);
        assertThat(json(post("delighted", delighted(updated), updated))).containsEntry("duplicate", true);
    }

    @Test
    void delightedScoreChangedBeforeTheFollowUpWentOutIsDecidedAgain() throws Exception {
        var created = Fixtures.fresh("delighted-detractor.json");
        var raised = Fixtures.fresh("delighted-detractor-updated.json").replace("\"score\": 4", "\"score\": 8");
        post("delighted", delighted(created), created);

        var revised = post("delighted", delighted(raised), raised);

        assertThat(json(revised)).containsEntry("category", "passive");
        assertThat(followUp(revised)).containsEntry("decision", "decided again").containsEntry("action", "none")
                .containsEntry("status", "none");
        var state = item("CUSTOMER#cust-3001", "STATE");
        assertThat(state.get("detractors").n()).isEqualTo("0");
        assertThat(state.get("passives").n()).isEqualTo("1");
        assertThat(state.get("lastScore").n()).isEqualTo("8");
    }

    @Test
    void aRetryStormOfOneDelightedEventStoresOneResponse() throws Exception {
        var created = Fixtures.fresh("delighted-detractor.json");
        var pool = Executors.newFixedThreadPool(8);
        var statuses = new ArrayList<Integer>();
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 24; i++) {
                calls.add(() -> post("delighted", delighted(created), created).getStatusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(23);
        assertThat(item("CUSTOMER#cust-3001", "STATE").get("responses").n()).isEqualTo("1");
    }

    @Test
    void delightedSignaturesAreChecked() {
        var created = Fixtures.fresh("delighted-detractor.json");

        assertThat(post("delighted", delighted(created), created.replace("\"score\": 4", "\"score\": 10")).getStatusCode()).isEqualTo(401);
        assertThat(post("delighted", Map.of("content-type", "application/json"), created).getStatusCode()).isEqualTo(401);
        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items())
                .allMatch(i -> i.get("pk").s().startsWith("QUARANTINE#"));
    }

    @Test
    void aDelightedVersionOutsideTheReplayWindowIsTurnedAway() throws Exception {
        var created = Fixtures.fresh("delighted-detractor.json");
        long fourDays = java.time.Duration.ofDays(4).toSeconds();
        var stale = java.util.regex.Pattern.compile("\"(created_at|updated_at)\": ([0-9]+)").matcher(created)
                .replaceAll(m -> "\"" + m.group(1) + "\": " + (Long.parseLong(m.group(2)) - fourDays));

        var response = post("delighted", delighted(stale), stale);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("detail").toString()).startsWith("event_data.updated_at is more than 72 hours away from now");
        assertThat(post("delighted", delighted(created), created).getStatusCode()).isEqualTo(202);
    }

    @Test
    void formbricksIsSignedPerStandardWebhooksAndReadsTheConfiguredQuestion() throws Exception {
        var body = Fixtures.webhook("formbricks-detractor.json");

        var accepted = post("formbricks", formbricks(body, Instant.now()), body);
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(json(accepted)).containsEntry("category", "detractor");
        assertThat(item("CUSTOMER#cust-3002", "STATE").get("lastScore").n()).isEqualTo("2");

        var stale = post("formbricks", formbricks(body, Instant.now().minusSeconds(3600)), body);
        assertThat(stale.getStatusCode()).isEqualTo(401);
    }

    @Test
    void askNicelyTokenIsComparedAndASecondCountRevisesTheResponse() throws Exception {
        var created = Fixtures.webhook("asknicely-detractor.json");
        var updated = Fixtures.webhook("asknicely-detractor-updated.json");

        assertThat(post("asknicely", asknicely("wrong-token-wrong-token"), created).getStatusCode()).isEqualTo(401);
        assertThat(post("asknicely", asknicely(ASKNICELY_TOKEN), created).getStatusCode()).isEqualTo(202);

        var revised = post("asknicely", asknicely(ASKNICELY_TOKEN), updated);

        assertThat(revised.getStatusCode()).isEqualTo(200);
        assertThat(json(revised)).containsEntry("revised", true);
        var responses = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("RESPONSE#")).toList();
        assertThat(responses).singleElement().satisfies(i -> assertThat(i.get("comment").s()).startsWith("The mobile app logs me out"));
    }

}
