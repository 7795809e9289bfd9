package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The study the product rests on, replayed through the functions: 10,000 detractors contacted and
 * 10,000 held out; 20% of the held out leave and 18% of the contacted, a tenth fewer. With a yearly
 * value of 1,700 per customer and 20 per recovery contact, the retained value is
 * 10,000 × 1,700 × 2% = 340,000 against a cost of 10,000 × 20 = 200,000: an ROI of 70%.
 */
class StudyTest {

    /** Generous: on a loaded machine DynamoDB Local's stream can show nothing for half a second with records still to come. */
    private static final Duration STREAM_QUIET = Duration.ofSeconds(3);

    private static final String SECRET = "whsec_c3R1ZHktc2lnbmluZy1rZXktZm9yLXRlc3RzLW9ubHk=";
    private static final String SALT = "study";
    private static final int PER_ARM = 10_000;

    /** Twenty thousand acknowledgements say nothing a failed assertion would not. */
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void tenThousandContactedAgainstTenThousandHeldOut() throws Exception {
        // Emulators of its own: DynamoDB Local slows down with every stream other tests left behind,
        // and this test writes 40,000 items.
        try (var aws = LocalAws.start()) {
            replay(aws);
        }
    }

    private void replay(LocalAws aws) throws Exception {
        var resources = aws.provision("study-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("HOLDOUT_PERCENT", "50");
        env.put("HOLDOUT_SALT", SALT);
        env.put("RECOVERY_COST", "20");
        var settings = new Settings(env);
        var ingest = new IngestFunction(settings);
        var report = new ReportFunction(settings);
        var counters = new CountersFunction(settings);

        // Customers picked so that each arm has exactly 10,000, as in the study.
        var holdout = HoldoutAssignment.percent(50, SALT);
        var treated = new ArrayList<String>();
        var heldOut = new ArrayList<String>();
        for (int i = 0; treated.size() < PER_ARM || heldOut.size() < PER_ARM; i++) {
            var id = "study-" + i;
            var arm = holdout.armOf(id, Action.RECOVERY);
            var side = arm == Arm.TREATMENT ? treated : heldOut;
            if (side.size() < PER_ARM) {
                side.add(id);
            }
        }
        var everyone = new ArrayList<>(treated);
        everyone.addAll(heldOut);
        long started = System.nanoTime();
        var answers = new ArrayList<Integer>();
        var pool = Executors.newFixedThreadPool(8);
        try {
            var posted = new ArrayList<Future<Integer>>();
            for (int i = 0; i < everyone.size(); i++) {
                var customer = everyone.get(i);
                int score = i % 7;
                posted.add(pool.submit(() -> ingest.handleRequest(webhook(customer, score), new LocalContext("ingest", QUIET)).getStatusCode()));
            }
            for (var future : posted) {
                answers.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers).containsOnly(202);
        System.out.printf("Study: 20,000 webhooks through the ingest function in %.1f s%n", (System.nanoTime() - started) / 1e9);

        var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, resources.deadLetterQueueUrl()));
        stream.drain(STREAM_QUIET);

        // The CRM reports who left: 18% of the contacted, 20% of the held out.
        var churned = new ArrayList<>(treated.subList(0, 1_800));
        churned.addAll(heldOut.subList(0, 2_000));
        for (int from = 0; from < churned.size(); from += OutcomesApi.MAX_EVENTS) {
            var events = new ArrayList<Map<String, Object>>();
            for (var customer : churned.subList(from, Math.min(churned.size(), from + OutcomesApi.MAX_EVENTS))) {
                events.add(Map.of("eventId", "crm-churn-" + customer, "customerId", customer, "type", "churned",
                        "occurredAt", Instant.now().toString()));
            }
            var answer = report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of()),
                    new LocalContext("report"));
            assertThat(answer.getStatusCode()).isEqualTo(200);
            assertThat(JSON.std.mapFrom(answer.getBody())).containsEntry("recorded", events.size());
        }
        stream.drain(STREAM_QUIET);

        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var answer = report.handleRequest(http("GET /reports/roi", null, Map.of("from", today, "to", today)),
                new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        var body = JSON.std.mapFrom(answer.getBody());
        var nps = map(body, "nps");
        assertThat(nps).containsEntry("responses", 20_000).containsEntry("detractors", 20_000).containsEntry("score", -100.0);
        var recovery = map(body, "recovery");
        assertThat(recovery).containsEntry("treated", 10_000).containsEntry("holdout", 10_000)
                .containsEntry("treatedChurnRate", 0.18).containsEntry("holdoutChurnRate", 0.2)
                .containsEntry("customersSaved", 200.0);
        assertThat(decimal(recovery.get("retainedValue"))).isEqualTo(340_000.0);
        assertThat(decimal(recovery.get("cost"))).isEqualTo(200_000.0);
        var reduction = map(recovery, "churnReduction");
        assertThat(reduction).containsEntry("absolute", 0.02).containsEntry("relative", 0.1);
        @SuppressWarnings("unchecked")
        var ci = (List<Double>) reduction.get("ci95");
        assertThat(ci.get(0)).isCloseTo(0.0091, within(0.0005));
        assertThat(ci.get(1)).isCloseTo(0.0309, within(0.0005));
        // The anytime-valid interval, to read when looking every day: wider, and still clear of zero at this size.
        @SuppressWarnings("unchecked")
        var cs = (List<Double>) reduction.get("cs95");
        assertThat(cs.get(0)).isCloseTo(0.0026, within(0.0005));
        assertThat(cs.get(1)).isCloseTo(0.0374, within(0.0005));
        var totals = map(body, "totals");
        assertThat(totals).containsEntry("roi", 0.7);
        @SuppressWarnings("unchecked")
        var roiCs = (List<Double>) totals.get("roiCs95");
        assertThat(roiCs.get(0)).isCloseTo((17_000_000 * cs.get(0) - 200_000) / 200_000, within(0.001));
        assertThat(map(body, "assumptions")).containsEntry("anytimeTargetUnits", 5000.0);
        assertThat(decimal(totals.get("value"))).isEqualTo(340_000.0);
        assertThat(decimal(totals.get("cost"))).isEqualTo(200_000.0);
        assertThat((List<?>) body.get("warnings")).isEmpty();
        System.out.printf("Study: %s%n", answer.getBody().substring(0, Math.min(600, answer.getBody().length())));
    }

    private static APIGatewayV2HTTPEvent webhook(String customer, int score) {
        var body = "{\"responseId\":\"r-" + customer + "\",\"surveyId\":\"relationship-nps\",\"respondent\":{\"id\":\""
                + customer + "\",\"annualValue\":1700},\"score\":" + score + ",\"submittedAt\":\"" + Instant.now() + "\"}";
        return genericWebhook(SECRET, "msg_" + customer, body);
    }

    /** A generic webhook as a survey tool signs it (Standard Webhooks), as the HTTP API hands it to ingest. */
    static APIGatewayV2HTTPEvent genericWebhook(String secret, String id, String body) {
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath("/webhooks/generic")
                .withPathParameters(Map.of("source", "generic"))
                .withHeaders(Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                        "webhook-signature", StandardWebhooks.signature(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8))))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    static APIGatewayV2HTTPEvent http(String route, String body, Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(route)
                .withHeaders(Map.of("content-type", "application/json"))
                .withQueryStringParameters(query)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> body, String name) {
        return (Map<String, Object>) body.get(name);
    }

    static double decimal(Object value) {
        return ((Number) value).doubleValue();
    }
}
