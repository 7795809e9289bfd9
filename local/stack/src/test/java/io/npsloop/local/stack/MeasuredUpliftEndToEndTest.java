package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.report.UpliftFunction;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.UpliftItem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rationing on measured uplift through the local parts: low-tier detractors go through the
 * webhook route into both arms, their churn is posted as outcomes, the stream keeps the counters,
 * the schedule's handler estimates from them, and the ingest function, reading its item, stops
 * contacting the tier whose holdout churned as much as its treated arm, saying so on each decision.
 */
class MeasuredUpliftEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        var data = Files.createTempDirectory("local-data");
        stack = LocalStack.start(LocalAws.shared(), "uplift-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", data.toString(), "UPLIFT_SOURCE", "measured", "HOLDOUT_PERCENT", "50",
                        "HOLDOUT_FLOOR_PERCENT", "50", "EXPLORATION_PERCENT", "0", "UPLIFT_CACHE_SECONDS", "1"),
                new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void contactsShiftAwayFromATierWhoseHoldoutShowsNoUpliftAndEachDecisionRecordsTheMeasuredUplift() throws Exception {
        // Worth 600 a year: 30 expected at the configured 5%, above the cost of 25, so the tier is contacted at first.
        var first = new ArrayList<String>();
        for (int i = 0; i < 120; i++) {
            first.add(detractor("low-" + i, 600));
        }
        var firstStatuses = statuses(first);
        assertThat(firstStatuses.get("pending") + firstStatuses.get("sent")).isGreaterThan(30);
        assertThat(firstStatuses.get("holdout")).isGreaterThan(30);
        assertThat(origins(first)).containsOnly("configured");

        // Every other customer of each arm churns: the holdout churns exactly as much as the treated arm.
        var byArm = new HashMap<String, List<String>>();
        for (var id : first) {
            byArm.computeIfAbsent(Table.arm(item(id)), a -> new ArrayList<>()).add(id);
        }
        var events = new ArrayList<String>();
        for (var customers : byArm.values()) {
            for (int i = 0; i < customers.size(); i += 2) {
                events.add("{\"eventId\":\"churn-" + customers.get(i) + "\",\"customerId\":\"cust-" + customers.get(i)
                        + "\",\"type\":\"churned\",\"occurredAt\":\"" + java.time.Instant.now() + "\"}");
            }
        }
        var posted = post("/outcomes", Map.of("content-type", "application/json"),
                ("{\"events\":[" + String.join(",", events) + "]}").getBytes(StandardCharsets.UTF_8));
        assertThat(posted.statusCode()).isBetween(200, 202);
        double expected = rate(byArm.get("holdout")) - rate(byArm.get("treatment"));

        var env = new HashMap<>(stack.functionEnvironment());
        env.put("UPLIFT_PRIOR_STRENGTH", "10");
        var schedule = new UpliftFunction(new Settings(env), stack.aws().dynamoDb(), Clock.systemUTC());
        // The stream applies the counters in the background: estimate until they are all in.
        UpliftItem.Stored stored = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            schedule.handleRequest(new ScheduledEvent(), new LocalContext("uplift"));
            stored = UpliftItem.stored(stack.aws().dynamoDb().getItem(r -> r.tableName(stack.resources().tableName())
                    .key(UpliftItem.key())).item());
            var low = lowRecovery(stored);
            if (low.estimate().measured() != null && low.estimate().holdoutUnits() + low.estimate().treatedUnits() == 120
                    && Math.abs(low.estimate().measured() - expected) < 1e-9) {
                break;
            }
            Thread.sleep(300);
        }
        var low = lowRecovery(stored);
        assertThat(low.estimate().measured()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(low.estimate().used()).isLessThan(0.02);
        assertThat(low.contacted()).isFalse();
        assertThat(stored.changes()).anySatisfy(c -> assertThat(c.tier().wireName()).isEqualTo("low"));
        Thread.sleep(1100);

        var later = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            later.add(detractor("later-" + i, 600));
        }
        var laterStatuses = statuses(later);
        assertThat(laterStatuses.get("pending") + laterStatuses.get("sent")).isZero();
        assertThat(laterStatuses.get("holdout")).isPositive();
        assertThat(origins(later)).containsOnly("measured");
        assertThat(item(later.get(0)).get(ResponseItem.FOLLOW_UP_UPLIFT_ESTIMATED_AT).s()).isEqualTo(stored.computedAt().toString());

        // A high-tier detractor has no evidence yet: the configured uplift holds, and says so.
        var high = detractor("high-0", 20_000);
        assertThat(statuses(List.of(high)).get("pending") + statuses(List.of(high)).get("sent")
                + statuses(List.of(high)).get("holdout")).isEqualTo(1);
        assertThat(origins(List.of(high))).containsOnly("configured");
    }

    private static io.npsloop.domain.roi.TierUplift lowRecovery(UpliftItem.Stored stored) {
        return stored.estimates().stream().filter(u -> u.action().wireName().equals("recovery") && u.tier().wireName().equals("low"))
                .findFirst().orElseThrow();
    }

    private static double rate(List<String> customers) {
        return (double) ((customers.size() + 1) / 2) / customers.size();
    }

    /** Posts a generic detractor of that value; its response id. */
    private static String detractor(String id, int annualValue) throws Exception {
        var body = ("{\"responseId\":\"resp-" + id + "\",\"surveyId\":\"relationship-nps-q4\",\"respondent\":{\"id\":\"cust-" + id
                + "\",\"email\":\"" + id + "@example.com\",\"name\":\"Kim\",\"locale\":\"en\",\"annualValue\":" + annualValue
                + "},\"score\":3,\"comment\":\"slow\",\"submittedAt\":\"" + java.time.Instant.now().minusSeconds(5) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var answer = post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return id;
    }

    private static Map<String, AttributeValue> item(String id) {
        return stack.aws().dynamoDb().getItem(r -> r.tableName(stack.resources().tableName())
                .key(Map.of("pk", AttributeValue.fromS("RESPONSE#generic#resp-" + id), "sk", AttributeValue.fromS("RESPONSE")))).item();
    }

    private static Map<String, Integer> statuses(List<String> ids) {
        var counts = new HashMap<String, Integer>(Map.of("pending", 0, "sent", 0, "holdout", 0, "not-contacted", 0));
        for (var id : ids) {
            counts.merge(item(id).get(ResponseItem.FOLLOW_UP_STATUS).s(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> origins(List<String> ids) {
        return ids.stream().map(id -> item(id).get(ResponseItem.FOLLOW_UP_UPLIFT_ORIGIN).s()).distinct().toList();
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        var token = stack.functionEnvironment().get("REPORT_API_TOKEN");
        if (token != null && path.startsWith("/outcomes")) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The arm a stored response counts in. */
    private static final class Table {
        static String arm(Map<String, AttributeValue> item) {
            return item.get(ResponseItem.ARM).s();
        }
    }
}
