package io.npsloop.report;

import static io.npsloop.report.StudyTest.http;
import static io.npsloop.report.StudyTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PlaybookVariants;
import io.npsloop.domain.roi.ContactDelay;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.table.ResponseItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Variants and time to contact through the functions: signed webhooks into the intake with
 * recovery variants configured, the table's stream into the counters function, first contacts
 * recorded on the cases, churn outcomes, and the report's variants and contact buckets.
 */
class VariantsIntegrationTest {

    private static final String SECRET = "whsec_dmFyaWFudHMtcHJvZ3JhbS1zaWduaW5nLWtleS1mb3ItdGVzdHM=";
    private static final String SALT = "variants";
    private static final int CUSTOMERS = 72;
    /** How long after the answer customer k's case first records contact, by k % 6; null: never. */
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
        var answered = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.SECONDS);

        var expected = new HashMap<String, Integer>();
        for (int k = 0; k < CUSTOMERS; k++) {
            var customer = "cust-" + k;
            var answer = ingest.handleRequest(webhook(customer, answered), new LocalContext("ingest"));
            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
            boolean churns = k % 4 == 0;
            if (holdout.armOf(customer, Action.RECOVERY) == Arm.HOLDOUT) {
                expected.merge("holdout", 1, Integer::sum);
                continue;
            }
            var variant = variants.variantOf(customer, Action.RECOVERY).orElseThrow();
            expected.merge(variant + ":treated", 1, Integer::sum);
            expected.merge(variant + ":churned", churns ? 1 : 0, Integer::sum);
            var delay = DELAYS.get(k % DELAYS.size());
            var bucket = delay == null ? ContactDelay.NEVER : ContactDelay.of(delay);
            expected.merge(bucket.wireName() + ":customers", 1, Integer::sum);
            expected.merge(bucket.wireName() + ":churned", churns ? 1 : 0, Integer::sum);
        }
        var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, resources.deadLetterQueueUrl()));
        stream.drain(Duration.ofMillis(300));

        // The cases record their first contact as the cases function writes it: an attempt that did not reach
        // the customer first (which is no contact), then the contact.
        for (int k = 0; k < CUSTOMERS; k++) {
            var customer = "cust-" + k;
            var delay = DELAYS.get(k % DELAYS.size());
            if (holdout.armOf(customer, Action.RECOVERY) == Arm.HOLDOUT || delay == null) {
                continue;
            }
            record(resources.tableName(), customer, event("attempted", answered.plus(delay).minusSeconds(60), false));
            record(resources.tableName(), customer, event("contacted", answered.plus(delay), null));
        }
        stream.drain(Duration.ofMillis(300));
        var events = new ArrayList<Map<String, Object>>();
        for (int k = 0; k < CUSTOMERS; k += 4) {
            events.add(Map.of("eventId", "crm-churn-" + k, "customerId", "cust-" + k, "type", "churned", "occurredAt", Instant.now().toString()));
        }
        var recorded = report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of()),
                new LocalContext("report"));
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(200);
        stream.drain(Duration.ofMillis(300));

        var body = roi(report, answered);
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
        var again = roi(report, answered);
        assertThat(map(again, "variants")).isEqualTo(map(body, "variants"));
        assertThat(map(again, "timeToContact")).isEqualTo(timeToContact);
        stream.close();
    }

    /** Appends a step to a case as the cases function does. */
    private static void record(String table, String customer, Map<String, AttributeValue> event) {
        aws.dynamoDb().updateItem(UpdateItemRequest.builder().tableName(table)
                .key(ResponseItem.key(new ResponseKey("generic", "r-" + customer)))
                .updateExpression("SET #events = list_append(if_not_exists(#events, :empty), :event)")
                .expressionAttributeNames(Map.of("#events", ResponseItem.CASE_EVENTS))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromL(List.of()), ":event", AttributeValue.fromL(List.of(
                        AttributeValue.fromM(event)))))
                .build());
    }

    private static Map<String, AttributeValue> event(String type, Instant at, Boolean reached) {
        var event = new HashMap<String, AttributeValue>();
        event.put(ResponseItem.CASE_EVENT_TYPE, AttributeValue.fromS(type));
        event.put(ResponseItem.CASE_EVENT_AT, AttributeValue.fromS(at.toString()));
        event.put("by", AttributeValue.fromS("desk:kim"));
        if (reached != null) {
            event.put("channel", AttributeValue.fromS("phone"));
            event.put("reached", AttributeValue.fromBool(reached));
        }
        return event;
    }

    private static Map<String, Object> roi(ReportFunction report, Instant answered) throws Exception {
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var answer = report.handleRequest(http("GET /reports/roi", null, Map.of("from", today, "to", today)), new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return JSON.std.mapFrom(answer.getBody());
    }

    private static APIGatewayV2HTTPEvent webhook(String customer, Instant submittedAt) {
        var body = "{\"responseId\":\"r-" + customer + "\",\"surveyId\":\"relationship-nps\",\"respondent\":{\"id\":\"" + customer
                + "\",\"annualValue\":50000},\"score\":2,\"submittedAt\":\"" + submittedAt + "\"}";
        return StudyTest.genericWebhook(SECRET, "msg_" + customer, body);
    }
}
