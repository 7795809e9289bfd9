package io.npsloop.report;

import static io.npsloop.report.StudyTest.http;
import static io.npsloop.report.StudyTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.local.StreamRecordConverter;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Segments through the functions: signed webhooks into the intake, the table's stream into the
 * counters function, outcomes, and the report's segments per action, which add up to its totals.
 */
class SegmentsIntegrationTest {

    private static final String SECRET = "whsec_c2VnbWVudHMtcHJvZ3JhbS1zaWduaW5nLWtleS1mb3ItdGVzdHM=";
    private static final String SALT = "segments";
    private static final int ACCOUNTS = 48;

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
    void eachDimensionsSegmentsAddUpToTheReportsFiguresAndEachUnitCountsInTheSegmentItStartedIn() throws Exception {
        var resources = aws.provision("segments-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("HOLDOUT_PERCENT", "50");
        env.put("HOLDOUT_SALT", SALT);
        env.put("REPORT_SURVEYS", "relationship-nps");
        var settings = new Settings(env);
        var ingest = new IngestFunction(settings);
        var report = new ReportFunction(settings);
        var counters = new CountersFunction(settings);
        var holdout = HoldoutAssignment.percent(50, SALT);

        // Account a-k: k % 3 + 1 detractors. Its first is high-value on the relationship survey when k is even,
        // medium on the onboarding survey when odd; its later contacts the other way round, which moves nothing.
        var expected = new HashMap<String, Integer>();
        for (int k = 0; k < ACCOUNTS; k++) {
            var account = "a-" + k;
            var arm = holdout.armOf("account:" + account, Action.RECOVERY);
            int size = k % 3 + 1;
            boolean even = k % 2 == 0;
            for (String segment : List.of(even ? "tier:high" : "tier:medium", "source:generic", even ? "survey:relationship-nps" : "survey:other")) {
                expected.merge(segment + ":" + arm + ":units", 1, Integer::sum);
                expected.merge(segment + ":" + arm + ":members", size, Integer::sum);
                if (k % 4 == 0) {
                    expected.merge(segment + ":" + arm + ":churned", size, Integer::sum);
                }
            }
            for (int c = 0; c < size; c++) {
                boolean first = c == 0;
                var answer = ingest.handleRequest(webhook(account + "-c" + c, account, first == even ? 50_000 : 5_000,
                        first == even ? "relationship-nps" : "onboarding"), new LocalContext("ingest"));
                assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
            }
        }
        var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, resources.deadLetterQueueUrl()));
        stream.drain(Duration.ofMillis(300));
        var events = new ArrayList<Map<String, Object>>();
        for (int k = 0; k < ACCOUNTS; k += 4) {
            events.add(Map.of("eventId", "crm-churn-" + k, "accountId", "a-" + k, "type", "churned", "occurredAt", Instant.now().toString()));
        }
        var recorded = report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of()),
                new LocalContext("report"));
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(200);
        stream.drain(Duration.ofMillis(300));

        var body = roi(report);
        var recovery = map(body, "recovery");
        @SuppressWarnings("unchecked")
        var rows = (List<Map<String, Object>>) map(body, "segments").get("recovery");
        assertThat(rows).extracting(row -> row.get("dimension") + ":" + row.get("segment")).containsExactly(
                "tier:high", "tier:medium", "source:generic", "survey:other", "survey:relationship-nps");
        for (var dimension : List.of("tier", "source", "survey")) {
            var ofDimension = rows.stream().filter(row -> dimension.equals(row.get("dimension"))).toList();
            for (var figure : List.of("treated", "holdout", "treatedUnits", "holdoutUnits", "treatedChurned", "holdoutChurned")) {
                assertThat(ofDimension.stream().mapToInt(row -> ((Number) row.get(figure)).intValue()).sum())
                        .as(dimension + " " + figure).isEqualTo(((Number) recovery.get(figure)).intValue());
            }
            // One case per treated account: its first detractor is the segment's one contacted member.
            assertThat(ofDimension.stream().mapToInt(row -> ((Number) row.get("contacted")).intValue()).sum())
                    .isEqualTo(((Number) recovery.get("treatedUnits")).intValue());
        }
        for (var row : rows) {
            var segment = row.get("dimension") + ":" + row.get("segment");
            assertThat(row.get("treatedUnits")).as(segment).isEqualTo(expected.getOrDefault(segment + ":TREATMENT:units", 0));
            assertThat(row.get("holdout")).as(segment).isEqualTo(expected.getOrDefault(segment + ":HOLDOUT:members", 0));
            assertThat(row.get("treatedChurned")).as(segment).isEqualTo(expected.getOrDefault(segment + ":TREATMENT:churned", 0));
            assertThat(row.get("contacted")).as(segment).isEqualTo(row.get("treatedUnits"));
            // 48 accounts in all: no segment has 30 in an arm.
            assertThat((String) row.get("tooSmall")).as(segment).startsWith("Too small to say anything");
            assertThat(row).containsKeys("churnReduction", "retainedValue", "cost", "roi", "roiCi95", "roiCs95");
        }
        // The five above, and the treated cases' time to contact: none recorded contact, so all are "never".
        assertThat(map(body, "meta").get("segmentCountersRead")).isEqualTo(6);

        // The stream delivering everything again changes nothing.
        stream.drain(Duration.ofMillis(300));
        assertThat(map(roi(report), "segments")).isEqualTo(map(body, "segments"));
        stream.close();
    }

    @Test
    void aBatchDeliveredAgainCountsItsCohortsInTheirSegmentsOnce() throws Exception {
        var resources = aws.provision("segments-once-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        var settings = new Settings(env);
        var counters = new CountersFunction(settings);
        var report = new ReportFunction(settings);
        var today = Instant.now();
        var records = new ArrayList<DynamodbEvent.DynamodbStreamRecord>();
        long sequence = 100;
        for (int i = 0; i < 3; i++) {
            var item = new HashMap<String, AttributeValue>();
            item.put("pk", AttributeValue.fromS("COHORT#c-" + i));
            item.put("sk", AttributeValue.fromS("COHORT"));
            item.put("type", AttributeValue.fromS("unit-cohort"));
            item.put("action", AttributeValue.fromS("nurture"));
            item.put("arm", AttributeValue.fromS(i == 0 ? "holdout" : "treatment"));
            item.put("startedAt", AttributeValue.fromS(today.toString()));
            item.put("members", AttributeValue.fromSs(List.of("m-" + i, "n-" + i)));
            item.put("contacted", AttributeValue.fromSs(List.of("m-" + i)));
            item.put("segTier", AttributeValue.fromS("high"));
            item.put("segSource", AttributeValue.fromS("typeform"));
            item.put("segSurvey", AttributeValue.fromS("other"));
            var record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventName("INSERT");
            record.setEventID("event-" + i);
            var change = new StreamRecord();
            change.setSequenceNumber(Long.toString(sequence++));
            change.setNewImage(StreamRecordConverter.toLambdaItem(item));
            record.setDynamodb(change);
            records.add(record);
        }
        var event = new DynamodbEvent();
        event.setRecords(records);

        for (int delivery = 0; delivery < 2; delivery++) {
            assertThat(counters.handleRequest(event, new LocalContext("counters")).getBatchItemFailures()).isEmpty();
        }

        @SuppressWarnings("unchecked")
        var rows = (List<Map<String, Object>>) map(roi(report), "segments").get("nurture");
        assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row)
                .containsEntry("treated", 4).containsEntry("treatedUnits", 2).containsEntry("holdout", 2).containsEntry("contacted", 2));
    }

    private static Map<String, Object> roi(ReportFunction report) throws Exception {
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var answer = report.handleRequest(http("GET /reports/roi", null, Map.of("from", today, "to", today)), new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return JSON.std.mapFrom(answer.getBody());
    }

    private static APIGatewayV2HTTPEvent webhook(String customer, String account, int value, String survey) {
        var body = "{\"responseId\":\"r-" + customer + "\",\"surveyId\":\"" + survey + "\",\"respondent\":{\"id\":\"" + customer
                + "\",\"accountId\":\"" + account + "\",\"annualValue\":" + value + "},\"score\":2,\"submittedAt\":\"" + Instant.now() + "\"}";
        return StudyTest.genericWebhook(SECRET, "msg_" + customer, body);
    }
}
