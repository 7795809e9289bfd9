package io.npsloop.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.config.Settings;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.SnsDelivery;
import io.npsloop.local.StreamEventSource;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Cases and their escalation, through the functions, against DynamoDB Local and the emulated topic. */
class CasesIntegrationTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private Map<String, String> env;
    private CasesFunction cases;

    @BeforeEach
    void setUp() {
        resources = aws.provision("cases-" + UUID.randomUUID().toString().substring(0, 8));
        env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        cases = new CasesFunction(new Settings(env));
    }

    /** A recovery decided {@code hoursAgo} hours ago with a 24-hour SLA. */
    private String storeCase(String responseId, int hoursAgo, String locale) {
        var receivedAt = NOW.minus(Duration.ofHours(hoursAgo));
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "s-1",
                new Respondent("cust-" + responseId, responseId + "@example.com", "Noor " + responseId, "acct-9", locale,
                        new BigDecimal("20000")),
                new Score(2), "Still waiting for the refund", receivedAt.minusSeconds(30));
        var decision = new FollowUpDecision.Contact(Action.RECOVERY, receivedAt.plus(Duration.ofHours(24)), "detractor: service recovery");
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), java.time.Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTier.HIGH, decision, receivedAt), RespondentHistory.NONE);
        return "generic:" + responseId;
    }

    private APIGatewayV2HTTPResponse call(String routeKey, String id, String body, Map<String, String> query) {
        var event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withPathParameters(id == null ? null : Map.of("id", id))
                .withQueryStringParameters(query)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
        return cases.handleRequest(event, new LocalContext("cases"));
    }

    private APIGatewayV2HTTPResponse event(String id, String type) {
        return call("POST /cases/{id}/events", id, "{\"type\":\"" + type + "\",\"by\":\"lee@team.example\",\"note\":\"called, refund issued\"}", null);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.std.mapFrom(response.getBody());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> openCases() throws Exception {
        return (List<Map<String, Object>>) json(call("GET /cases", null, null, null)).get("cases");
    }

    @Test
    void openCasesAreListedSoonestDueFirstAndLeaveTheListWhenResolved() throws Exception {
        var later = storeCase("later", 1, "en");
        var overdue = storeCase("overdue", 30, "en");

        assertThat(openCases()).extracting(c -> c.get("id")).containsExactly(overdue, later);
        assertThat(openCases().get(0)).containsEntry("overdue", true).containsEntry("status", "open")
                .containsEntry("action", "recovery").containsEntry("customerId", "cust-overdue");

        var contacted = event(overdue, "contacted");
        assertThat(contacted.getStatusCode()).isEqualTo(200);
        assertThat(json(contacted)).containsEntry("status", "contacted");
        assertThat(openCases()).extracting(c -> c.get("id")).containsExactly(overdue, later);

        var resolved = event(overdue, "resolved");
        assertThat(json(resolved)).containsEntry("status", "resolved");
        assertThat((List<?>) json(resolved).get("events")).hasSize(2);
        assertThat(openCases()).extracting(c -> c.get("id")).containsExactly(later);
    }

    /** A connector's item for the case, as its ledger leaves it: a claim, then the tool's id and maybe its page. */
    private void connectorItem(String tool, String caseId, String externalId, String url) {
        var item = new HashMap<>(ConnectorItem.key(tool, caseId));
        item.put(Table.TYPE, AttributeValue.fromS(ConnectorItem.TYPE));
        item.put(ConnectorItem.ATTEMPTS, AttributeValue.fromN("1"));
        if (externalId == null) {
            item.put(ConnectorItem.CLAIMED_UNTIL, AttributeValue.fromN(Long.toString(NOW.plusSeconds(60).toEpochMilli())));
        } else {
            item.put(ConnectorItem.EXTERNAL_ID, AttributeValue.fromS(externalId));
        }
        if (url != null) {
            item.put(ConnectorItem.URL, AttributeValue.fromS(url));
        }
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> elsewhere(String id) throws Exception {
        var shown = call("GET /cases/{id}", id, null, null);
        assertThat(shown.getStatusCode()).isEqualTo(200);
        return (List<Map<String, Object>>) json(shown).get("elsewhere");
    }

    @Test
    void oneCaseSaysWhereElseItIsWorkedAndAListNever() throws Exception {
        var none = storeCase("none", 1, "en");
        var one = storeCase("one", 1, "en");
        var both = storeCase("both", 1, "en");
        var claimed = storeCase("claimed", 1, "en");
        connectorItem("zendesk", one, "123", "https://acme.zendesk.com/agent/tickets/123");
        connectorItem("hubspot", both, "51003", null);
        connectorItem("zendesk", both, "124", "https://acme.zendesk.com/agent/tickets/124");
        // Claimed, the tool not answered yet: there may never be a ticket.
        connectorItem("zendesk", claimed, null, null);
        // Only a web address is linked to.
        connectorItem("hubspot", claimed, "51004", "javascript:alert(1)");

        assertThat(elsewhere(none)).isEmpty();
        assertThat(elsewhere(one)).containsExactly(
                Map.of("tool", "zendesk", "id", "123", "url", "https://acme.zendesk.com/agent/tickets/123"));
        assertThat(elsewhere(both)).containsExactly(
                Map.of("tool", "zendesk", "id", "124", "url", "https://acme.zendesk.com/agent/tickets/124"),
                Map.of("tool", "hubspot", "id", "51003"));
        assertThat(elsewhere(claimed)).containsExactly(Map.of("tool", "hubspot", "id", "51004"));
        assertThat(openCases()).hasSize(4).allSatisfy(c -> assertThat(c).doesNotContainKey("elsewhere"));
        assertThat(json(event(one, "contacted"))).doesNotContainKey("elsewhere");
    }

    @Test
    void stepsOutOfOrderUnknownCasesAndBadBodiesAreRefusedWithTheReason() throws Exception {
        var id = storeCase("c1", 1, "en");

        var skipped = event(id, "resolved");
        assertThat(skipped.getStatusCode()).isEqualTo(409);
        assertThat((String) json(skipped).get("detail")).startsWith("A open case cannot take a 'resolved' event.");
        assertThat(event("generic:nope", "contacted").getStatusCode()).isEqualTo(404);
        assertThat(event("no-colon", "contacted").getStatusCode()).isEqualTo(404);
        var bad = call("POST /cases/{id}/events", id, "{\"type\":\"fixed\"}", null);
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(json(bad).get("errors")).asList().hasSize(2);
        assertThat(call("GET /cases", null, null, Map.of("limit", "0")).getStatusCode()).isEqualTo(400);
        var unknownAction = call("GET /cases", null, null, Map.of("action", "upsell"));
        assertThat(unknownAction.getStatusCode()).isEqualTo(400);
        assertThat((String) json(unknownAction).get("detail")).isEqualTo("action must be one of recovery, referral, nurture.");
        assertThat(call("GET /cases/{id}", id, null, null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void overdueOpenCasesAreEscalatedExactlyOnceEvenByConcurrentRuns() throws Exception {
        var overdue = storeCase("late", 30, "es");
        var alsoOverdue = storeCase("late2", 26, "en");
        storeCase("fine", 2, "en");
        var resolvedLate = storeCase("done", 40, "en");
        event(resolvedLate, "contacted");
        event(resolvedLate, "resolved");

        var pool = Executors.newFixedThreadPool(4);
        var escalated = new ArrayList<Integer>();
        try {
            var runs = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 4; i++) {
                var function = new EscalationFunction(new Settings(env), Clock.fixed(NOW, ZoneOffset.UTC));
                runs.add(() -> function.handleRequest(new ScheduledEvent(), new LocalContext("escalation")).get("escalated"));
            }
            for (Future<Integer> f : pool.invokeAll(runs)) {
                escalated.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(escalated.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);

        var dispatch = new DispatchFunction(new Settings(env));
        try (var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            stream.drain(Duration.ofMillis(300));
        }
        var delivered = aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body())).toList();
        var escalations = delivered.stream().filter(d -> "escalation".equals(d.attributes().get("action"))).toList();
        assertThat(escalations).extracting(d -> d.attributes().get("followUpId")).containsExactlyInAnyOrder(overdue, alsoOverdue);
        assertThat(escalations).filteredOn(d -> d.attributes().get("followUpId").equals(overdue)).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("[NPS Escalamiento] Recuperacion vencida: Noor late");
            assertThat(d.json()).containsEntry("action", "escalation").containsEntry("escalates", "recovery");
        });
        assertThat(json(call("GET /cases/{id}", overdue, null, null))).containsKey("escalatedAt");

        var again = new EscalationFunction(new Settings(env), Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        assertThat(again).containsEntry("escalated", 0);
    }
}
