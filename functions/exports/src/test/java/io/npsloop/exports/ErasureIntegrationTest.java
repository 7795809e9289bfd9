package io.npsloop.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.CasesFunction;
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
import io.npsloop.ingest.IngestFunction;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.typeform.TypeformSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ErasureFunction;
import io.npsloop.report.ReportFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure on request through the handlers, against DynamoDB Local and S3 in fauxqs: a customer
 * with two responses (one joined to another person's account case, one a case of their own that
 * was worked), outcomes and a quarantined request is erased; nothing of theirs is left in the
 * table or the next export, the other person's data and the ROI report's figures are unchanged.
 */
class ErasureIntegrationTest {

    private static final String SECRET = "whsec_ZXJhc3VyZS10ZXN0LXNpZ25pbmcta2V5LWxvY2Fs";
    private static final String ERASED = "cust-erase-7";
    private static final String NAME = "Ana Erasmus";
    private static final String EMAIL = "ana.erasmus@example.com";
    private static final String KEPT = "cust-keep-7";
    private static final String TYPEFORM_SECRET = "erasure-test-typeform-secret";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private String bucket;
    private Map<String, String> environment;
    private Settings settings;
    private IngestFunction ingest;

    @BeforeEach
    void setUp() {
        var name = "erasure-" + UUID.randomUUID().toString().substring(0, 8);
        resources = aws.provision(name);
        bucket = aws.bucket(name);
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", SECRET);
        env.put("WEBHOOK_SECRET_TYPEFORM", TYPEFORM_SECRET);
        env.put("HOLDOUT_PERCENT", "0");
        env.put("EXPORT_BUCKET", bucket);
        environment = env;
        settings = new Settings(env);
        ingest = new IngestFunction(settings);
    }

    @Test
    void anErasedCustomerLeavesNoItemNoExportRowAndNoChangeInTheReport() throws Exception {
        // The other person opens the account's recovery case; the customer's first answer joins it.
        assertThat(post("resp-keep-1", "nps-a", KEPT, "acct-shared", 1, "Bo Keeper", "bo.keeper@example.com", "Slow support").getStatusCode())
                .isEqualTo(202);
        assertThat(post("resp-erase-1", "nps-a", ERASED, "acct-shared", 2, NAME, EMAIL, "Billing was wrong").getStatusCode())
                .isEqualTo(202);
        // The second answer, without an account, is a case of their own, which someone works.
        assertThat(post("resp-erase-2", "nps-b", ERASED, null, 3, NAME, EMAIL, "Still wrong").getStatusCode()).isEqualTo(202);
        var cases = new CasesFunction(settings);
        var contacted = cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /cases/{id}/events")
                .withPathParameters(Map.of("id", "generic:resp-erase-2"))
                .withBody("{\"type\":\"contacted\",\"by\":\"lee@team.example\",\"note\":\"called " + NAME + "\"}").build(),
                new LocalContext("cases"));
        assertThat(contacted.getStatusCode()).as(contacted.getBody()).isEqualTo(200);
        var report = new ReportFunction(settings);
        var outcomes = report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /outcomes")
                .withBody("{\"events\":["
                        + "{\"eventId\":\"crm-erase-1\",\"customerId\":\"" + ERASED + "\",\"type\":\"concession\",\"occurredAt\":\"" + Instant.now() + "\",\"value\":40},"
                        + "{\"eventId\":\"crm-erase-2\",\"customerId\":\"" + ERASED + "\",\"type\":\"churned\",\"occurredAt\":\"" + Instant.now() + "\"},"
                        + "{\"eventId\":\"crm-keep-1\",\"customerId\":\"" + KEPT + "\",\"type\":\"renewed\",\"occurredAt\":\"" + Instant.now() + "\"}]}")
                .build(), new LocalContext("report"));
        assertThat(JSON.std.mapFrom(outcomes.getBody())).containsEntry("recorded", 3);
        // A request turned away (bad signature) keeps its raw body in the quarantine, naming the customer.
        assertThat(postSigned(body("resp-erase-3", "nps-c", ERASED, null, 5, NAME, EMAIL, "x"), "v1,AAAA").getStatusCode()).isEqualTo(401);
        assertThat(postSigned(body("resp-keep-3", "nps-c", KEPT, null, 5, "Bo Keeper", "bo.keeper@example.com", "x"), "v1,AAAA")
                .getStatusCode()).isEqualTo(401);
        drainCounters();
        var before = roi(report);
        new ExportFunction(settings).handleRequest(new ScheduledEvent(), new LocalContext("export"));
        assertThat(object("latest/cases.csv")).contains(ERASED);
        assertThat(itemsNaming(ERASED)).isNotEmpty();
        var keptBefore = itemsNaming(KEPT, "Bo Keeper", "bo.keeper@example.com").size();

        var erasure = new ErasureFunction(settings);
        var answer = erase(erasure, ERASED);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        assertThat(answer.getBody()).doesNotContain(ERASED, NAME, EMAIL);
        var body = JSON.std.mapFrom(answer.getBody());
        assertThat(body).containsEntry("erased", true).containsEntry("erasedBefore", false).containsEntry("scanned", false);
        assertThat(body.get("removed")).isEqualTo(Map.ofEntries(
                Map.entry("responses", 2), Map.entry("cases", 1), Map.entry("caseEntries", 1), Map.entry("outcomes", 2),
                Map.entry("churnMarkers", 0), Map.entry("claims", 0), Map.entry("fetches", 0), Map.entry("quarantined", 1),
                Map.entry("customerState", 1), Map.entry("leads", 0), Map.entry("referralLinks", 0)));
        assertThat(itemsNaming(ERASED, NAME, EMAIL)).isEmpty();
        assertThat(itemsNaming(KEPT, "Bo Keeper", "bo.keeper@example.com")).hasSize(keptBefore);
        drainCounters();
        assertThat(roi(report)).isEqualTo(before);
        new ExportFunction(settings).handleRequest(new ScheduledEvent(), new LocalContext("export"));
        var csv = object("latest/cases.csv");
        assertThat(csv).doesNotContain(ERASED, "resp-erase-").contains(KEPT);
        assertThat(object("latest/cases.jsonl")).doesNotContain(ERASED, "resp-erase-");

        var again = erase(erasure, ERASED);
        assertThat(again.getStatusCode()).isEqualTo(200);
        var second = JSON.std.mapFrom(again.getBody());
        assertThat(second).containsEntry("erasedBefore", true).containsEntry("erasedAt", body.get("erasedAt"));
        assertThat(new ArrayList<Object>(((Map<?, ?>) second.get("removed")).values())).containsOnly(0);

        // A late retry of their webhook, or a late outcome, does not bring them back.
        var retry = post("resp-erase-1", "nps-a", ERASED, "acct-shared", 2, NAME, EMAIL, "Billing was wrong");
        assertThat(retry.getStatusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(retry.getBody())).containsEntry("erased", true);
        var late = report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /outcomes")
                .withBody("{\"events\":[{\"eventId\":\"crm-erase-9\",\"customerId\":\"" + ERASED
                        + "\",\"type\":\"renewed\",\"occurredAt\":\"" + Instant.now() + "\"}]}").build(), new LocalContext("report"));
        assertThat(late.getBody()).contains("was erased on request");
        assertThat(itemsNaming(ERASED, NAME, EMAIL)).isEmpty();
    }

    @Test
    void aCustomerKnownOnlyByAnIgnoredRequestIsErasedFromTheQuarantine() throws Exception {
        // A partial Typeform response is answered ignored but kept raw, naming its respondent.
        var customer = "cust-erase-8";
        var partial = "{\"event_id\":\"01JPARTIAL8\",\"event_type\":\"form_response_partial\",\"form_response\":{"
                + "\"form_id\":\"lT4Z3j\",\"token\":\"partial-erase-8\",\"submitted_at\":\"" + Instant.now() + "\","
                + "\"hidden\":{\"customer_id\":\"" + customer + "\"},\"answers\":[]}}";
        var ignored = ingest.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "typeform"))
                .withHeaders(Map.of("content-type", "application/json",
                        "typeform-signature", TypeformSource.signature(TYPEFORM_SECRET, partial.getBytes(StandardCharsets.UTF_8))))
                .withBody(partial).build(), new LocalContext("ingest"));
        assertThat(JSON.std.mapFrom(ignored.getBody())).as(ignored.getBody()).containsEntry("ignored", true);
        assertThat(itemsNaming(customer)).hasSize(1);

        var answer = erase(new ErasureFunction(settings), customer);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        var removed = (Map<String, Object>) JSON.std.mapFrom(answer.getBody()).get("removed");
        assertThat(removed).containsEntry("quarantined", 1)
                .containsEntry("responses", 0).containsEntry("customerState", 0);
        assertThat(itemsNaming(customer)).isEmpty();
    }

    @Test
    void anUnknownCustomerIsNotFound() throws Exception {
        var answer = erase(new ErasureFunction(settings), "cust-never-seen");

        assertThat(answer.getStatusCode()).isEqualTo(404);
        assertThat(answer.getHeaders()).containsEntry("content-type", "application/problem+json");
        assertThat(itemsNaming("ERASED#")).isEmpty();
    }

    @Test
    void responsesStoredBeforeTheCustomerIndexExistedAreFoundByAScan() throws Exception {
        post("resp-old-1", "nps-a", ERASED, null, 9, NAME, EMAIL, "Fine");
        post("resp-old-2", "nps-b", ERASED, null, 8, NAME, EMAIL, "Ok");
        // As stored before: the state counts the responses but does not list them.
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("CUSTOMER#" + ERASED), "sk", AttributeValue.fromS("STATE")))
                .updateExpression("REMOVE responseKeys"));

        var answer = erase(new ErasureFunction(settings), ERASED);

        var body = JSON.std.mapFrom(answer.getBody());
        assertThat(body).containsEntry("scanned", true);
        assertThat(((Map<?, ?>) body.get("removed")).get("responses")).isEqualTo(2);
        assertThat(itemsNaming(ERASED, NAME, EMAIL)).isEmpty();
    }

    @Test
    void aChurnCountedInRecoveryAndNurtureLeavesNothingNamingThemAndOlderChurnMarkersGoToo() throws Exception {
        var env = new HashMap<>(environment);
        env.put("NURTURE_PASSIVES", "true");
        settings = new Settings(env);
        ingest = new IngestFunction(settings);
        assertThat(post("resp-both-1", "nps-a", ERASED, null, 2, NAME, EMAIL, "Slow").getStatusCode()).isEqualTo(202);
        assertThat(post("resp-both-2", "nps-b", ERASED, null, 7, NAME, EMAIL, "Better").getStatusCode()).isEqualTo(202);
        var report = new ReportFunction(settings);
        var outcomes = report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /outcomes")
                .withBody("{\"events\":[{\"eventId\":\"crm-both-1\",\"customerId\":\"" + ERASED
                        + "\",\"type\":\"churned\",\"occurredAt\":\"" + Instant.now() + "\"}]}")
                .build(), new LocalContext("report"));
        var recorded = firstResult(JSON.std.mapFrom(outcomes.getBody()));
        assertThat(recorded.get("cohort")).isEqualTo(Map.of("action", "recovery", "arm", "treatment", "day", today()));
        assertThat(recorded.get("alsoCohorts")).isEqualTo(List.of(Map.of("action", "nurture", "arm", "treatment", "day", today())));

        // A churn recorded before unit cohorts, with the marker it wrote then, which names the customer.
        var decidedAt = "2026-01-05T10:00:00Z";
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(Map.of(
                "pk", AttributeValue.fromS("OUTCOME#crm-legacy-1"), "sk", AttributeValue.fromS("OUTCOME"),
                "type", AttributeValue.fromS("outcome"), "eventId", AttributeValue.fromS("crm-legacy-1"),
                "customerId", AttributeValue.fromS(ERASED), "outcomeType", AttributeValue.fromS("churned"),
                "cohortAction", AttributeValue.fromS("recovery"), "cohortDecidedAt", AttributeValue.fromS(decidedAt))));
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(Map.of(
                "pk", AttributeValue.fromS("CHURN#" + ERASED + "#" + decidedAt), "sk", AttributeValue.fromS("CHURN"),
                "type", AttributeValue.fromS("churn-marker"), "eventId", AttributeValue.fromS("crm-legacy-1"))));
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("CUSTOMER#" + ERASED), "sk", AttributeValue.fromS("STATE")))
                .updateExpression("ADD outcomeIds :id").expressionAttributeValues(Map.of(":id", AttributeValue.fromSs(List.of("crm-legacy-1")))));

        var answer = erase(new ErasureFunction(settings), ERASED);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        var removed = (Map<?, ?>) JSON.std.mapFrom(answer.getBody()).get("removed");
        assertThat(removed.get("outcomes")).isEqualTo(2);
        assertThat(removed.get("churnMarkers")).isEqualTo(1);
        // The cohorts it counted in keep their counts and name no one.
        assertThat(itemsNaming(ERASED, NAME, EMAIL)).isEmpty();
    }

    @Test
    void erasingAPromoterErasesThePeopleTheyReferredAndTheirCaseLeavesTheDesksCounts() throws Exception {
        var promoter = "cust-promoter-7";
        var receivedAt = Instant.now().minusSeconds(60);
        var response = new SurveyResponse(new ResponseKey("generic", "resp-promoter-1"), "nps-a",
                new Respondent(promoter, "pat.promoter@example.com", "Pat Promoter", "acct-referring", "en", null),
                new Score(10), "Love it", receivedAt);
        var store = new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), java.time.Clock.systemUTC());
        store.store(new ResponseRecord(response, ValueTier.UNKNOWN,
                new FollowUpDecision.Contact(Action.REFERRAL, receivedAt.plus(Duration.ofDays(2)), "promoter: ask for referrals"), receivedAt),
                store.history(promoter, "acct-referring"));
        var lead = new DeskUser("sub-lee", "lee@team.example", "Lee", Set.of(Role.LEAD), Set.of("growth"));
        var cases = new CasesFunction(settings, headers -> Optional.of(lead));
        var referred = cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /desk/api/cases/{id}/referrals")
                .withPathParameters(Map.of("id", "generic:resp-promoter-1"))
                .withBody("{\"people\":[{\"name\":\"Sam Referred\",\"contact\":\"sam.referred@example.com\",\"consent\":true}]}")
                .build(), new LocalContext("cases"));
        assertThat(referred.getStatusCode()).as(referred.getBody()).isEqualTo(200);
        assertThat(itemsNaming("Sam Referred", "sam.referred@example.com")).as("on the case, and as a lead")
                .extracting(i -> i.get("type").s()).containsExactlyInAnyOrder("response", "lead");
        drainCounters();
        var open = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("DESK#OPEN"), "sk", AttributeValue.fromS("FACETS")))).item();
        assertThat(open.get("action#referral").n()).isEqualTo("1");

        assertThat(erase(new ErasureFunction(settings), promoter).getStatusCode()).isEqualTo(200);

        assertThat(itemsNaming("Sam Referred", "sam.referred@example.com")).isEmpty();
        assertThat(itemsNaming(promoter, "Pat Promoter", "pat.promoter@example.com", "generic:resp-promoter-1")).isEmpty();
        // The removal reaches the counts through the stream.
        drainCounters();
        var after = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("DESK#OPEN"), "sk", AttributeValue.fromS("FACETS")))).item();
        assertThat(after.get("action#referral").n()).as("the open case left the desk's counts").isEqualTo("0");
    }

    private static String today() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    }

    /** The first event's result in a {@code POST /outcomes} answer. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstResult(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("results")).get(0);
    }

    private APIGatewayV2HTTPResponse erase(ErasureFunction erasure, String customerId) {
        return erasure.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("DELETE /customers/{id}")
                .withPathParameters(Map.of("id", customerId)).build(), new LocalContext("erasure"));
    }

    private Map<String, Object> roi(ReportFunction report) throws Exception {
        var answer = report.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET /reports/roi").build(),
                new LocalContext("report"));
        assertThat(answer.getStatusCode()).isEqualTo(200);
        var figures = new HashMap<String, Object>();
        for (var part : List.of("nps", "recovery", "referral", "nurture", "totals", "daily")) {
            figures.put(part, JSON.std.mapFrom(answer.getBody()).get(part));
        }
        assertThat(figures.get("nps")).isNotNull();
        return figures;
    }

    /** Every item of the table with an attribute value (at any depth) containing one of the texts. */
    private List<Map<String, AttributeValue>> itemsNaming(String... texts) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        for (var item : aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items()) {
            if (item.values().stream().anyMatch(value -> contains(value, texts))) {
                found.add(item);
            }
        }
        return found;
    }

    private static boolean contains(AttributeValue value, String... texts) {
        var strings = new ArrayList<String>();
        if (value.s() != null) {
            strings.add(value.s());
        }
        if (value.hasSs()) {
            strings.addAll(value.ss());
        }
        if (value.hasL()) {
            return value.l().stream().anyMatch(v -> contains(v, texts));
        }
        if (value.hasM()) {
            return value.m().values().stream().anyMatch(v -> contains(v, texts));
        }
        return strings.stream().anyMatch(s -> List.of(texts).stream().anyMatch(s::contains));
    }

    private static String body(String responseId, String survey, String customer, String account, int score, String name,
                               String email, String comment) {
        return "{\"responseId\":\"" + responseId + "\",\"surveyId\":\"" + survey + "\",\"respondent\":{\"id\":\"" + customer
                + "\",\"name\":\"" + name + "\",\"email\":\"" + email + "\""
                + (account == null ? "" : ",\"accountId\":\"" + account + "\"")
                + ",\"annualValue\":5000},\"score\":" + score + ",\"comment\":\"" + comment + "\",\"submittedAt\":\"" + Instant.now() + "\"}";
    }

    private APIGatewayV2HTTPResponse post(String responseId, String survey, String customer, String account, int score, String name,
                                          String email, String comment) {
        return postSigned(body(responseId, survey, customer, account, score, name, email, comment), null);
    }

    private APIGatewayV2HTTPResponse postSigned(String body, String signature) {
        var id = "msg_" + UUID.randomUUID();
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var signed = signature != null ? signature : StandardWebhooks.signature(SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8));
        return ingest.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "generic"))
                .withHeaders(Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                        "webhook-signature", signed))
                .withBody(body).build(), new LocalContext("ingest"));
    }

    private void drainCounters() {
        var counters = new CountersFunction(settings);
        new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> counters.handleRequest(event, new LocalContext("counters")),
                new StreamEventSource.Options(1000, 5, StreamEventSource.COUNTED_ITEMS, null)).drain(Duration.ofMillis(300));
    }

    private String object(String key) {
        return aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }
}
