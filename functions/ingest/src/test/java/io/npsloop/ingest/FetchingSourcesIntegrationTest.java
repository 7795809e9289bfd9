package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.Settings;
import io.npsloop.ingest.fetch.FetchFunction;
import io.npsloop.ingest.sources.qualtrics.QualtricsSource;
import io.npsloop.ingest.sources.surveymonkey.SurveyMonkeySource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SurveyMonkey and Qualtrics through the ingest function, the table's stream and the fetch
 * function against DynamoDB Local, with their APIs served locally in their documented shapes:
 * the notice is recorded before it is answered, the response is fetched once however often it is
 * announced, temporary API failures are retried, and lasting ones land in the quarantine.
 */
class FetchingSourcesIntegrationTest {

    static final String SURVEYMONKEY_KEY = "local-client-id&local-client-secret";
    static final String QUALTRICS_KEY = "local-qualtrics-shared-key";
    private static final String SAMPLE_EVENT_TIME = "2026-11-22T09:41:12.503811+00:00";
    private static final String SAMPLE_COMPLETED = "2026-11-22 10:05:44";
    private static final String MONKEY_RESPONSE = "RESPONSE#surveymonkey#118462093571";
    private static final String MONKEY_FETCH = "FETCH#surveymonkey#118462093571";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private FakeSurveyApis apis;
    private Settings settings;
    private IngestFunction ingest;
    private StreamEventSource stream;

    @BeforeEach
    void setUp() throws Exception {
        resources = aws.provision("fetch-" + UUID.randomUUID().toString().substring(0, 8));
        apis = new FakeSurveyApis();
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("HOLDOUT_PERCENT", "0");
        env.put("WEBHOOK_SECRET_SURVEYMONKEY", SURVEYMONKEY_KEY);
        env.put("WEBHOOK_SECRET_QUALTRICS", QUALTRICS_KEY);
        env.put("SURVEYMONKEY_NPS_QUESTION_IDS", "648290117");
        env.put("SURVEYMONKEY_COMMENT_QUESTION_IDS", "648290118");
        env.put("QUALTRICS_COMMENT_FIELDS", "QID2_TEXT");
        env.put("FETCH_MAX_ATTEMPTS", "3");
        env.put("FETCH_BACKOFF_MILLIS", "1");
        env.put("FETCH_BACKOFF_MAX_SECONDS", "1");
        env.putAll(FakeSurveyApis.environment(apis.baseUrl()));
        settings = new Settings(env);
        ingest = new IngestFunction(settings);
        var fetch = new FetchFunction(settings);
        stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> fetch.handleRequest(event, new LocalContext("fetch")), StreamEventSource.Options.fetches(null));
    }

    @AfterEach
    void tearDown() {
        stream.close();
        apis.close();
    }

    /** The sample as SurveyMonkey would send it now: its event time is signed, so it must be recent. */
    private static String monkeyNotice(Instant at) {
        return Fixtures.webhook("surveymonkey-response-completed.json")
                .replace(SAMPLE_EVENT_TIME, at.atOffset(ZoneOffset.UTC).toString());
    }

    private static Map<String, String> monkeyHeaders(String body) {
        return Map.of("content-type", "application/json",
                "sm-signature", SurveyMonkeySource.signature(SURVEYMONKEY_KEY, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String qualtricsForm(Instant completedAt) {
        var msg = Fixtures.webhook("qualtrics-completed-response.json").replace(SAMPLE_COMPLETED,
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(completedAt));
        return QualtricsSource.signedForm(QUALTRICS_KEY, "surveyengine.completedResponse.SV_3kPqW8zYx1bN5Tf", msg);
    }

    private static final Map<String, String> FORM = Map.of("content-type", "application/x-www-form-urlencoded");

    private APIGatewayV2HTTPResponse post(String source, Map<String, String> headers, String body) {
        return ingest.handleRequest(IngestFunctionIntegrationTest.webhook(source, headers, body), new LocalContext("ingest"));
    }

    private APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> path) {
        return ingest.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey(routeKey).withPathParameters(path).build(),
                new LocalContext("ingest"));
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.std.mapFrom(response.getBody());
    }

    /** Runs the fetch function on the stream until nothing is left to deliver, as Lambda's mapping would. */
    private void runFetches() {
        stream.drain(Duration.ofMillis(400));
    }

    private Map<String, AttributeValue> item(String pk, String sk) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    private List<Map<String, AttributeValue>> items(String prefix) {
        return aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith(prefix)).toList();
    }

    @Test
    void aSurveyMonkeyNoticeIsRecordedThenItsResponseFetchedAndFollowedUp() throws Exception {
        var body = monkeyNotice(Instant.now());

        var answer = post("surveymonkey", monkeyHeaders(body), body);

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(json(answer)).containsEntry("queued", true).containsEntry("responseId", "118462093571");
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchStatus").s()).as("recorded before the answer").isEqualTo("pending");

        runFetches();

        var stored = item(MONKEY_RESPONSE, "RESPONSE");
        assertThat(stored.get("score").n()).isEqualTo("3");
        assertThat(stored.get("comment").s()).isEqualTo("Support marked my sync error as solved twice without fixing it.");
        assertThat(stored.get("followUpStatus").s()).isEqualTo("pending");
        assertThat(item("CUSTOMER#cust-4001", "STATE").get("detractors").n()).isEqualTo("1");
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchStatus").s()).isEqualTo("done");
        assertThat(apis.calls()).isEqualTo(1);
    }

    @Test
    void aFetchedResponseOfACustomerErasedOnRequestIsNotStored() throws Exception {
        // The tombstone as the erasure function writes it.
        var tombstone = new java.util.HashMap<>(io.npsloop.table.TombstoneItem.key("cust-4001"));
        tombstone.put("erasedAt", AttributeValue.fromS(Instant.now().toString()));
        tombstone.put("expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plus(Duration.ofDays(30)).getEpochSecond())));
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(tombstone));
        var body = monkeyNotice(Instant.now());

        assertThat(post("surveymonkey", monkeyHeaders(body), body).getStatusCode()).isEqualTo(202);
        runFetches();

        assertThat(item(MONKEY_RESPONSE, "RESPONSE")).isEmpty();
        assertThat(item("CUSTOMER#cust-4001", "STATE")).isEmpty();
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchStatus").s()).isEqualTo("done");
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchOutcome").s()).isEqualTo("erased");
        // Nothing of an erased customer is kept: not the notice's body or headers, nor a quarantined copy.
        assertThat(item(MONKEY_FETCH, "FETCH").get("body").s()).isEmpty();
        assertThat(item(MONKEY_FETCH, "FETCH").get("headers").m()).isEmpty();
        assertThat(items("QUARANTINE#")).isEmpty();
    }

    @Test
    void aRetryStormOfOneNoticeFetchesAndStoresTheResponseOnce() throws Exception {
        var body = monkeyNotice(Instant.now());
        var pool = Executors.newFixedThreadPool(8);
        var statuses = new ArrayList<Integer>();
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> post("surveymonkey", monkeyHeaders(body), body).getStatusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        runFetches();
        var again = post("surveymonkey", monkeyHeaders(body), body);

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(15);
        assertThat(json(again)).containsEntry("duplicate", true).containsEntry("fetch", "done");
        assertThat(apis.calls()).isEqualTo(1);
        assertThat(items("RESPONSE#")).hasSize(1);
        assertThat(item("CUSTOMER#cust-4001", "STATE").get("responses").n()).isEqualTo("1");
    }

    @Test
    void temporaryApiFailuresAreRetriedAndTheResponseIsStoredExactlyOnce() throws Exception {
        apis.failNext(503, 429);
        var body = monkeyNotice(Instant.now());

        assertThat(post("surveymonkey", monkeyHeaders(body), body).getStatusCode()).isEqualTo(202);
        runFetches();

        assertThat(apis.calls()).isEqualTo(3);
        assertThat(items("RESPONSE#")).hasSize(1);
        assertThat(item("CUSTOMER#cust-4001", "STATE").get("responses").n()).isEqualTo("1");
        var fetch = item(MONKEY_FETCH, "FETCH");
        assertThat(fetch.get("fetchStatus").s()).isEqualTo("done");
        assertThat(fetch.get("attempts").n()).isEqualTo("3");
        assertThat(items("QUARANTINE#")).isEmpty();
    }

    @Test
    void aLastingApiFailureIsQuarantinedWithItsReasonAndReplaysOnceFixed() throws Exception {
        apis.failNext(404);
        var body = monkeyNotice(Instant.now());
        post("surveymonkey", monkeyHeaders(body), body);

        runFetches();

        assertThat(apis.calls()).as("not retried").isEqualTo(1);
        assertThat(items("RESPONSE#")).isEmpty();
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchStatus").s()).isEqualTo("quarantined");
        var kept = items("QUARANTINE#");
        assertThat(kept).singleElement().satisfies(q -> {
            assertThat(q.get("outcome").s()).isEqualTo("fetch-failed");
            assertThat(q.get("reason").s()).contains("surveymonkey API answered 404");
            assertThat(q.get("replayable").bool()).isTrue();
        });

        var replay = call("POST /quarantine/{id}/replay", Map.of("id", kept.get(0).get("sk").s()));
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(json(replay)).containsEntry("status", 202).containsEntry("outcome", "queued");
        runFetches();

        assertThat(item(MONKEY_RESPONSE, "RESPONSE").get("score").n()).isEqualTo("3");
        assertThat(item(MONKEY_FETCH, "FETCH").get("fetchStatus").s()).isEqualTo("done");
    }

    private void holdFetch(Instant claimedAt) {
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS(MONKEY_FETCH), "sk", AttributeValue.fromS("FETCH")))
                .updateExpression("SET fetchStatus = :fetching, claimedAt = :at")
                .expressionAttributeValues(Map.of(":fetching", AttributeValue.fromS("fetching"),
                        ":at", AttributeValue.fromS(claimedAt.toString()))));
    }

    @Test
    void aTryThatDiedIsTakenOverOnceItsLeaseRanOut() throws Exception {
        var worker = IngestConfig.fetchWorker(settings, new io.npsloop.aws.AwsClients(settings), java.time.Clock.systemUTC(),
                wait -> { });
        var body = monkeyNotice(Instant.now());
        post("surveymonkey", monkeyHeaders(body), body);

        holdFetch(Instant.now());
        assertThatThrownBy(() -> worker.process(MONKEY_FETCH)).as("held: the stream retries the record later")
                .isInstanceOf(IllegalStateException.class);
        assertThat(json(post("surveymonkey", monkeyHeaders(body), body))).containsEntry("duplicate", true);

        holdFetch(Instant.now().minus(Duration.ofMinutes(2)));
        assertThat(worker.process(MONKEY_FETCH)).isEqualTo(io.npsloop.ingest.fetch.PendingFetchWorker.Result.STORED);
        assertThat(item(MONKEY_RESPONSE, "RESPONSE").get("score").n()).isEqualTo("3");
    }

    @Test
    void aLaterNoticeOfAFetchWhoseTryDiedRecordsItAfresh() throws Exception {
        var body = monkeyNotice(Instant.now());
        post("surveymonkey", monkeyHeaders(body), body);
        holdFetch(Instant.now().minus(Duration.ofMinutes(2)));

        var again = post("surveymonkey", monkeyHeaders(body), body);
        runFetches();

        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(item(MONKEY_RESPONSE, "RESPONSE").get("score").n()).isEqualTo("3");
        assertThat(apis.calls()).isEqualTo(1);
    }

    @Test
    void anApiThatKeepsFailingIsQuarantinedAfterTheLastTry() {
        apis.failNext(503, 503, 503);
        var body = monkeyNotice(Instant.now());
        post("surveymonkey", monkeyHeaders(body), body);

        runFetches();

        assertThat(apis.calls()).isEqualTo(3);
        assertThat(items("QUARANTINE#")).singleElement().satisfies(q ->
                assertThat(q.get("reason").s()).contains("answered 503 (after 3 tries)"));
        assertThat(items("RESPONSE#")).isEmpty();
    }

    @Test
    void surveyMonkeySignaturesAndEventTimesAreChecked() throws Exception {
        var body = monkeyNotice(Instant.now());
        var stale = monkeyNotice(Instant.now().minus(Duration.ofDays(4)));

        var tampered = post("surveymonkey", monkeyHeaders(body), body.replace("118462093571", "118462093570"));
        var missing = post("surveymonkey", Map.of("content-type", "application/json"), body);
        var replayed = post("surveymonkey", monkeyHeaders(stale), stale);

        assertThat(tampered.getStatusCode()).isEqualTo(401);
        assertThat(missing.getStatusCode()).isEqualTo(401);
        assertThat(replayed.getStatusCode()).isEqualTo(401);
        assertThat(replayed.getHeaders()).containsEntry("content-type", "application/problem+json");
        assertThat((String) json(replayed).get("detail")).startsWith("event_datetime is more than 72 hours away from now");
        assertThat(items("QUARANTINE#")).hasSize(3);
        assertThat(items("FETCH#")).isEmpty();
        assertThat(apis.calls()).isZero();
    }

    @Test
    void aQualtricsCompletedResponseIsFetchedWithItsTokenAndStored() throws Exception {
        var form = qualtricsForm(Instant.now());

        var answer = post("qualtrics", FORM, form);
        runFetches();

        assertThat(answer.getStatusCode()).isEqualTo(202);
        var stored = item("RESPONSE#qualtrics#R_2VbQ9xLm4KpT7sD", "RESPONSE");
        assertThat(stored.get("score").n()).isEqualTo("9");
        assertThat(stored.get("category").s()).isEqualTo("promoter");
        assertThat(stored.get("followUpAction").s()).isEqualTo("referral");
        assertThat(post("qualtrics", FORM, form).getStatusCode()).as("a redelivery").isEqualTo(200);
        assertThat(post("qualtrics", Map.of("content-type", "application/json"), form).getStatusCode()).isEqualTo(415);
        assertThat(post("qualtrics", FORM, form.replace("HMAC=", "HMAC=00")).getStatusCode()).isEqualTo(401);
        runFetches();
        assertThat(apis.calls()).isEqualTo(1);
    }

    @Test
    void qualtricsSignaturesAndCompletedDatesAreChecked() throws Exception {
        var form = qualtricsForm(Instant.now());
        var unsigned = form.substring(0, form.indexOf("&HMAC="));
        var stale = qualtricsForm(Instant.now().minus(Duration.ofDays(4)));

        assertThat(post("qualtrics", FORM, unsigned).getStatusCode()).isEqualTo(401);
        var replayed = post("qualtrics", FORM, stale);
        assertThat(replayed.getStatusCode()).isEqualTo(401);
        assertThat((String) json(replayed).get("detail")).startsWith("MSG.CompletedDate is more than 72 hours away from now");
        assertThat(items("QUARANTINE#")).hasSize(2);
        assertThat(items("FETCH#")).isEmpty();
    }

    @Test
    void aQualtricsResponseWithoutAnNpsQuestionIsQuarantinedSayingWhatToSet() {
        apis.qualtricsAnswers(Fixtures.api("qualtrics-response.json").replace("QID1_NPS_GROUP", "QID1_SCALE"));
        post("qualtrics", FORM, qualtricsForm(Instant.now()));

        runFetches();

        assertThat(items("QUARANTINE#")).singleElement().satisfies(q ->
                assertThat(q.get("reason").s()).contains("QUALTRICS_NPS_QUESTION_IDS"));
        assertThat(items("RESPONSE#")).isEmpty();
    }

    /** Qualtrics' topic as its deliveries carry it: the brand first. */
    private static String brandedForm(String brand, String msg) {
        return QualtricsSource.signedForm(QUALTRICS_KEY, brand + ".surveyengine.completedResponse.SV_3kPqW8zYx1bN5Tf", msg);
    }

    private static String freshMsg() {
        return Fixtures.webhook("qualtrics-completed-response.json").replace(SAMPLE_COMPLETED,
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now()));
    }

    @Test
    void aTopicNamingItsBrandAsQualtricsSendsItIsRecordedThenFetched() throws Exception {
        var answer = post("qualtrics", FORM, brandedForm("northwind", freshMsg()));

        assertThat(answer.getStatusCode()).isEqualTo(202);
        assertThat(json(answer)).containsEntry("queued", true).containsEntry("responseId", "R_2VbQ9xLm4KpT7sD");
        var pending = item("FETCH#qualtrics#R_2VbQ9xLm4KpT7sD", "FETCH");
        assertThat(pending.get("fetchStatus").s()).as("recorded before the answer").isEqualTo("pending");
        runFetches();
        assertThat(item("RESPONSE#qualtrics#R_2VbQ9xLm4KpT7sD", "RESPONSE").get("category").s()).isEqualTo("promoter");
        assertThat(item("FETCH#qualtrics#R_2VbQ9xLm4KpT7sD", "FETCH").get("fetchStatus").s()).isEqualTo("done");
    }

    @Test
    void aRealQualtricsAnswerIsFetchedAndStoredAsAPassive() throws Exception {
        apis.qualtricsAnswers(Fixtures.api("qualtrics-response-passive.json"));
        // The real delivery's MSG (qualtrics-completed-response-signed.txt) naming the response the real answer is of, sent now.
        var msg = "{\"Status\":\"Complete\",\"SurveyID\":\"SV_3kPqW8zYx1bN5Tf\",\"ResponseID\":\"R_1pKcm3b4BQjh6zF\","
                + "\"CompletedDate\":\"" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                        .format(Instant.now()) + "\",\"BrandID\":\"sapdevelopment\"}";

        assertThat(post("qualtrics", FORM, brandedForm("sapdevelopment", msg)).getStatusCode()).isEqualTo(202);
        runFetches();

        var stored = item("RESPONSE#qualtrics#R_1pKcm3b4BQjh6zF", "RESPONSE");
        assertThat(stored.get("score").n()).isEqualTo("8");
        assertThat(stored.get("category").s()).isEqualTo("passive");
        assertThat(items("QUARANTINE#")).isEmpty();
    }

    @Test
    void anUnsignedSubscriptionAndUnreadTopicsAreQuarantinedSayingWhatToFixAndOtherEventsIgnored() throws Exception {
        var unsigned = post("qualtrics", FORM, Fixtures.webhook("qualtrics-completed-response-unsigned.txt"));
        var partial = post("qualtrics", FORM, QualtricsSource.signedForm(QUALTRICS_KEY,
                "usc.surveyengine.partialResponse.SV_3kPqW8zYx1bN5Tf", freshMsg()));
        var unknown = post("qualtrics", FORM, QualtricsSource.signedForm(QUALTRICS_KEY, "usc.threesixty.created", freshMsg()));
        var started = post("qualtrics", FORM, QualtricsSource.signedForm(QUALTRICS_KEY,
                "usc.surveyengine.startedRecipientSession.SV_3kPqW8zYx1bN5Tf", freshMsg()));
        var mismatch = post("qualtrics", FORM, brandedForm("usc", freshMsg().replace("SV_3kPqW8zYx1bN5Tf", "SV_other")));

        assertThat(unsigned.getStatusCode()).isEqualTo(401);
        assertThat((String) json(unsigned).get("detail")).contains("created with a sharedKey");
        assertThat(partial.getStatusCode()).isEqualTo(400);
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        assertThat(mismatch.getStatusCode()).isEqualTo(400);
        assertThat(started.getStatusCode()).isEqualTo(200);
        assertThat(json(started)).containsEntry("ignored", true);
        // The event that is not a response is kept too, as ignored, so that nothing is dropped without a trace.
        assertThat(items("QUARANTINE#")).extracting(q -> q.get("reason").s()).containsExactlyInAnyOrder(
                (String) json(unsigned).get("detail"),
                (String) json(started).get("detail"),
                "The body is not a valid notice of a completed response: 1 problem in the body. Topic: announces a partial response,"
                        + " which is not read: subscribe to surveyengine.completedResponse.<SurveyID> only",
                "The body is not a valid notice of a completed response: 1 problem in the body. Topic: is not an event this source"
                        + " reads: subscribe to surveyengine.completedResponse.<SurveyID>",
                "The body is not a valid notice of a completed response: 1 problem in the body. MSG.SurveyID: is not the survey the"
                        + " Topic names");
        assertThat(items("FETCH#")).isEmpty();
    }
}
