package io.npsloop.report;

import static io.npsloop.report.StudyTest.decimal;
import static io.npsloop.report.StudyTest.http;
import static io.npsloop.report.StudyTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.UnitCohort;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamRecordConverter;
import io.npsloop.table.UnitCohortItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The report function's routes and the counters function, against DynamoDB Local. */
class ReportFunctionIntegrationTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-02");
    private static final Instant DECIDED = DAY.atTime(10, 0).toInstant(ZoneOffset.UTC);

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private Settings settings;
    private ReportFunction report;
    private CountersFunction counters;
    private long sequence = 1_000;

    @BeforeEach
    void setUp() {
        resources = aws.provision("report-" + UUID.randomUUID().toString().substring(0, 8));
        settings = settings(Map.of());
        report = new ReportFunction(settings);
        counters = new CountersFunction(settings);
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("RECOVERY_COST", "20");
        env.putAll(overrides);
        return new Settings(env);
    }

    @Test
    void badEventsAreRejectedOneByOneAndTheGoodOnesKept() throws Exception {
        storeCustomer("cust-1", "treatment");
        var answer = post(List.of(
                Map.of("eventId", "e-1", "customerId", "cust-1", "type", "churned", "occurredAt", "2026-04-01T00:00:00Z"),
                Map.of("eventId", "e-2", "customerId", "cust-1", "type", "left", "occurredAt", "yesterday"),
                Map.of("eventId", "e-3", "customerId", "cust-1", "type", "concession", "occurredAt", "2026-03-05T12:00:00+02:00"),
                Map.of("eventId", "e-4", "customerId", "cust-1", "type", "concession", "occurredAt", "2026-03-05T12:00:00Z",
                        "value", new BigDecimal("49.90"))));

        assertThat(answer.getStatusCode()).isEqualTo(200);
        var body = JSON.std.mapFrom(answer.getBody());
        assertThat(body).containsEntry("recorded", 2).containsEntry("rejected", 2).containsEntry("duplicates", 0);
        var results = results(body);
        assertThat(results.get(0)).containsEntry("status", "recorded")
                .containsEntry("cohort", Map.of("action", "recovery", "arm", "treatment", "day", "2026-03-02"));
        assertThat(results.get(1)).containsEntry("status", "rejected");
        assertThat(errors(results.get(1))).extracting(e -> e.get("field")).containsExactly("type", "occurredAt");
        assertThat(errors(results.get(2))).singleElement()
                .satisfies(e -> assertThat(e.get("message")).startsWith("is required for concession"));
        assertThat(results.get(3)).containsEntry("status", "recorded");
    }

    @Test
    void anEventNamesACustomerOrAnAccountNeverBothNorNeither() throws Exception {
        var body = JSON.std.mapFrom(post(List.of(
                Map.of("eventId", "b-1", "customerId", "cust-1", "accountId", "acme", "type", "churned", "occurredAt", "2026-04-01T00:00:00Z"),
                Map.of("eventId", "b-2", "type", "churned", "occurredAt", "2026-04-01T00:00:00Z"),
                Map.of("eventId", "b-3", "accountId", "acme", "type", "churned", "occurredAt", "2026-04-01T00:00:00Z"))).getBody());

        var results = results(body);
        assertThat(errors(results.get(0))).singleElement().satisfies(e -> assertThat(e).containsEntry("field", "accountId")
                .containsEntry("message", "names an account instead of a customer: give customerId or accountId, not both"));
        assertThat(errors(results.get(1))).singleElement().satisfies(e -> assertThat(e).containsEntry("field", "customerId")
                .containsEntry("message", "is required, or accountId for an outcome of a whole account"));
        // An account with no cohort yet: kept, and said so.
        assertThat(results.get(2)).containsEntry("status", "recorded").containsEntry("unattributed", "no recovery decision for this account");
    }

    @Test
    void aRepeatedEventIsADuplicateAndAChurnCountsOncePerCustomer() throws Exception {
        storeCustomer("cust-2", "holdout");
        var churn = Map.<String, Object>of("eventId", "crm-77", "customerId", "cust-2", "type", "churned", "occurredAt", "2026-05-01T00:00:00Z");
        var again = Map.<String, Object>of("eventId", "billing-12", "customerId", "cust-2", "type", "churned", "occurredAt", "2026-05-03T00:00:00Z");

        var first = JSON.std.mapFrom(post(List.of(churn)).getBody());
        var retried = JSON.std.mapFrom(post(List.of(churn, again)).getBody());

        assertThat(first).containsEntry("recorded", 1);
        assertThat(retried).containsEntry("recorded", 1).containsEntry("duplicates", 1);
        applyOutcomes("crm-77", "billing-12");
        var recovery = map(roi("2026-03-01", "2026-03-31"), "recovery");
        assertThat(recovery).containsEntry("holdoutChurned", 1);
    }

    @Test
    void outcomesOfStrangersOrBeforeTheDecisionAreKeptButNotCounted() throws Exception {
        storeCustomer("cust-3", "treatment");
        var body = JSON.std.mapFrom(post(List.of(
                Map.of("eventId", "x-1", "customerId", "nobody", "type", "renewed", "occurredAt", "2026-04-01T00:00:00Z"),
                Map.of("eventId", "x-2", "customerId", "cust-3", "type", "churned", "occurredAt", "2026-01-01T00:00:00Z"))).getBody());

        assertThat(results(body)).extracting(r -> r.get("unattributed"))
                .containsExactly("no recovery decision for this customer", "happened before the customer was counted in the experiment");
        applyOutcomes("x-1", "x-2");
        var report = roi("2026-01-01", "2026-04-30");
        assertThat(report).containsEntry("unattributedOutcomes", 2);
        assertThat(map(report, "recovery")).containsEntry("treatedChurned", 0);
    }

    @Test
    void aNurtureDecisionIsCountedInItsArmWithTheCustomersValue() throws Exception {
        var items = new ArrayList<Map<String, AttributeValue>>();
        for (int i = 0; i < 3; i++) {
            items.add(item("nt-" + i, Category.PASSIVE, new FollowUpDecision.Contact(Action.NURTURE, DECIDED.plusSeconds(3600), "passive")));
            storeCustomer("cust-nt-" + i, Map.of(Action.NURTURE, new Cohort(Arm.TREATMENT, DECIDED)));
        }
        items.add(item("nh-0", Category.PASSIVE, new FollowUpDecision.Holdout(Action.NURTURE, "passive held out")));
        storeCustomer("cust-nh-0", Map.of(Action.NURTURE, new Cohort(Arm.HOLDOUT, DECIDED)));
        items.add(item("nn-0", Category.PASSIVE, new FollowUpDecision.NotContacted(Action.NURTURE, "cost")));

        assertThat(counters.handleRequest(event(items), new LocalContext("counters")).getBatchItemFailures()).isEmpty();
        applyOutcomes();

        var body = roi(DAY.toString(), DAY.toString());
        var nurture = map(body, "nurture");
        assertThat(nurture).containsEntry("treated", 3).containsEntry("holdout", 1).containsEntry("contacted", 3)
                .containsEntry("treatedUnits", 3).doesNotContainKey("note");
        assertThat(decimal(nurture.get("treatedValue"))).isEqualTo(300.0);
        assertThat(map(body, "recovery")).containsEntry("treated", 0).containsEntry("holdout", 0);
        assertThat(map(body, "nps")).containsEntry("passives", 5);
        @SuppressWarnings("unchecked")
        var daily = (List<Map<String, Object>>) body.get("daily");
        assertThat(daily).singleElement()
                .satisfies(day -> assertThat(day).containsEntry("nurtureTreated", 3).containsEntry("nurtureHoldout", 1));
    }

    @Test
    void nurtureIsReportedByChurnInEachArmAndAddedToTheTotals() throws Exception {
        // Newcombe's published example again: 48 of 80 nurtured passives leave, 56 of 70 held out.
        report = new ReportFunction(settings(Map.of("NURTURE_COST", "5")));
        var items = new ArrayList<Map<String, AttributeValue>>();
        var churns = new ArrayList<Map<String, Object>>();
        var eventIds = new ArrayList<String>();
        for (int i = 0; i < 150; i++) {
            boolean treated = i < 80;
            var id = (treated ? "pt-" : "ph-") + i;
            items.add(item(id, Category.PASSIVE, treated
                    ? new FollowUpDecision.Contact(Action.NURTURE, DECIDED.plusSeconds(3600), "passive")
                    : new FollowUpDecision.Holdout(Action.NURTURE, "passive held out")));
            storeCustomer("cust-" + id, Map.of(Action.NURTURE, new Cohort(treated ? Arm.TREATMENT : Arm.HOLDOUT, DECIDED)));
            if (treated ? i < 48 : i < 80 + 56) {
                churns.add(Map.of("eventId", "churn-" + id, "customerId", "cust-" + id, "type", "churned",
                        "occurredAt", "2026-06-01T00:00:00Z"));
                eventIds.add("churn-" + id);
            }
        }
        assertThat(counters.handleRequest(event(items), new LocalContext("counters")).getBatchItemFailures()).isEmpty();

        var posted = JSON.std.mapFrom(post(churns).getBody());
        assertThat(posted).containsEntry("recorded", 104);
        assertThat(results(posted).get(0)).containsEntry("cohort", Map.of("action", "nurture", "arm", "treatment", "day", "2026-03-02"));
        applyOutcomes(eventIds.toArray(String[]::new));

        var body = roi("2026-03-01", "2026-03-31");
        var nurture = map(body, "nurture");
        assertThat(nurture).containsEntry("treated", 80).containsEntry("holdout", 70)
                .containsEntry("treatedChurned", 48).containsEntry("holdoutChurned", 56)
                .containsEntry("treatedChurnRate", 0.6).containsEntry("holdoutChurnRate", 0.8)
                .containsEntry("customersSaved", 16.0);
        var reduction = map(nurture, "churnReduction");
        assertThat(decimal(reduction.get("absolute"))).isCloseTo(0.2, within(1e-6));
        assertThat(decimal(reduction.get("relative"))).isCloseTo(0.25, within(1e-6));
        var ci = (List<?>) reduction.get("ci95");
        assertThat(decimal(ci.get(0))).isCloseTo(0.0524, within(0.00005));
        assertThat(decimal(ci.get(1))).isCloseTo(0.3339, within(0.00005));
        // 150 passives are too few for a report read every day: the anytime-valid interval includes zero, and the warning says so.
        var cs = (List<?>) reduction.get("cs95");
        assertThat(decimal(cs.get(0))).isLessThan(0).isLessThan(decimal(ci.get(0)));
        assertThat(decimal(cs.get(1))).isGreaterThan(decimal(ci.get(1)));
        assertThat((List<?>) body.get("warnings")).anySatisfy(w -> assertThat((String) w)
                .startsWith("The nurture holdout is too small").contains("anytime-valid", "(cs95)"));
        // 80 nurtured worth 100 a year each, a fifth fewer of them leaving: 1,600 kept for 80 × 5.
        assertThat(decimal(nurture.get("treatedValue"))).isEqualTo(8000.0);
        assertThat(decimal(nurture.get("retainedValue"))).isEqualTo(1600.0);
        assertThat(decimal(nurture.get("cost"))).isEqualTo(400.0);
        var totals = map(body, "totals");
        assertThat(decimal(totals.get("value"))).isEqualTo(1600.0);
        assertThat(decimal(totals.get("cost"))).isEqualTo(400.0);
        assertThat(decimal(totals.get("roi"))).isEqualTo(3.0);
        assertThat(decimal(map(body, "assumptions").get("nurtureCost"))).isEqualTo(5.0);
        assertThat(map(body, "recovery")).containsEntry("treatedChurned", 0).containsEntry("holdoutChurned", 0);
    }

    @Test
    void aChurnCountsInRecoveryAndInNurtureWhenTheCustomerIsInBothAndOnlyOnceInEach() throws Exception {
        var nurtured = DECIDED.plus(Duration.ofDays(20));
        storeCustomer("cust-both", Map.of(Action.RECOVERY, new Cohort(Arm.HOLDOUT, DECIDED), Action.NURTURE, new Cohort(Arm.TREATMENT, nurtured)));
        var churn = Map.<String, Object>of("eventId", "both-1", "customerId", "cust-both", "type", "churned", "occurredAt", "2026-05-01T00:00:00Z");
        var again = Map.<String, Object>of("eventId", "both-2", "customerId", "cust-both", "type", "churned", "occurredAt", "2026-05-02T00:00:00Z");
        var renewal = Map.<String, Object>of("eventId", "both-3", "customerId", "cust-both", "type", "renewed", "occurredAt", "2026-03-10T00:00:00Z");

        var body = JSON.std.mapFrom(post(List.of(churn, again, renewal)).getBody());

        assertThat(body).containsEntry("recorded", 3);
        assertThat(results(body).get(0))
                .containsEntry("cohort", Map.of("action", "recovery", "arm", "holdout", "day", "2026-03-02"))
                .containsEntry("alsoCohorts", List.of(Map.of("action", "nurture", "arm", "treatment", "day", "2026-03-22")));
        // Before the nurture decision: a renewal of recovery's cohort only.
        assertThat(results(body).get(2)).doesNotContainKey("alsoCohorts");
        applyOutcomes("both-1", "both-2", "both-3");
        var report = roi("2026-03-01", "2026-03-31");
        assertThat(map(report, "recovery")).containsEntry("holdoutChurned", 1).containsEntry("holdoutRenewed", 1);
        assertThat(map(report, "nurture")).containsEntry("treatedChurned", 1).containsEntry("treatedRenewed", 0);
        assertThat(report).containsEntry("unattributedOutcomes", 0);
        // Each cohort holds the customer's churn once, however many events said it.
        var churnedSets = aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(item -> item.get("pk").s().startsWith("COHORT#")).map(item -> item.get("churned").ss()).toList();
        assertThat(churnedSets).hasSize(2).allSatisfy(tokens -> assertThat(tokens).hasSize(1));
    }

    @Test
    void withoutNurtureDecisionsTheSectionSaysSoAndAddsNothing() throws Exception {
        var body = roi("2020-01-01", "2020-01-31");

        var nurture = map(body, "nurture");
        assertThat(nurture).containsEntry("treated", 0).containsEntry("holdout", 0).containsEntry("treatedChurnRate", null);
        assertThat((String) nurture.get("note")).contains("NURTURE_PASSIVES");
        assertThat(decimal(map(body, "totals").get("cost"))).isZero();
        assertThat(body.get("warnings")).isEqualTo(List.of("No responses in this period."));
    }

    @Test
    void aWholeBatchWithoutOneValidEventIsA400AndAnOversizedOneA413() throws Exception {
        var invalid = post(List.of(Map.of("eventId", "", "type", "churned")));
        assertThat(invalid.getStatusCode()).isEqualTo(400);
        assertThat(JSON.std.mapFrom(invalid.getBody()).get("detail")).isEqualTo("No event in the batch is valid; nothing was kept.");

        var many = new ArrayList<Map<String, Object>>();
        for (int i = 0; i <= OutcomesApi.MAX_EVENTS; i++) {
            many.add(Map.of("eventId", "m-" + i));
        }
        assertThat(post(many).getStatusCode()).isEqualTo(413);
        var notJson = report.handleRequest(http("POST /outcomes", "events=1", Map.of()), new LocalContext("report"));
        assertThat(notJson.getStatusCode()).isEqualTo(400);
    }

    @Test
    void aTokenWhenConfiguredIsRequired() {
        var guarded = new ReportFunction(settings(Map.of("REPORT_API_TOKEN", "s3cret-token")));
        var anonymous = guarded.handleRequest(http("GET /reports/roi", null, Map.of()), new LocalContext("report"));
        var withToken = guarded.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET /reports/roi")
                .withHeaders(Map.of("Authorization", "Bearer s3cret-token")).build(), new LocalContext("report"));

        assertThat(anonymous.getStatusCode()).isEqualTo(401);
        assertThat(withToken.getStatusCode()).isEqualTo(200);
    }

    @Test
    void thePeriodIsChecked() throws Exception {
        assertThat(roiAnswer(Map.of("from", "2026-02-30")).getStatusCode()).isEqualTo(400);
        assertThat(roiAnswer(Map.of("from", "2026-03-02", "to", "2026-03-01")).getStatusCode()).isEqualTo(400);
        var tooLong = roiAnswer(Map.of("from", "2025-01-01", "to", "2026-01-02"));
        assertThat(tooLong.getStatusCode()).isEqualTo(400);
        assertThat(tooLong.getBody()).contains("at most 366 days");
        var empty = JSON.std.mapFrom(roiAnswer(Map.of("from", "2020-01-01", "to", "2020-01-31")).getBody());
        assertThat(empty.get("warnings")).isEqualTo(List.of("No responses in this period."));
    }

    @Test
    void aBatchDeliveredAgainIsNotCountedTwice() throws Exception {
        var batch = event(responses(50, Category.DETRACTOR));

        counters.handleRequest(batch, new LocalContext("counters"));
        // A crash after the write: Lambda delivers the same batch again, this time with more behind it.
        var replay = new DynamodbEvent();
        var records = new ArrayList<>(batch.getRecords());
        records.addAll(event(responses(10, Category.PROMOTER)).getRecords());
        replay.setRecords(records);
        var answer = counters.handleRequest(replay, new LocalContext("counters"));

        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(map(roi(DAY.toString(), DAY.toString()), "nps"))
                .containsEntry("responses", 60).containsEntry("detractors", 50).containsEntry("promoters", 10);
    }

    @Test
    void aRevisionMovesTheCountAndAnUnreadableRecordFailsTheBatch() throws Exception {
        var passive = item("rev-1", Category.PASSIVE, new FollowUpDecision.NoFollowUp("passive"));
        var detractor = item("rev-1", Category.DETRACTOR, new FollowUpDecision.NoFollowUp("revised"));
        var event = new DynamodbEvent();
        event.setRecords(List.of(record("INSERT", null, passive), record("MODIFY", passive, detractor)));
        counters.handleRequest(event, new LocalContext("counters"));

        assertThat(map(roi(DAY.toString(), DAY.toString()), "nps"))
                .containsEntry("responses", 1).containsEntry("passives", 0).containsEntry("detractors", 1);

        var broken = new HashMap<>(passive);
        broken.put("receivedAt", AttributeValue.fromS("not a time"));
        var poison = new DynamodbEvent();
        poison.setRecords(List.of(record("INSERT", null, broken)));
        assertThat(counters.handleRequest(poison, new LocalContext("counters")).getBatchItemFailures()).hasSize(1);
    }

    @Test
    void theDesksCountsFollowACaseFromTheStreamOnceEachEvenWhenABatchComesAgain() throws Exception {
        var opened = item("desk-1", Category.DETRACTOR,
                new FollowUpDecision.Contact(Action.RECOVERY, DECIDED.plus(Duration.ofDays(1)), "detractor"));
        var claimed = new HashMap<>(opened);
        claimed.put(io.npsloop.table.ResponseItem.OPEN_OWNER, AttributeValue.fromS("person:ana@team.example"));
        claimed.put(io.npsloop.table.ResponseItem.CASE_OWNER, AttributeValue.fromS("person:ana@team.example"));
        var opening = event(List.of());
        opening.setRecords(List.of(record("INSERT", null, opened), record("MODIFY", opened, claimed)));

        counters.handleRequest(opening, new LocalContext("counters"));
        assertThat(counters.handleRequest(opening, new LocalContext("counters")).getBatchItemFailures()).isEmpty();

        assertThat(deskCounts()).as("opened once and claimed once, though the batch came twice")
                .containsEntry("action#recovery", 1L).containsEntry("tier#low", 1L).containsEntry("source#generic", 1L)
                .containsEntry("owner#person:ana@team.example", 1L).containsEntry("day#" + DAY, 1L)
                .doesNotContainKey("owner#unassigned");

        // Ana reaches them in time and resolves it: the case leaves every count and counts once in her week.
        var resolved = new HashMap<>(claimed);
        List.of(io.npsloop.table.ResponseItem.OPEN_CASE, io.npsloop.table.ResponseItem.OPEN_OWNER,
                io.npsloop.table.ResponseItem.OPEN_TIER, io.npsloop.table.ResponseItem.OPEN_SOURCE).forEach(resolved::remove);
        resolved.put(io.npsloop.table.ResponseItem.CASE_STATUS, AttributeValue.fromS("resolved"));
        var handledAt = DECIDED.plus(Duration.ofHours(3));
        resolved.put(io.npsloop.table.ResponseItem.CASE_HANDLED, AttributeValue.fromM(Map.of(
                "at", AttributeValue.fromS(handledAt.toString()), "by", AttributeValue.fromS("ana@team.example"),
                "team", AttributeValue.fromS("billing"), "inSla", AttributeValue.fromBool(true))));
        var closing = event(List.of());
        closing.setRecords(List.of(record("MODIFY", claimed, resolved)));
        counters.handleRequest(closing, new LocalContext("counters"));
        counters.handleRequest(closing, new LocalContext("counters"));
        // A later change to the closed case (a note) handles nothing more.
        var noted = new HashMap<>(resolved);
        noted.put("caseUpdatedAt", AttributeValue.fromS(handledAt.plusSeconds(60).toString()));
        var noting = event(List.of());
        noting.setRecords(List.of(record("MODIFY", resolved, noted)));
        counters.handleRequest(noting, new LocalContext("counters"));

        assertThat(deskCounts()).as("the closed case left every count").isEmpty();
        var week = io.npsloop.table.DeskSlaItem.partition(io.npsloop.table.DeskSlaItem.week(handledAt));
        assertThat(deskItem(week, "PERSON#ana@team.example")).containsEntry("handled", AttributeValue.fromN("1"))
                .containsEntry("inSla", AttributeValue.fromN("1"));
        assertThat(deskItem(week, "TEAM#billing")).containsEntry("handled", AttributeValue.fromN("1"));

        // An open case erased (or expired) leaves the counts through its removal.
        var other = item("desk-2", Category.DETRACTOR,
                new FollowUpDecision.Contact(Action.RECOVERY, DECIDED.plus(Duration.ofDays(1)), "detractor"));
        var added = event(List.of());
        added.setRecords(List.of(record("INSERT", null, other)));
        counters.handleRequest(added, new LocalContext("counters"));
        assertThat(deskCounts()).containsEntry("action#recovery", 1L).containsEntry("owner#unassigned", 1L);
        var removal = event(List.of());
        removal.setRecords(List.of(record("REMOVE", other, null)));
        counters.handleRequest(removal, new LocalContext("counters"));
        counters.handleRequest(removal, new LocalContext("counters"));

        assertThat(deskCounts()).as("the removed case left every count, once").isEmpty();
        assertThat(map(roi(DAY.toString(), DAY.toString()), "nps")).as("the daily counts keep what was removed")
                .containsEntry("responses", 2).containsEntry("detractors", 2);
    }

    private Map<String, Long> deskCounts() {
        return io.npsloop.table.DeskCountsItem.counts(aws.dynamoDb().query(r -> r.tableName(resources.tableName())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(io.npsloop.table.DeskCountsItem.partition())))).items());
    }

    private Map<String, AttributeValue> deskItem(String partition, String sortKey) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS(sortKey)))).item();
    }

    @Test
    void theReportReadsAsMuchAtAMillionResponsesAsAtTenThousand() throws Exception {
        var small = new ReadCost(10_000, 100);
        var large = new ReadCost(1_000_000, 10_000);
        int days = 30;
        int slots = 8;

        // Same number of batches: every day's slots are in use in both, as under steady traffic.
        for (var load : List.of(small, large)) {
            resources = aws.provision("scale-" + UUID.randomUUID().toString().substring(0, 8));
            settings = settings(Map.of("COUNTER_SLOTS", Integer.toString(slots)));
            counters = new CountersFunction(settings);
            report = new ReportFunction(settings);
            var images = new ArrayList<Map<String, AttributeValue>>();
            for (int d = 0; d < days; d++) {
                images.add(io.npsloop.table.ResponseItem.toItem(record("r-" + d, Category.values()[d % 3], new FollowUpDecision.NoFollowUp("x"),
                        DAY.plusDays(d).atTime(12, 0).toInstant(ZoneOffset.UTC)), Duration.ofDays(1)));
            }
            int batches = load.responses / load.batchSize;
            for (int b = 0; b < batches; b++) {
                var records = new ArrayList<DynamodbEvent.DynamodbStreamRecord>(load.batchSize);
                for (int i = 0; i < load.batchSize; i++) {
                    records.add(record("INSERT", null, images.get(i % days)));
                }
                var event = new DynamodbEvent();
                event.setRecords(records);
                assertThat(counters.handleRequest(event, new LocalContext("counters", quiet())).getBatchItemFailures()).isEmpty();
            }
            var body = roi(DAY.toString(), DAY.plusDays(days - 1).toString());
            assertThat(map(body, "nps")).containsEntry("responses", load.responses);
            var meta = map(body, "meta");
            load.items = ((Number) meta.get("countersRead")).intValue();
            load.units = decimal(meta.get("readUnits"));
            System.out.printf("Report over %d days at %,d responses: %d counter items read, %.1f read units%n",
                    days, load.responses, load.items, load.units);
        }

        assertThat(large.items).isEqualTo(small.items).isLessThanOrEqualTo(days * slots);
        assertThat(large.units).isLessThanOrEqualTo(small.units * 1.2);
    }

    private static final class ReadCost {
        final int responses;
        final int batchSize;
        int items;
        double units;

        ReadCost(int responses, int batchSize) {
            this.responses = responses;
            this.batchSize = batchSize;
        }
    }

    /** An arm and the start of a one-customer unit cohort. */
    private record Cohort(Arm arm, Instant startedAt) {}

    private void storeCustomer(String customerId, String arm) {
        storeCustomer(customerId, Map.of(Action.RECOVERY, new Cohort(Arm.fromWireName(arm), DECIDED)));
    }

    /**
     * A customer without an account counted in a unit cohort per action, as the intake leaves
     * them: the cohort item (one member, worth 100) and the customer's state naming it.
     */
    private void storeCustomer(String customerId, Map<Action, Cohort> cohorts) {
        var state = new HashMap<String, AttributeValue>();
        state.put("pk", AttributeValue.fromS("CUSTOMER#" + customerId));
        state.put("sk", AttributeValue.fromS("STATE"));
        cohorts.forEach((action, cohort) -> {
            var unit = new UnitCohort(UUID.randomUUID().toString(), action, cohort.arm(), cohort.startedAt());
            var membership = new UnitCohort.Membership(unit, "m-" + customerId, cohort.startedAt());
            state.put(UnitCohortItem.unitAttribute(action), AttributeValue.fromS(UnitCohortItem.unitValue(unit)));
            state.put(UnitCohortItem.membershipAttribute(action),
                    AttributeValue.fromS(UnitCohortItem.membershipValue(membership)));
            var item = new HashMap<>(UnitCohortItem.key(unit.id()));
            item.put("type", AttributeValue.fromS(UnitCohortItem.TYPE_NAME));
            item.put(UnitCohortItem.ACTION, AttributeValue.fromS(action.wireName()));
            item.put(UnitCohortItem.ARM, AttributeValue.fromS(cohort.arm().wireName()));
            item.put(UnitCohortItem.STARTED_AT, AttributeValue.fromS(cohort.startedAt().toString()));
            item.put(UnitCohortItem.MEMBERS, AttributeValue.fromSs(List.of(membership.token())));
            item.put(UnitCohortItem.MEMBER_VALUE, AttributeValue.fromN("100"));
            aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
        });
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(state));
    }

    /** The cohorts' images the counters last saw, by key. */
    private final Map<String, Map<String, AttributeValue>> cohortsCounted = new HashMap<>();

    /**
     * Feeds the counters function what the stream would: the given outcome items, and every unit
     * cohort changed since it last did.
     */
    private void applyOutcomes(String... eventIds) {
        var records = new ArrayList<DynamodbEvent.DynamodbStreamRecord>();
        for (var id : eventIds) {
            var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                    "pk", AttributeValue.fromS("OUTCOME#" + id),
                    "sk", AttributeValue.fromS("OUTCOME")))).item();
            records.add(record("INSERT", null, item));
        }
        for (var item : aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items()) {
            var pk = item.get("pk").s();
            if (pk.startsWith("COHORT#") && !item.equals(cohortsCounted.get(pk))) {
                var before = cohortsCounted.put(pk, item);
                records.add(record(before == null ? "INSERT" : "MODIFY", before, item));
            }
        }
        var event = new DynamodbEvent();
        event.setRecords(records);
        assertThat(counters.handleRequest(event, new LocalContext("counters")).getBatchItemFailures()).isEmpty();
    }

    private List<Map<String, AttributeValue>> responses(int count, Category category) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        for (int i = 0; i < count; i++) {
            items.add(item("resp-" + UUID.randomUUID(), category, new FollowUpDecision.NoFollowUp("test")));
        }
        return items;
    }

    private DynamodbEvent event(List<Map<String, AttributeValue>> items) {
        var event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(items.stream().map(item -> record("INSERT", null, item)).toList()));
        return event;
    }

    private DynamodbEvent.DynamodbStreamRecord record(String name,
                                                      Map<String, AttributeValue> oldImage,
                                                      Map<String, AttributeValue> newImage) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(name);
        record.setEventID(UUID.randomUUID().toString());
        var change = new StreamRecord();
        change.setSequenceNumber(Long.toString(sequence++));
        if (oldImage != null) {
            change.setOldImage(StreamRecordConverter.toLambdaItem(oldImage));
        }
        if (newImage != null) {
            change.setNewImage(StreamRecordConverter.toLambdaItem(newImage));
        }
        record.setDynamodb(change);
        return record;
    }

    private static Map<String, AttributeValue> item(
            String id, Category category, FollowUpDecision decision) {
        return io.npsloop.table.ResponseItem.toItem(record(id, category, decision, DECIDED), Duration.ofDays(30));
    }

    private static ResponseRecord record(String id, Category category, FollowUpDecision decision, Instant receivedAt) {
        int score = switch (category) {
            case PROMOTER -> 10;
            case PASSIVE -> 7;
            case DETRACTOR -> 2;
        };
        var response = new SurveyResponse(new ResponseKey("generic", id), "nps",
                new Respondent("cust-" + id, null, null, null, "en", new BigDecimal("100")), new Score(score), null, receivedAt);
        return new ResponseRecord(response, ValueTier.LOW, decision, receivedAt);
    }

    private APIGatewayV2HTTPResponse post(List<Map<String, Object>> events) throws Exception {
        return report.handleRequest(http("POST /outcomes", JSON.std.asString(Map.of("events", events)), Map.of()),
                new LocalContext("report"));
    }

    private APIGatewayV2HTTPResponse roiAnswer(Map<String, String> query) {
        return report.handleRequest(http("GET /reports/roi", null, query), new LocalContext("report"));
    }

    private Map<String, Object> roi(String from, String to) throws Exception {
        var answer = roiAnswer(Map.of("from", from, "to", to));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        return JSON.std.mapFrom(answer.getBody());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("results");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> errors(Map<String, Object> result) {
        return (List<Map<String, String>>) result.get("errors");
    }

    private static java.io.PrintStream quiet() {
        return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
