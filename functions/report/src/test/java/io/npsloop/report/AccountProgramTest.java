package io.npsloop.report;

import static io.npsloop.report.StudyTest.decimal;
import static io.npsloop.report.StudyTest.http;
import static io.npsloop.report.StudyTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.roi.Interval;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
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
 * A B2B program through the functions: accounts of one to five detractors, arms drawn per account,
 * and whole accounts that leave. The treated account's later detractors join its case, the held-out
 * account's each get a holdout decision; both count in their arm, so the arms hold the same kind of
 * population, and the interval is computed over accounts, not contacts.
 */
class AccountProgramTest {

    private static final String SECRET = "whsec_YWNjb3VudC1wcm9ncmFtLXNpZ25pbmcta2V5LWZvci10ZXN0cw==";
    private static final String SALT = "accounts";
    private static final int ACCOUNTS = 60;

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
    void everyDetractorOfAnAccountCountsInItsArmAndAWholeAccountLeavesAsOneUnit() throws Exception {
        var resources = aws.provision("accounts-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("HOLDOUT_PERCENT", "50");
        env.put("HOLDOUT_SALT", SALT);
        var settings = new Settings(env);
        var ingest = new IngestFunction(settings);
        var report = new ReportFunction(settings);
        var counters = new CountersFunction(settings);
        var holdout = HoldoutAssignment.percent(50, SALT);

        // Account a-k has k % 5 + 1 detractors; every fourth account leaves, whole.
        var members = new HashMap<Arm, Integer>();
        var units = new HashMap<Arm, Integer>();
        var churned = new HashMap<Arm, Integer>();
        var statuses = new ArrayList<String>();
        for (int k = 0; k < ACCOUNTS; k++) {
            var account = "a-" + k;
            var arm = holdout.armOf("account:" + account, Action.RECOVERY);
            int size = k % 5 + 1;
            units.merge(arm, 1, Integer::sum);
            members.merge(arm, size, Integer::sum);
            if (k % 4 == 0) {
                churned.merge(arm, size, Integer::sum);
            }
            for (int c = 0; c < size; c++) {
                var answer = ingest.handleRequest(webhook(account + "-c" + c, account, 2), new LocalContext("ingest"));
                assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(202);
                statuses.add(arm + ":" + map(JSON.std.mapFrom(answer.getBody()), "followUp").get("status"));
            }
        }
        // The treated accounts' later detractors joined the case; the held-out accounts' were each held out.
        assertThat(statuses).contains("TREATMENT:joined-case", "TREATMENT:pending", "HOLDOUT:holdout")
                .doesNotContain("HOLDOUT:joined-case", "HOLDOUT:pending");
        drain(resources, counters);

        var events = new ArrayList<Map<String, Object>>();
        for (int k = 0; k < ACCOUNTS; k += 4) {
            events.add(Map.of("eventId", "crm-account-churn-" + k, "accountId", "a-" + k, "type", "churned",
                    "occurredAt", Instant.now().toString()));
        }
        // The same contact reported as churned twice, and by its account too: it still counts once.
        events.add(Map.of("eventId", "crm-contact-churn-0", "customerId", "a-0-c0", "type", "churned", "occurredAt", Instant.now().toString()));
        events.add(Map.of("eventId", "crm-contact-churn-0b", "customerId", "a-0-c0", "type", "churned", "occurredAt", Instant.now().toString()));
        var recorded = report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of()),
                new LocalContext("report"));
        assertThat(recorded.getStatusCode()).as(recorded.getBody()).isEqualTo(200);
        var answer = JSON.std.mapFrom(recorded.getBody());
        assertThat(answer).as(recorded.getBody()).containsEntry("recorded", events.size());
        assertThat(OutcomesApi.results(answer)).as(recorded.getBody()).allSatisfy(result -> assertThat(result).containsKey("cohort"));
        drain(resources, counters);
        var cohortsLeft = aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(item -> item.containsKey("unitChurnedAt")).count();
        assertThat(cohortsLeft).isEqualTo(ACCOUNTS / 4);

        var recovery = recovery(report);
        assertThat(recovery).containsEntry("treated", members.get(Arm.TREATMENT)).containsEntry("holdout", members.get(Arm.HOLDOUT))
                .containsEntry("treatedUnits", units.get(Arm.TREATMENT)).containsEntry("holdoutUnits", units.get(Arm.HOLDOUT))
                .containsEntry("treatedChurned", churned.get(Arm.TREATMENT)).containsEntry("holdoutChurned", churned.get(Arm.HOLDOUT))
                // One case per treated account: what the follow-ups cost.
                .containsEntry("contacted", units.get(Arm.TREATMENT));
        var reduction = map(recovery, "churnReduction");
        var deff = map(reduction, "designEffects");
        assertThat(decimal(deff.get("treated"))).isGreaterThan(1.5);
        assertThat(decimal(deff.get("holdout"))).isGreaterThan(1.5);
        @SuppressWarnings("unchecked")
        var ci = (List<Double>) reduction.get("ci95");
        var naive = Interval.newcombeDifference(churned.get(Arm.HOLDOUT), members.get(Arm.HOLDOUT),
                churned.get(Arm.TREATMENT), members.get(Arm.TREATMENT), Interval.Z95);
        assertThat(ci.get(1) - ci.get(0)).isGreaterThan(1.2 * (naive.upper() - naive.lower()));

        // Erasing a contact takes nothing from the counts: the cohorts name no one.
        var erasure = new ErasureFunction(settings).handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("DELETE /customers/{id}").withPathParameters(Map.of("id", "a-0-c0")).build(), new LocalContext("erasure"));
        assertThat(erasure.getStatusCode()).as(erasure.getBody()).isEqualTo(200);
        drain(resources, counters);
        assertThat(recovery(report)).isEqualTo(recovery);
        for (var item : aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items()) {
            assertThat(item.toString()).doesNotContain("a-0-c0");
        }
    }

    private static Map<String, Object> recovery(ReportFunction report) throws Exception {
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var answer = report.handleRequest(http("GET /reports/roi", null, Map.of("from", today, "to", today)), new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return map(JSON.std.mapFrom(answer.getBody()), "recovery");
    }

    private StreamEventSource stream;

    private void drain(LocalAws.Resources resources, CountersFunction counters) {
        if (stream == null) {
            stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                    event -> counters.handleRequest(event, new LocalContext("counters")),
                    new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, resources.deadLetterQueueUrl()));
        }
        stream.drain(Duration.ofMillis(300));
    }

    private static APIGatewayV2HTTPEvent webhook(String customer, String account, int score) {
        var body = "{\"responseId\":\"r-" + customer + "\",\"surveyId\":\"relationship-nps\",\"respondent\":{\"id\":\"" + customer
                + "\",\"accountId\":\"" + account + "\",\"annualValue\":50000},\"score\":" + score + ",\"submittedAt\":\"" + Instant.now() + "\"}";
        return StudyTest.genericWebhook(SECRET, "msg_" + customer, body);
    }
}
