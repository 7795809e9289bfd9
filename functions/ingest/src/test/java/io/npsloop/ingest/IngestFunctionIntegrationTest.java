package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

/** The ingest function as Lambda runs it, with its production wiring, against DynamoDB Local over HTTP. */
class IngestFunctionIntegrationTest {

    private static final String DETRACTOR = Fixtures.webhook("generic-detractor.json");

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private IngestFunction function;
    private LocalContext context;

    @BeforeEach
    void setUp() {
        resources = aws.provision("ingest-" + UUID.randomUUID().toString().substring(0, 8));
        function = new IngestFunction(settings(Map.of()));
        context = new LocalContext("ingest");
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("WEBHOOK_SECRET_GENERIC", Fixtures.GENERIC_SECRET);
        env.put("WEBHOOK_SECRET_TYPEFORM", Fixtures.TYPEFORM_SECRET);
        env.putAll(overrides);
        return new Settings(env);
    }

    static APIGatewayV2HTTPEvent webhook(String source, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath("/webhooks/" + source)
                .withPathParameters(Map.of("source", source))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private APIGatewayV2HTTPResponse post(String source, Map<String, String> headers, String body) {
        return function.handleRequest(webhook(source, headers, body), context);
    }

    private APIGatewayV2HTTPResponse postGeneric(String body) {
        return post("generic", Fixtures.genericHeaders(body, "msg_" + UUID.randomUUID(), Instant.now()), body);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.std.mapFrom(response.getBody());
    }

    /** Posts every body at once, each from its own function instance, as concurrent Lambda containers would. */
    private List<APIGatewayV2HTTPResponse> postConcurrently(Map<String, String> env, List<String> bodies) throws Exception {
        var pool = Executors.newFixedThreadPool(Math.min(bodies.size(), 8));
        try {
            var calls = new ArrayList<Callable<APIGatewayV2HTTPResponse>>();
            for (var body : bodies) {
                var own = new IngestFunction(settings(env));
                calls.add(() -> own.handleRequest(
                        webhook("generic", Fixtures.genericHeaders(body, "msg_" + UUID.randomUUID(), Instant.now()), body),
                        new LocalContext("ingest")));
            }
            var answers = new ArrayList<APIGatewayV2HTTPResponse>();
            for (Future<APIGatewayV2HTTPResponse> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> followUp(APIGatewayV2HTTPResponse response) throws Exception {
        return (Map<String, Object>) json(response).get("followUp");
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    /** Items outside the quarantine, which keeps every rejected request on purpose. */
    private int itemCount() {
        return (int) aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> !i.get("pk").s().startsWith("QUARANTINE#")).count();
    }

    @Test
    void acceptsASignedResponseAndStoresItWithItsPendingFollowUpAndTheRespondentsState() throws Exception {
        var response = postGeneric(DETRACTOR);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        var body = json(response);
        assertThat(body).containsEntry("responseId", "resp-2026-11-0001")
                .containsEntry("category", "detractor")
                .containsEntry("valueTier", "high");
        assertThat(body.get("followUp")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("action", "recovery").containsKey("dueAt");

        var stored = item("RESPONSE#generic#resp-2026-11-0001", "RESPONSE");
        assertThat(stored.get("followUpStatus").s()).isEqualTo("pending");
        assertThat(stored.get("followUpAction").s()).isEqualTo("recovery");
        assertThat(stored.get("followUpReason").s()).isEqualTo("detractor: service recovery; expected value 2400.00 exceeds the cost 25.00");
        assertThat(stored.get("arm").s()).isEqualTo("treatment");
        assertThat(stored.get("score").n()).isEqualTo("3");
        assertThat(stored.get("customerId").s()).isEqualTo("cust-1001");
        assertThat(Long.parseLong(stored.get("expiresAt").n())).isGreaterThan(Instant.now().plusSeconds(700L * 86_400).getEpochSecond());

        var state = item("CUSTOMER#cust-1001", "STATE");
        assertThat(state.get("responses").n()).isEqualTo("1");
        assertThat(state.get("detractors").n()).isEqualTo("1");
        assertThat(state.get("lastScore").n()).isEqualTo("3");
        assertThat(state.get("lastCategory").s()).isEqualTo("detractor");
        assertThat(state.get("firstSeenAt").s()).isEqualTo(state.get("lastSeenAt").s());
        assertThat(context.lines()).hasSize(2);
        assertThat(JSON.std.mapFrom(context.lines().get(0))).containsEntry("level", "INFO").containsEntry("function", "ingest")
                .containsEntry("message", "webhook").containsEntry("correlationId", "generic:resp-2026-11-0001")
                .containsEntry("source", "generic").containsEntry("status", 202).containsEntry("outcome", "accepted")
                .containsEntry("requestId", context.getAwsRequestId());
        assertThat(JSON.std.mapFrom(context.lines().get(1))).containsEntry("Accepted", 1)
                .containsEntry("correlationId", "generic:resp-2026-11-0001").containsKey("_aws");
    }

    @Test
    void aRetryAnswers200WithTheOriginalDecisionAndCreatesNothing() throws Exception {
        assertThat(postGeneric(DETRACTOR).getStatusCode()).isEqualTo(202);
        int items = itemCount();

        var retry = postGeneric(DETRACTOR);

        assertThat(retry.getStatusCode()).isEqualTo(200);
        assertThat(json(retry)).containsEntry("duplicate", true).containsEntry("category", "detractor")
                .containsEntry("followUp", Map.of("action", "recovery", "status", "pending"));
        assertThat(itemCount()).isEqualTo(items);
        assertThat(item("CUSTOMER#cust-1001", "STATE").get("responses").n()).isEqualTo("1");
    }

    @Test
    void concurrentDuplicatesStoreExactlyOneResponse() throws Exception {
        var statuses = postConcurrently(Map.of(), java.util.Collections.nCopies(16, DETRACTOR)).stream()
                .map(APIGatewayV2HTTPResponse::getStatusCode).toList();

        assertThat(statuses).containsOnly(200, 202);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(item("CUSTOMER#cust-1001", "STATE").get("responses").n()).isEqualTo("1");
        assertThat(item("ACCOUNT#acct-globex", "STATE").get("openRecoveryCase").s()).isEqualTo("generic:resp-2026-11-0001");
        assertThat(itemCount()).as("the response, the customer's state, the account's open case and its unit cohort").isEqualTo(4);
    }

    @Test
    void concurrentDuplicatesWrittenWithoutATransactionStoreAndCountOneResponse() throws Exception {
        // An answer not worth its follow-up is two standard writes (state, then response), not one transaction.
        var promoter = Fixtures.webhook("generic-promoter.json");
        var statuses = postConcurrently(Map.of("REFERRAL_COST", "1000000"), java.util.Collections.nCopies(16, promoter)).stream()
                .map(APIGatewayV2HTTPResponse::getStatusCode).toList();

        assertThat(statuses).containsOnly(200, 202);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        var state = item("CUSTOMER#cust-1002", "STATE");
        assertThat(state.get("responses").n()).isEqualTo("1");
        assertThat(state.get("version").n()).isEqualTo("1");
        assertThat(state.get("recentDecisions").m()).containsOnlyKeys("generic:resp-2026-11-0002");
        assertThat(item("RESPONSE#generic#resp-2026-11-0002", "RESPONSE").get("followUpStatus").s()).isEqualTo("not-contacted");
        assertThat(itemCount()).as("the response and the customer's state; no account item or cohort outside the experiment").isEqualTo(2);
    }

    @Test
    void concurrentDifferentResponsesFromOneCustomerAreAllCounted() throws Exception {
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            // Different surveys: answers to one survey within its wave would revise each other instead.
            bodies.add(DETRACTOR.replace("resp-2026-11-0001", "resp-burst-" + i).replace("relationship-nps-q4", "pulse-" + i));
        }

        assertThat(postConcurrently(Map.of(), bodies)).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(202);
        var state = item("CUSTOMER#cust-1001", "STATE");
        assertThat(state.get("responses").n()).isEqualTo("6");
        assertThat(state.get("detractors").n()).isEqualTo("6");
        // Under concurrency still one recovery case; the other answers are added to it.
        var statuses = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.containsKey("followUpStatus")).map(i -> i.get("followUpStatus").s()).toList();
        assertThat(statuses).containsExactlyInAnyOrder("pending", "joined-case", "joined-case", "joined-case",
                "joined-case", "joined-case");
    }

    @Test
    void aSecondDetractorAnswerWithinTheCooldownIsStoredButNotFollowedUpAgain() throws Exception {
        var noAccount = DETRACTOR.replace("\"accountId\": \"acct-globex\",", "");
        assertThat(postGeneric(noAccount).getStatusCode()).isEqualTo(202);
        // The team closes the case, so only the cooldown stands in the way of a second recovery.
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("RESPONSE#generic#resp-2026-11-0001"), "sk", AttributeValue.fromS("RESPONSE")))
                .updateExpression("SET caseStatus = :closed REMOVE openCase")
                .expressionAttributeValues(Map.of(":closed", AttributeValue.fromS("closed"))));

        // Another survey: the same survey's wave would revise the first answer instead.
        var again = postGeneric(noAccount.replace("resp-2026-11-0001", "resp-2026-11-0099")
                .replace("relationship-nps-q4", "relationship-nps-q1"));

        assertThat(again.getStatusCode()).isEqualTo(202);
        var followUp = followUp(again);
        // Held back, it still counts in its arm: the holdout's later answers count too.
        assertThat(followUp).containsEntry("action", "recovery").containsEntry("status", "not-contacted").containsEntry("arm", "treatment");
        assertThat((String) followUp.get("reason")).startsWith("cooldown: last recovery was on ");
        assertThat(item("RESPONSE#generic#resp-2026-11-0099", "RESPONSE").get("followUpStatus").s()).isEqualTo("not-contacted");
        assertThat(item("CUSTOMER#cust-1001", "STATE")).containsKey("lastContactAt_recovery");
    }

    @Test
    void holdoutCustomersAreStoredWithTheirArmAndKeepItWhenTheShareChanges() throws Exception {
        var allHeldOut = new IngestFunction(settings(Map.of("HOLDOUT_PERCENT", "100")));
        var response = allHeldOut.handleRequest(
                webhook("generic", Fixtures.genericHeaders(DETRACTOR, "msg_h1", Instant.now()), DETRACTOR), context);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(followUp(response)).containsEntry("status", "holdout").containsEntry("arm", "holdout");
        assertThat(item("RESPONSE#generic#resp-2026-11-0001", "RESPONSE").get("arm").s()).isEqualTo("holdout");
        assertThat(item("CUSTOMER#cust-1001", "STATE").get("arm_recovery").s()).isEqualTo("holdout");

        var noneHeldOut = new IngestFunction(settings(Map.of("HOLDOUT_PERCENT", "0")));
        var later = DETRACTOR.replace("resp-2026-11-0001", "resp-2026-12-0001").replace("relationship-nps-q4", "relationship-nps-q1");
        var next = noneHeldOut.handleRequest(webhook("generic", Fixtures.genericHeaders(later, "msg_h2", Instant.now()), later), context);

        assertThat(followUp(next)).containsEntry("status", "holdout").containsEntry("arm", "holdout");
    }

    @Test
    void aResponseWorthLessThanItsFollowUpIsNotContactedAndSaysWhy() throws Exception {
        var costly = new IngestFunction(settings(Map.of("RECOVERY_COST", "5000")));

        var response = costly.handleRequest(
                webhook("generic", Fixtures.genericHeaders(DETRACTOR, "msg_c", Instant.now()), DETRACTOR), context);

        assertThat(followUp(response)).containsEntry("status", "not-contacted")
                .containsEntry("reason", "not contacted: expected value 2400.00 does not exceed the cost 5000.00");
    }

    @Test
    void concurrentResponsesNeverSpendMoreThanTheDailyBudget() throws Exception {
        // Recoveries cost 25; 100 a day pays for 4, held-out customers included.
        var env = Map.of("RECOVERY_DAILY_BUDGET", "100");
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 16; i++) {
            bodies.add(DETRACTOR.replace("resp-2026-11-0001", "resp-budget-" + i).replace("cust-1001", "cust-budget-" + i)
                    .replace("acct-globex", "acct-budget-" + i));
        }

        assertThat(postConcurrently(env, bodies)).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(202);
        var responses = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("RESPONSE#")).toList();
        assertThat(responses).hasSize(16);
        // Cut by the budget, an answer keeps its arm and counts in it; only 4 were contacted or held out.
        assertThat(responses).allMatch(i -> i.containsKey("arm"));
        var decided = responses.stream().filter(i -> !i.get("followUpStatus").s().equals("not-contacted")).count();
        assertThat(decided).isEqualTo(4);
        assertThat(responses).filteredOn(i -> i.get("followUpStatus").s().equals("not-contacted"))
                .hasSize(12)
                .allSatisfy(i -> assertThat(i.get("followUpReason").s())
                        .isEqualTo("not contacted: budget; the daily recovery budget open to high value customers (100.00) is spent"));
        var dayCounters = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("BUDGET#recovery#day#")).toList();
        // Summed: a run that crosses midnight UTC spreads the spend over two days' counters.
        assertThat(dayCounters.stream().mapToInt(i -> Integer.parseInt(i.get("spent").n())).sum()).isLessThanOrEqualTo(200)
                .isEqualTo(25 * decided);
    }

    private static String atAccount(String responseId, String customerId, int score) {
        return DETRACTOR.replace("resp-2026-11-0001", responseId).replace("cust-1001", customerId)
                .replace("\"score\": 3", "\"score\": " + score).replace("acct-globex", "acct-b2b");
    }

    @Test
    void anAccountHasOneOpenRecoveryCaseListingEveryDetractorAndNoReferralAskMeanwhile() throws Exception {
        var b2b = new IngestFunction(settings(Map.of("HOLDOUT_PERCENT", "0")));
        java.util.function.Function<String, APIGatewayV2HTTPResponse> post = body -> b2b.handleRequest(
                webhook("generic", Fixtures.genericHeaders(body, "msg_" + UUID.randomUUID(), Instant.now()), body), context);

        assertThat(followUp(post.apply(atAccount("r-a", "cust-a", 2)))).containsEntry("status", "pending");
        var joined = followUp(post.apply(atAccount("r-b", "cust-b", 4)));
        assertThat(joined).containsEntry("status", "joined-case").containsEntry("action", "recovery")
                .containsEntry("reason", "account acct-b2b already has an open recovery case generic:r-a; added to it");
        var promoter = followUp(post.apply(atAccount("r-c", "cust-c", 10)));
        assertThat(promoter).containsEntry("status", "not-contacted")
                .containsEntry("reason", "referral held back: recovery case generic:r-a is still open");

        var openCase = item("RESPONSE#generic#r-a", "RESPONSE");
        assertThat(openCase.get("accountDetractors").l()).singleElement()
                .satisfies(d -> assertThat(d.m().get("customerId").s()).isEqualTo("cust-b"));
        var account = item("ACCOUNT#acct-b2b", "STATE");
        assertThat(account.get("openRecoveryCase").s()).isEqualTo("generic:r-a");
        assertThat(account).as("answers are counted per account in the exports, not on this item")
                .doesNotContainKeys("responses", "detractors", "promoters");

        // The team closes the case: the next detractor of the account opens a new one.
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("RESPONSE#generic#r-a"), "sk", AttributeValue.fromS("RESPONSE")))
                .updateExpression("SET caseStatus = :closed REMOVE openCase")
                .expressionAttributeValues(Map.of(":closed", AttributeValue.fromS("closed"))));
        assertThat(followUp(post.apply(atAccount("r-d", "cust-d", 1)))).containsEntry("status", "pending");
        assertThat(item("ACCOUNT#acct-b2b", "STATE").get("openRecoveryCase").s()).isEqualTo("generic:r-d");
    }

    @Test
    void twoDetractorsOfOneAccountAtOnceOpenOneCase() throws Exception {
        var answers = postConcurrently(Map.of("HOLDOUT_PERCENT", "0"), List.of(atAccount("r-x", "cust-x", 0), atAccount("r-y", "cust-y", 0)));

        assertThat(answers).extracting(answer -> followUp(answer).get("status")).containsExactlyInAnyOrder("pending", "joined-case");
    }

    @Test
    void twoDetractorsOfOneAccountAtOnceCountInOneCohortAsTwoMembers() throws Exception {
        // One opens the case and one joins it (transactions), each after the account's cohort pointer.
        postConcurrently(Map.of("HOLDOUT_PERCENT", "0"), List.of(atAccount("r-x", "cust-x", 0), atAccount("r-y", "cust-y", 0)));

        assertThat(cohorts()).singleElement().satisfies(cohort -> {
            assertThat(cohort.get("action").s()).isEqualTo("recovery");
            assertThat(cohort.get("members").ss()).hasSize(2);
            assertThat(io.npsloop.table.UnitCohortItem.count(cohort).memberValue()).isEqualByComparingTo("96000");
            assertThat(item("ACCOUNT#acct-b2b", "STATE").get("unitCohort_recovery").s()).startsWith(cohort.get("pk").s().substring(7) + "|");
        });
    }

    @Test
    void promotersOfOneAccountAtOnceCountInOneCohortWithoutATransaction() throws Exception {
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            bodies.add(Fixtures.webhook("generic-promoter.json").replace("resp-2026-11-0002", "resp-p-" + i).replace("cust-1002", "cust-p-" + i));
        }

        assertThat(postConcurrently(Map.of(), bodies)).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(202);

        assertThat(cohorts()).singleElement().satisfies(cohort -> {
            assertThat(cohort.get("action").s()).isEqualTo("referral");
            assertThat(cohort.get("members").ss()).hasSize(6);
            assertThat(io.npsloop.table.UnitCohortItem.count(cohort).memberValue()).isEqualByComparingTo("39000");
        });
    }

    @Test
    void concurrentDuplicatesOfAnAnswerCountedInItsArmCountOneMember() throws Exception {
        var promoter = Fixtures.webhook("generic-promoter.json");
        var statuses = postConcurrently(Map.of(), java.util.Collections.nCopies(16, promoter)).stream()
                .map(APIGatewayV2HTTPResponse::getStatusCode).toList();

        assertThat(statuses).containsOnly(200, 202);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        var state = item("CUSTOMER#cust-1002", "STATE");
        assertThat(state.get("responses").n()).isEqualTo("1");
        assertThat(state.get("version").n()).isEqualTo("1");
        var token = state.get("member_referral").s().split("\\|")[3];
        assertThat(cohorts()).singleElement().satisfies(cohort -> {
            assertThat(cohort.get("members").ss()).containsExactly(token);
            assertThat(io.npsloop.table.UnitCohortItem.count(cohort).memberValue()).isEqualByComparingTo("6500");
        });
        assertThat(itemCount()).as("the response, the customer's state, the account's cohort pointer and the cohort").isEqualTo(4);
    }

    @Test
    void aSecondAnswerToTheSameSurveyWithinTheWaveRevisesTheFirstInsteadOfAddingAFollowUp() throws Exception {
        assertThat(postGeneric(DETRACTOR).getStatusCode()).isEqualTo(202);

        var secondTry = postGeneric(DETRACTOR.replace("resp-2026-11-0001", "resp-2026-11-0777")
                .replace("\"score\": 3", "\"score\": 1").replace("The March invoice", "Again: the March invoice"));

        assertThat(secondTry.getStatusCode()).isEqualTo(200);
        assertThat(json(secondTry)).containsEntry("revised", true).containsEntry("responseId", "resp-2026-11-0001");
        var first = item("RESPONSE#generic#resp-2026-11-0001", "RESPONSE");
        assertThat(first.get("score").n()).isEqualTo("1");
        assertThat(first.get("comment").s()).startsWith("Again:");
        assertThat(item("RESPONSE#generic#resp-2026-11-0777", "RESPONSE")).isEmpty();
        assertThat(item("CUSTOMER#cust-1001", "STATE").get("responses").n()).isEqualTo("1");

        var noWaves = new IngestFunction(settings(Map.of("SURVEY_WAVE_DAYS", "0")));
        var body = DETRACTOR.replace("resp-2026-11-0001", "resp-2026-11-0888");
        assertThat(noWaves.handleRequest(webhook("generic", Fixtures.genericHeaders(body, "msg_w", Instant.now()), body), context)
                .getStatusCode()).isEqualTo(202);
    }

    @Test
    void aPassiveRevisedToADetractorJoinsTheAccountsCohortOnceAndARevisionBackKeepsItThere() throws Exception {
        var passive = DETRACTOR.replace("\"score\": 3", "\"score\": 8");
        assertThat(followUp(postGeneric(passive))).containsEntry("status", "none");
        assertThat(cohorts()).isEmpty();

        var revised = postGeneric(DETRACTOR.replace("resp-2026-11-0001", "resp-2026-11-0002"));

        assertThat(json(revised)).containsEntry("revised", true);
        var cohort = cohorts();
        assertThat(cohort).singleElement().satisfies(item -> {
            assertThat(item.get("action").s()).isEqualTo("recovery");
            assertThat(item.get("members").ss()).hasSize(1);
        });
        assertThat(item("CUSTOMER#cust-1001", "STATE").get("member_recovery").s()).startsWith(cohort.get(0).get("pk").s().substring(7));
        assertThat(item("ACCOUNT#acct-globex", "STATE").get("unitCohort_recovery").s()).startsWith(cohort.get(0).get("pk").s().substring(7));

        // Back to a passive: counted once in recovery's experiment, the customer stays counted (intention to treat).
        postGeneric(passive.replace("resp-2026-11-0001", "resp-2026-11-0003"));
        assertThat(cohorts()).singleElement().satisfies(item -> assertThat(item.get("members").ss()).hasSize(1));
    }

    private List<Map<String, AttributeValue>> cohorts() {
        return aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("COHORT#")).toList();
    }

    @Test
    void passivesGetANurtureFollowUpOnlyWhenItIsTurnedOn() throws Exception {
        var passive = Fixtures.webhook("generic-passive.json").replace("\"annualValue\": 900", "\"annualValue\": 9000");
        var nurturing = new IngestFunction(settings(Map.of("NURTURE_PASSIVES", "true", "HOLDOUT_PERCENT", "0")));

        var response = nurturing.handleRequest(webhook("generic", Fixtures.genericHeaders(passive, "msg_n", Instant.now()), passive), context);

        assertThat(followUp(response)).containsEntry("action", "nurture").containsEntry("status", "pending")
                .containsEntry("reason", "passive: nurture; expected value 90.00 exceeds the cost 5.00");
        assertThat(followUp(postGeneric(passive.replace("resp-2026-11-0003", "resp-2026-11-0004").replace("relationship-nps-q4", "q1"))))
                .containsEntry("action", "none");
    }

    @Test
    void aBadPolicySettingStopsTheFunctionAtStartWithTheVariablesName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new IngestFunction(settings(Map.of("HOLDOUT_PERCENT", "ten"))))
                .hasMessage("HOLDOUT_PERCENT must be a percentage from 0 to 100, was 'ten'");
    }

    @Test
    void aTamperedSignatureIs401AndStoresNothing() throws Exception {
        var headers = Fixtures.genericHeaders(DETRACTOR, "msg_1", Instant.now());

        var response = post("generic", headers, DETRACTOR.replace("\"score\": 3", "\"score\": 9"));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/problem+json");
        assertThat(json(response)).containsEntry("status", 401)
                .containsEntry("detail", "webhook-signature does not match the body. Nothing was stored.");
        assertThat(itemCount()).isZero();
    }

    @Test
    void aStaleSignatureIs401() {
        var response = post("generic", Fixtures.genericHeaders(DETRACTOR, "msg_1", Instant.now().minusSeconds(600)), DETRACTOR);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(itemCount()).isZero();
    }

    @Test
    void aTypeformResponseSubmittedOutsideTheReplayWindowIs401AndQuarantined() throws Exception {
        var sample = Fixtures.fresh("typeform-promoter.json");
        var submitted = java.util.regex.Pattern.compile("\"submitted_at\": \"([^\"]+)\"").matcher(sample);
        assertThat(submitted.find()).isTrue();
        var stale = sample.replace(submitted.group(1), Instant.parse(submitted.group(1)).minus(java.time.Duration.ofDays(4)).toString());

        var response = post("typeform", Fixtures.typeformHeaders(stale), stale);
        var again = post("typeform", Fixtures.typeformHeaders(sample), sample);
        var retried = post("typeform", Fixtures.typeformHeaders(sample), sample);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(json(response).get("detail").toString()).startsWith("form_response.submitted_at is more than 72 hours away from now");
        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(retried.getStatusCode()).as("a redelivery within the window").isEqualTo(200);
        assertThat(json(retried)).containsEntry("duplicate", true);
    }

    @Test
    void theTypeformSampleEventFromApiGatewayIsAccepted() throws Exception {
        var event = EventLoader.loadApiGatewayHttpEvent(Fixtures.events().resolve("ingest-webhook-typeform.json").toString());

        var response = function.handleRequest(event, context);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(json(response)).containsEntry("responseId", "a3a12ec67a1365927098a606107fac15")
                .containsEntry("category", "detractor").containsEntry("valueTier", "high");
        assertThat(item("CUSTOMER#cust-2001", "STATE").get("detractors").n()).isEqualTo("1");
    }

    @Test
    void base64BodiesAreVerifiedOverTheDecodedBytes() {
        var body = Fixtures.fresh("typeform-promoter.json");
        var event = webhook("typeform", Fixtures.typeformHeaders(body), Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        assertThat(function.handleRequest(event, context).getStatusCode()).isEqualTo(202);
    }

    @Test
    void everyRejectionNamesItsReasonAndStoresNothing() throws Exception {
        var invalid = DETRACTOR.replace("\"score\": 3", "\"score\": 12");
        var tooBig = "{\"comment\":\"" + "x".repeat(70_000) + "\"}";
        var xmlHeaders = new HashMap<>(Fixtures.genericHeaders(DETRACTOR, "msg_x", Instant.now()));
        xmlHeaders.put("content-type", "text/xml");

        var cases = List.of(
                post("surveyhero", Map.of(), DETRACTOR),
                postGeneric(invalid),
                postGeneric(tooBig),
                post("generic", xmlHeaders, DETRACTOR),
                post("generic", Map.of(), DETRACTOR));

        assertThat(cases).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactly(404, 400, 413, 415, 401);
        assertThat(json(cases.get(0)).get("detail")).isEqualTo("No survey source is called 'surveyhero'. Known sources: asknicely, delighted, formbricks, generic, qualtrics, surveymonkey, typeform.");
        assertThat(json(cases.get(1)).get("errors")).isEqualTo(List.of(Map.of("field", "score", "message", "must be a whole number from 0 to 10")));
        assertThat(itemCount()).isZero();
    }

    @Test
    void aSourceWithoutASecretAnswers503SoTheToolRetriesAfterTheFix() throws Exception {
        var unconfigured = new IngestFunction(settings(Map.of("WEBHOOK_SECRET_GENERIC", "")));

        var response = unconfigured.handleRequest(
                webhook("generic", Fixtures.genericHeaders(DETRACTOR, "msg_1", Instant.now()), DETRACTOR), context);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("retry-after", "30");
        assertThat(itemCount()).isZero();
    }

    @Test
    void aFailedWriteIs503AndNeverAnAcknowledgement() throws Exception {
        var broken = new IngestFunction(settings(Map.of("TABLE_NAME", "no-such-table")));

        var response = broken.handleRequest(
                webhook("generic", Fixtures.genericHeaders(DETRACTOR, "msg_1", Instant.now()), DETRACTOR), context);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(json(response).get("detail")).asString().contains("Retry later");
        assertThat(context.lines()).singleElement().asString()
                .contains("\"level\":\"ERROR\"", "\"status\":503", "\"outcome\":\"store-failed\"",
                        "\"failure\":\"storing the response: ResourceNotFoundException")
                .doesNotContain("maria").doesNotContain("cust-1001");

        assertThat(function.handleRequest(
                webhook("generic", Fixtures.genericHeaders(DETRACTOR, "msg_2", Instant.now()), DETRACTOR), context).getStatusCode())
                .isEqualTo(202);
    }
}
