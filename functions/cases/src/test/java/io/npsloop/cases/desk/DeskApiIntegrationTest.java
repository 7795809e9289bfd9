package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.CasesApi;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Role;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.http.Answer;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ReportFunction;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.OutcomeItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The desk's routes, called as the handler calls them with a signed-in person, against DynamoDB
 * Local: cases are stored through the ingest's own store, steps go through the cases' write and
 * outcomes through the outcome intake.
 */
class DeskApiIntegrationTest {

    /**
     * Noon today (UTC), on the desk's clock: cases are received two hours before it, on the same day,
     * so the ages by day received hold whatever the hour the test runs.
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(12));
    private static final DeskUser ANA = new DeskUser("sub-ana", "Ana@Team.example", "Ana", Set.of(Role.AGENT), Set.of("billing"));
    private static final DeskUser BO = new DeskUser("sub-bo", "bo@team.example", "Bo", Set.of(Role.AGENT), Set.of("billing"));
    private static final DeskUser LEE = new DeskUser("sub-lee", "lee@team.example", "Lee", Set.of(Role.LEAD), Set.of("billing"));

    private final LocalAws aws = LocalAws.shared();
    private String tableName;
    private DynamoDbResponseStore store;
    private DynamoDbCases cases;
    private DeskApi desk;
    private CasesApi api;
    private StreamEventSource counters;
    private int seeded;

    @BeforeEach
    void setUp() {
        var resources = aws.provision("desk-" + UUID.randomUUID().toString().substring(0, 8));
        tableName = resources.tableName();
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", tableName);
        var clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store = new DynamoDbResponseStore(aws.dynamoDb(), tableName, Duration.ofDays(30), clock);
        cases = new DynamoDbCases(aws.dynamoDb(), tableName);
        desk = new DeskApi(cases, ReportFunction.outcomes(new Settings(env), aws.dynamoDb(), clock)::record,
                ReportFunction.conversions(new Settings(env), aws.dynamoDb(), clock), PersonalLinks.NONE, clock);
        api = new CasesApi(cases, clock);
        // The desk's counts follow from the table's stream, as the counters function keeps them in AWS.
        var countersFunction = new CountersFunction(new Settings(env));
        counters = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> countersFunction.handleRequest(event, new LocalContext("counters")),
                StreamEventSource.Options.counters(null));
    }

    /** The counts lag the cases by the stream: what the desk shows once the counters function has caught up. */
    private void drainCounters() {
        counters.drain(Duration.ofMillis(300));
    }

    /** A case through the ingest's store, due {@code dueInHours} from now (negative: overdue). */
    private String seed(String id, Action action, ValueTier tier, String source, String customerId, String accountId, int score,
                        int dueInHours) {
        // Each answer a second after the one before, so "latest" is the one seeded last.
        var receivedAt = NOW.minus(Duration.ofHours(2)).plusSeconds(seeded++);
        var response = new SurveyResponse(new ResponseKey(source, id), "s-1",
                new Respondent(customerId, id + "@example.com", "Noor <b>" + id + "</b>", accountId, "en", new BigDecimal("20000")),
                new Score(score), "Comment of " + id, receivedAt.minusSeconds(30));
        var decision = new FollowUpDecision.Contact(action, NOW.plus(Duration.ofHours(dueInHours)), "test");
        store.store(new ResponseRecord(response, tier, decision, receivedAt), store.history(customerId, accountId));
        return source + ":" + id;
    }

    private String seed(String id, int dueInHours) {
        return seed(id, Action.RECOVERY, ValueTier.HIGH, "generic", "cust-" + id, null, 2, dueInHours);
    }

    private static Map<String, Object> json(Answer answer) throws Exception {
        return JSON.std.mapFrom(answer.body());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed(Answer answer) throws Exception {
        return (List<Map<String, Object>>) json(answer).get("cases");
    }

    private List<Object> ids(DeskUser user, Map<String, String> query) throws Exception {
        var answer = desk.queue(user, query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return listed(answer).stream().map(c -> c.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> counts(DeskUser user) throws Exception {
        drainCounters();
        return (Map<String, Map<String, Object>>) json(desk.queue(user, Map.of())).get("counts");
    }

    @Test
    void theQueueListsSoonestDueFirstMarksOverdueAndPagesWithoutRepeats() throws Exception {
        var expected = new ArrayList<String>();
        var actions = Action.values();
        // Due times spread across the three actions' partitions, two sharing a due time.
        int[] due = {-30, -5, -1, 2, 2, 7, 9, 12, 20, 40, 41};
        for (int i = 0; i < due.length; i++) {
            expected.add(seed("q" + i, actions[i % 3], ValueTier.HIGH, "generic", "cust-q" + i, null, 2 + i % 3 * 4, due[i]));
        }

        var first = desk.queue(ANA, Map.of("limit", "20"));
        assertThat(listed(first)).extracting(c -> c.get("id")).containsExactlyElementsOf(sortedByDue(expected, due));
        assertThat(listed(first)).extracting(c -> c.get("overdue")).containsExactly(true, true, true, false, false, false, false,
                false, false, false, false);
        assertThat(json(first).get("next")).isNull();

        var paged = new ArrayList<Object>();
        String cursor = null;
        int pages = 0;
        do {
            var query = new HashMap<String, String>(Map.of("limit", "3"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            var page = desk.queue(ANA, query);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            var ids = listed(page).stream().map(c -> c.get("id")).toList();
            assertThat(ids.size()).isLessThanOrEqualTo(3);
            paged.addAll(ids);
            cursor = (String) json(page).get("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged).containsExactlyElementsOf(sortedByDue(expected, due));
        assertThat(new HashSet<>(paged)).hasSize(paged.size());

        // A cursor belongs to its filters, and a made-up one is refused.
        var withAction = json(desk.queue(ANA, Map.of("limit", "1", "action", "recovery")));
        var mismatched = desk.queue(ANA, Map.of("cursor", (String) withAction.get("next")));
        assertThat(mismatched.status()).isEqualTo(400);
        assertThat(mismatched.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(desk.queue(ANA, Map.of("cursor", "bm90LWEtY3Vyc29y")).status()).isEqualTo(400);
        assertThat(desk.queue(ANA, Map.of("owner", "someone")).status()).isEqualTo(400);
        assertThat(desk.queue(ANA, Map.of("limit", "101")).status()).isEqualTo(400);
    }

    private static List<String> sortedByDue(List<String> ids, int[] due) {
        var order = new ArrayList<Integer>();
        for (int i = 0; i < ids.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> due[a] != due[b] ? Integer.compare(due[a], due[b]) : ids.get(a).compareTo(ids.get(b)));
        return order.stream().map(ids::get).toList();
    }

    @Test
    void eachFilterListsOnlyItsCasesAndCountsFollowClaimAssignAndResolve() throws Exception {
        var highRecovery = seed("f1", Action.RECOVERY, ValueTier.HIGH, "generic", "cust-f1", null, 2, 5);
        var lowRecovery = seed("f2", Action.RECOVERY, ValueTier.LOW, "typeform", "cust-f2", null, 3, 6);
        var referral = seed("f3", Action.REFERRAL, ValueTier.MEDIUM, "typeform", "cust-f3", null, 10, 7);
        var nurture = seed("f4", Action.NURTURE, ValueTier.LOW, "delighted", "cust-f4", null, 7, 8);

        assertThat(ids(ANA, Map.of("action", "recovery"))).containsExactly(highRecovery, lowRecovery);
        assertThat(ids(ANA, Map.of("tier", "low"))).containsExactly(lowRecovery, nurture);
        assertThat(ids(ANA, Map.of("source", "typeform"))).containsExactly(lowRecovery, referral);
        assertThat(ids(ANA, Map.of("source", "typeform", "tier", "medium"))).containsExactly(referral);
        assertThat(ids(ANA, Map.of("owner", "unassigned"))).containsExactly(highRecovery, lowRecovery, referral, nurture);
        assertThat(ids(ANA, Map.of("owner", "mine"))).isEmpty();
        var opened = counts(ANA);
        assertThat(opened.get("action")).containsEntry("recovery", 2).containsEntry("referral", 1).containsEntry("nurture", 1);
        assertThat(opened.get("tier")).containsEntry("low", 2).containsEntry("high", 1).containsEntry("medium", 1);
        assertThat(opened.get("source")).containsEntry("typeform", 2).containsEntry("generic", 1).containsEntry("delighted", 1);
        assertThat(opened.get("owner")).containsEntry("unassigned", 4).containsEntry("mine", 0);

        // Ana claims two, hands one to the team; Bo may not take hers, the lead may.
        assertThat(desk.claim(ANA, highRecovery).status()).isEqualTo(200);
        assertThat(desk.claim(ANA, lowRecovery).status()).isEqualTo(200);
        var taken = desk.claim(BO, highRecovery);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.headers()).containsEntry("content-type", "application/problem+json");
        var assigned = desk.assign(ANA, lowRecovery, "{\"to\":\"team:retention\",\"note\":\"needs a retention offer\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(json(assigned)).containsEntry("owner", "team:retention").containsEntry("team", "retention");
        assertThat(desk.assign(BO, highRecovery, "{\"to\":\"bo@team.example\"}").status()).isEqualTo(403);

        assertThat(ids(ANA, Map.of("owner", "mine"))).containsExactly(highRecovery);
        assertThat(ids(ANA, Map.of("owner", "team:retention"))).containsExactly(lowRecovery);
        assertThat(ids(ANA, Map.of("owner", "unassigned"))).containsExactly(referral, nurture);
        var moved = counts(ANA);
        assertThat(moved.get("owner")).containsEntry("unassigned", 2).containsEntry("mine", 1).containsEntry("team:retention", 1)
                .doesNotContainKey("person:ana@team.example");
        assertThat(counts(LEE).get("owner")).containsEntry("person:ana@team.example", 1).containsEntry("mine", 0);

        // The lead takes Ana's case over; then it is contacted and resolved and leaves every count.
        assertThat(desk.claim(LEE, highRecovery).status()).isEqualTo(200);
        assertThat(counts(ANA).get("owner")).containsEntry("mine", 0);
        var reached = desk.attempt(LEE, highRecovery, "{\"channel\":\"phone\",\"reached\":true,\"note\":\"called\"}");
        assertThat(json(reached)).containsEntry("status", "contacted");
        var resolved = desk.event(LEE, highRecovery, "{\"type\":\"resolved\",\"reasonCode\":\"billing\",\"note\":\"refund sent\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        var after = counts(LEE);
        assertThat(after.get("action")).containsEntry("recovery", 1).containsEntry("referral", 1).containsEntry("nurture", 1);
        assertThat(after.get("tier")).doesNotContainKey("high");
        assertThat(after.get("owner")).doesNotContainKey("person:lee@team.example").containsEntry("mine", 0);
        assertThat(ids(LEE, Map.of("action", "recovery"))).containsExactly(lowRecovery);
        assertThat(desk.claim(ANA, highRecovery).status()).isEqualTo(409);

        // Every step shows through the cases API too, with who and how.
        var shown = json(api.show(highRecovery));
        assertThat(shown).containsEntry("status", "resolved").containsEntry("owner", "person:lee@team.example");
        assertThat((List<Map<String, Object>>) shown.get("events")).extracting(e -> e.get("type"))
                .containsExactly("claimed", "claimed", "attempted", "contacted", "resolved");
        assertThat(((List<Map<String, Object>>) shown.get("events")).get(2)).containsEntry("channel", "phone").containsEntry("reached", true);
        assertThat(((List<Map<String, Object>>) shown.get("events")).get(4)).containsEntry("reasonCode", "billing");
    }

    @Test
    void leadOnlyRoutesUnknownCasesAndBadStepsAnswerProblems() throws Exception {
        var id = seed("p1", 3);
        var forbidden = desk.lead(ANA);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.headers()).containsEntry("content-type", "application/problem+json");
        var unknown = desk.show(ANA, "generic:nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.headers()).containsEntry("content-type", "application/problem+json");
        assertThat(desk.claim(ANA, "no-colon").status()).isEqualTo(404);
        assertThat(desk.event(ANA, id, "{\"type\":\"resolved\",\"reasonCode\":\"billing\"}").status()).isEqualTo(409);
        assertThat(desk.event(ANA, id, "{\"type\":\"resolved\"}").status()).isEqualTo(400);
        assertThat(desk.event(ANA, id, "{\"type\":\"contacted\",\"note\":\"bell\\u0007\"}").status()).isEqualTo(400);
        assertThat(desk.event(ANA, id, "{\"type\":\"contacted\",\"note\":\"" + "x".repeat(DeskApi.MAX_NOTE + 1) + "\"}").status())
                .isEqualTo(400);
        assertThat(desk.attempt(ANA, id, "{\"channel\":\"pigeon\",\"reached\":true}").status()).isEqualTo(400);
        var viewer = new DeskUser("sub-v", "v@team.example", "V", Set.of(), Set.of());
        assertThat(desk.queue(viewer, Map.of()).status()).isEqualTo(403);
        assertThat(desk.claim(viewer, id).status()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCaseComesWithTheCustomersEarlierAnswersCasesOutcomesReferralsAndTheAccount() throws Exception {
        // Earlier: a referral case of the same customer, worked, with two people referred.
        var earlier = seed("c1", Action.REFERRAL, ValueTier.HIGH, "generic", "cust-c", "acct-c", 10, 10);
        var referred = desk.referrals(ANA, earlier, "{\"people\":[{\"name\":\"Sam Lee\",\"contact\":\"sam@example.com\",\"consent\":true},"
                + "{\"name\":\"Kim Park\",\"contact\":\"+44 20 7946 0000\",\"consent\":true}]}");
        assertThat(referred.status()).as(referred.body()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) json(referred).get("outcomes")).extracting(r -> r.get("status"))
                .containsExactly("recorded", "recorded");
        assertThat(desk.referrals(ANA, earlier, "{\"people\":[{\"name\":\"No Consent\",\"contact\":\"n@example.com\"}]}").status())
                .isEqualTo(400);
        assertThat(desk.referrals(ANA, earlier, "{\"people\":[{\"name\":\"A\",\"contact\":\"not a contact\",\"consent\":true}]}").status())
                .isEqualTo(400);
        assertThat(desk.event(ANA, earlier, "{\"type\":\"unresolved\",\"reasonCode\":\"other\"}").status()).isEqualTo(200);
        // A colleague at the same account answered too.
        seed("c2", Action.RECOVERY, ValueTier.HIGH, "generic", "cust-other", "acct-c", 3, 5);
        // Now the same customer is a detractor: the case in view.
        var now = seed("c3", Action.RECOVERY, ValueTier.HIGH, "generic", "cust-c", "acct-c", 1, -2);
        var renewed = desk.outcome(ANA, now, "{\"type\":\"renewed\",\"value\":1200,\"eventId\":\"desk-renew-1\"}");
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(desk.outcome(ANA, now, "{\"type\":\"renewed\",\"value\":1200,\"eventId\":\"desk-renew-1\"}").outcome())
                .isEqualTo("duplicate");
        assertThat(desk.outcome(ANA, now, "{\"type\":\"referral_converted\"}").status()).isEqualTo(400);

        // The connector opened a Zendesk ticket for the case in view.
        var ticket = new HashMap<>(ConnectorItem.key("zendesk", now));
        ticket.put(ConnectorItem.EXTERNAL_ID, AttributeValue.fromS("123"));
        ticket.put(ConnectorItem.URL, AttributeValue.fromS("https://acme.zendesk.com/agent/tickets/123"));
        aws.dynamoDb().putItem(r -> r.tableName(tableName).item(ticket));

        var view = json(desk.show(ANA, now));
        assertThat((List<Map<String, Object>>) view.get("elsewhere")).containsExactly(
                Map.of("tool", "zendesk", "id", "123", "url", "https://acme.zendesk.com/agent/tickets/123"));
        assertThat((List<Map<String, Object>>) json(desk.show(ANA, earlier)).get("elsewhere")).isEmpty();
        assertThat((Map<String, Object>) view.get("who")).containsEntry("name", "Noor <b>c3</b>").containsEntry("accountId", "acct-c")
                .containsEntry("tier", "high");
        assertThat((Map<String, Object>) view.get("answer")).containsEntry("score", 1).containsEntry("source", "generic");
        var theCase = (Map<String, Object>) view.get("case");
        assertThat(theCase).containsEntry("overdue", true).containsEntry("status", "open");
        assertThat((List<Map<String, Object>>) theCase.get("events")).extracting(e -> e.get("type")).containsExactly("outcome");
        var context = (Map<String, Object>) view.get("context");
        assertThat((List<Map<String, Object>>) context.get("earlierAnswers")).extracting(a -> a.get("id")).containsExactly(earlier);
        assertThat((List<Map<String, Object>>) context.get("earlierCases")).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("status", "unresolved").containsEntry("reasonCode", "other").containsEntry("referrals", 2));
        assertThat((List<Map<String, Object>>) context.get("outcomes")).extracting(o -> o.get("type"))
                .containsExactlyInAnyOrder("renewed", "referral_lead", "referral_lead");
        assertThat(context).containsEntry("referralsGiven", 2);
        var account = (Map<String, Object>) context.get("account");
        assertThat((List<Map<String, Object>>) account.get("contacts")).extracting(c -> c.get("customerId")).containsExactly("cust-other");
        // Latest answers: cust-c a detractor (1), cust-other a detractor (3).
        assertThat(account).containsEntry("respondents", 2).containsEntry("nps", -100);

        // The outcome went through the outcome intake: one item, for this customer.
        var item = aws.dynamoDb().getItem(r -> r.tableName(tableName).key(OutcomeItem.key("desk-renew-1"))).item();
        assertThat(item.get(OutcomeItem.CUSTOMER_ID).s()).isEqualTo("cust-c");
        assertThat(item.get(OutcomeItem.OUTCOME_TYPE).s()).isEqualTo("renewed");
        // The people are on the earlier case, as the team sees it.
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) json(desk.show(ANA, earlier)).get("case")).get("referrals"))
                .extracting(p -> p.get("name")).containsExactly("Sam Lee", "Kim Park");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLeadViewGivesTheShareContactedInSlaPerPersonAndTeamTheOverdueAndAges() throws Exception {
        var inTime = seed("l1", 5);
        var late = seed("l2", -3);
        var givenUp = seed("l3", 4);
        var stillOverdue = seed("l4", -1);
        assertThat(desk.attempt(ANA, inTime, "{\"channel\":\"email\",\"reached\":true}").status()).isEqualTo(200);
        assertThat(desk.event(ANA, late, "{\"type\":\"contacted\"}").status()).isEqualTo(200);
        assertThat(desk.event(BO, givenUp, "{\"type\":\"unresolved\",\"reasonCode\":\"price\"}").status()).isEqualTo(200);
        // A note or an attempt that does not reach them does not handle a case.
        assertThat(desk.attempt(BO, stillOverdue, "{\"channel\":\"phone\",\"reached\":false}").status()).isEqualTo(200);

        drainCounters();
        var view = json(desk.lead(LEE));
        var people = (Map<String, Map<String, Map<String, Object>>>) view.get("people");
        assertThat(people.get("ana@team.example").get("thisWeek")).containsEntry("handled", 2).containsEntry("contactedInSla", 1)
                .containsEntry("share", 0.5);
        assertThat(people.get("bo@team.example").get("thisWeek")).containsEntry("handled", 1).containsEntry("contactedInSla", 0);
        assertThat(people.get("ana@team.example").get("lastWeek")).containsEntry("handled", 0).containsEntry("share", null);
        var teams = (Map<String, Map<String, Map<String, Object>>>) view.get("teams");
        assertThat(teams.get("billing").get("thisWeek")).containsEntry("handled", 3).containsEntry("contactedInSla", 1);
        assertThat((List<Map<String, Object>>) view.get("overdue")).extracting(c -> c.get("id")).containsExactly(late, stillOverdue);
        assertThat((Map<String, Object>) view.get("openByAge")).containsEntry("under1d", 3);
    }
}
