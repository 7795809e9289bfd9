package io.npsloop.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.CasesFunction;
import io.npsloop.config.Settings;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PlaybookVariants;
import io.npsloop.domain.roi.ContactDelay;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ReportFunction;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Variants and time to contact through the functions: signed webhooks into the intake with
 * recovery variants configured, the table's stream into the counters function, first contacts
 * recorded on the cases through the cases function, churn outcomes, and the report's variants and
 * contact buckets.
 */
class VariantsIntegrationTest {

    private static final String SECRET = "whsec_dmFyaWFudHMtcHJvZ3JhbS1zaWduaW5nLWtleS1mb3ItdGVzdHM=";
    private static final String SALT = "variants";
    private static final int CUSTOMERS = 72;
    /** How long before the contact customer k answered, by k % 6; null: never contacted. */
    private static final List<Duration> DELAYS = java.util.Arrays.asList(Duration.ofMinutes(30), Duration.ofHours(2),
            Duration.ofHours(10), Duration.ofDays(2), Duration.ofDays(5), null);

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void theReportComparesEachVariantWithTheHoldoutAndShowsChurnByTimeToFirstContact() throws Exception {
        var resources = aws.provision("variants-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("HOLDOUT_PERCENT", "40");
        env.put("HOLDOUT_SALT", SALT);
        env.put("RECOVERY_VARIANTS", "call:1,email:1");
        var settings = new Settings(env);
        var ingest = new IngestFunction(settings);
        var report = new ReportFunction(settings);
        var counters = new CountersFunction(settings);
        var holdout = HoldoutAssignment.percent(40, SALT);
        var variants = new PlaybookVariants(Map.of(Action.RECOVERY, PlaybookVariants.parse("call:1,email:1")), SALT);
        var cases = new CasesFunction(settings);
        var now = Instant.now();

        var expected = new HashMap<String, Integer>();
        for (int k = 0; k < CUSTOMERS; k++) {
            var customer = "cust-" + k;
            var delay = DELAYS.get(k % DELAYS.size());
            // Contacts are recorded now: a delay is how long before now the customer answered.
            var answer = ingest.handleRequest(webhook(customer, now.minus(delay == null ? Duration.ofMinutes(5) : delay)),
                    new LocalContext("ingest"));
            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
            boolean churns = k % 4 == 0;
            if (holdout.armOf(customer, Action.RECOVERY) == Arm.HOLDOUT) {
                expected.merge("holdout", 1, Integer::sum);
                continue;
            }
            var variant = variants.variantOf(customer, Action.RECOVERY).orElseThrow();
            expected.merge(variant + ":treated", 1, Integer::sum);
            expected.merge(variant + ":churned", churns ? 1 : 0, Integer::sum);
            var bucket = delay == null ? ContactDelay.NEVER : ContactDelay.of(delay);
            expected.merge(bucket.wireName() + ":customers", 1, Integer::sum);
            expected.merge(bucket.wireName() + ":churned", churns ? 1 : 0, Integer::sum);
        }
        var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, resources.deadLetterQueueUrl()));
        stream.drain(Duration.ofMillis(300));

        // The desk records each first contact; a note before it is no contact.
        for (int k = 0; k < CUSTOMERS; k++) {
            var customer = "cust-" + k;
            if (holdout.armOf(customer, Action.RECOVERY) == Arm.HOLDOUT || DELAYS.get(k % DELAYS.size()) == null) {
                continue;
            }
            for (var type : List.of("note", "contacted")) {
                var step = cases.handleRequest(http("POST /cases/{id}/events", "{\"type\":\"" + type + "\",\"by\":\"lee@team.example\"," 
                        + "\"note\":\"tried\"}", null, Map.of("id", "generic:r-" + customer)), new LocalContext("cases"));
                assertThat(step.getStatusCode()).as(step.getBody()).isEqualTo(200);
            }
        }
        stream.drain(Duration.ofMillis(300));
        var events = new ArrayList<Map<String, Object>>();
        for (int k = 0; k < CUSTOMERS; k += 4) {
            events.add(Map.of("eventId", "crm-churn-" + k, "customerId", "cust-" + k, "type", "churned", "occurredAt", Instant.now().toString()));
        }
        var recorded = report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of(), null),
                new LocalContext("report"));
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(200);
        stream.drain(Duration.ofMillis(300));

        var body = roi(report);
        var recovery = map(body, "recovery");
        var byVariant = map(map(body, "variants"), "recovery");
        @SuppressWarnings("unchecked")
        var rows = (List<Map<String, Object>>) byVariant.get("againstHoldout");
        assertThat(rows).extracting(row -> row.get("variant")).containsExactly("call", "email");
        int treated = 0;
        for (var row : rows) {
            var variant = (String) row.get("variant");
            assertThat(row.get("treated")).as(variant).isEqualTo(expected.get(variant + ":treated"));
            assertThat(row.get("treatedChurned")).as(variant).isEqualTo(expected.get(variant + ":churned"));
            assertThat(row.get("contacted")).as(variant).isEqualTo(expected.get(variant + ":treated"));
            assertThat(row.get("holdout")).as(variant).isEqualTo(expected.get("holdout"));
            assertThat(row.get("holdoutChurned")).isEqualTo(recovery.get("holdoutChurned"));
            assertThat(row).containsKeys("churnReduction", "retainedValue", "cost", "roi", "roiCi95", "roiCs95", "tooSmall");
            treated += (Integer) row.get("treated");
        }
        assertThat(treated).isEqualTo(recovery.get("treated"));
        @SuppressWarnings("unchecked")
        var pairs = (List<Map<String, Object>>) byVariant.get("betweenVariants");
        assertThat(pairs).singleElement().satisfies(pair -> assertThat(pair)
                .containsEntry("first", "call").containsEntry("second", "email").containsKeys("difference", "ci95", "cs95"));
        @SuppressWarnings("unchecked")
        var referralRows = (List<Object>) map(map(body, "variants"), "referral").get("againstHoldout");
        assertThat(referralRows).isEmpty();

        var timeToContact = map(body, "timeToContact");
        assertThat(timeToContact.get("label")).isEqualTo("observational: not a randomized comparison");
        @SuppressWarnings("unchecked")
        var buckets = (List<Map<String, Object>>) timeToContact.get("buckets");
        assertThat(buckets).extracting(b -> b.get("bucket")).containsExactly("under-1h", "1-4h", "4-24h", "1-3d", "over-3d", "never");
        int inBuckets = 0;
        for (var bucket : buckets) {
            var name = (String) bucket.get("bucket");
            assertThat(bucket.get("customers")).as(name).isEqualTo(expected.getOrDefault(name + ":customers", 0));
            assertThat(bucket.get("churned")).as(name).isEqualTo(expected.getOrDefault(name + ":churned", 0));
            assertThat(bucket.get("wilson95")).as(name).isNotNull();
            inBuckets += (Integer) bucket.get("customers");
        }
        assertThat(inBuckets).isEqualTo(recovery.get("treated"));

        // The stream delivering everything again changes nothing.
        stream.drain(Duration.ofMillis(300));
        var again = roi(report);
        assertThat(map(again, "variants")).isEqualTo(map(body, "variants"));
        assertThat(map(again, "timeToContact")).isEqualTo(timeToContact);
        stream.close();
    }

    private static Map<String, Object> roi(ReportFunction report) throws Exception {
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var answer = report.handleRequest(http("GET /reports/roi", null, Map.of("from", today, "to", today), null), new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return JSON.std.mapFrom(answer.getBody());
    }

    private static APIGatewayV2HTTPEvent webhook(String customer, Instant submittedAt) {
        var body = "{\"responseId\":\"r-" + customer + "\",\"surveyId\":\"relationship-nps\",\"respondent\":{\"id\":\"" + customer
                + "\",\"annualValue\":50000},\"score\":2,\"submittedAt\":\"" + submittedAt + "\"}";
        var id = "msg_" + customer;
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "generic"))
                .withHeaders(Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                        "webhook-signature", StandardWebhooks.signature(SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8))))
                .withBody(body).withIsBase64Encoded(false).build();
    }

    private static APIGatewayV2HTTPEvent http(String route, String body, Map<String, String> query, Map<String, String> path) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey(route).withHeaders(Map.of("content-type", "application/json"))
                .withQueryStringParameters(query).withPathParameters(path).withBody(body).withIsBase64Encoded(false).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String name) {
        return (Map<String, Object>) body.get(name);
    }
}
