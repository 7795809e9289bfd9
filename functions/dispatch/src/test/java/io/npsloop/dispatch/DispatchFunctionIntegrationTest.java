package io.npsloop.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.aws.StreamImages;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.SnsDelivery;
import io.npsloop.local.StreamEventSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The dispatch function fed by the table's real stream (DynamoDB Local), publishing to the
 * emulated topic, with an SQS queue subscribed as a CRM would be.
 */
class DispatchFunctionIntegrationTest {

    /** Everyone eligible is treated, so each detractor and promoter gets a follow-up. */
    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private DynamoDbResponseStore store;
    private final List<StreamEventSource> sources = new ArrayList<>();

    @BeforeEach
    void setUp() {
        resources = aws.provision("dispatch-" + UUID.randomUUID().toString().substring(0, 8));
        store = new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(730), java.time.Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        sources.forEach(StreamEventSource::close);
    }

    private DispatchFunction function(String topicArn) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", topicArn);
        return new DispatchFunction(new Settings(env));
    }

    private StreamEventSource stream(Function<DynamodbEvent, StreamsEventResponse> handler) {
        var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(), handler,
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()));
        sources.add(source);
        return source;
    }

    private ResponseRecord store(String responseId, int score, String name) {
        var response = new SurveyResponse(
                new ResponseKey("generic", responseId), "relationship-nps-q4",
                new Respondent("cust-" + responseId, responseId + "@example.com", name, "acct-1", "es", new BigDecimal("25000")),
                new Score(score), "Nobody called me back", NOW.minusSeconds(3600));
        var record = new ResponseRecord(
                response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW), NOW);
        store.store(record, RespondentHistory.NONE);
        return record;
    }

    private List<SnsDelivery> followUps() {
        return aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body()))
                .toList();
    }

    private String followUpStatus(String responseId) {
        return followUpStatus(responseId, "generic");
    }

    private String followUpStatus(String responseId, String source) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                        "pk", AttributeValue.fromS("RESPONSE#" + source + "#" + responseId), "sk", AttributeValue.fromS("RESPONSE"))))
                .item().get("followUpStatus").s();
    }

    @Test
    void publishesOneActionableFollowUpPerPendingResponseAndMarksItSent() {
        store("r-det", 2, "Lucía Fernández");
        store("r-pro", 10, "Ken Adams");
        store("r-pas", 8, "Pat Doe");
        var dispatch = function(resources.topicArn());

        stream(event -> dispatch.handleRequest(event, new LocalContext("dispatch"))).drain(Duration.ofMillis(300));

        var delivered = followUps();
        assertThat(delivered).hasSize(2);
        var recovery = delivered.stream().filter(d -> d.attributes().get("action").equals("recovery")).findFirst().orElseThrow();
        assertThat(recovery.attributes()).containsEntry("category", "detractor").containsEntry("valueTier", "high")
                .containsEntry("locale", "es").containsEntry("followUpId", "generic:r-det").containsEntry("source", "generic");
        // The respondent answered in Spanish, so the people who act read Spanish.
        assertThat(recovery.subject()).isEqualTo("[NPS Recuperacion] puntuacion 2, valor alto: Lucia Fernandez");
        var body = recovery.json();
        assertThat(body).containsEntry("followUpId", "generic:r-det").containsEntry("action", "recovery")
                .containsEntry("dueAt", "2026-11-23T12:00:00Z")
                .containsEntry("reason", "detractor: service recovery; expected value 1250.00 exceeds the cost 25.00");
        assertThat(body.get("steps")).asList().hasSize(3);
        assertThat(body.get("respondent")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("name", "Lucía Fernández").containsEntry("email", "r-det@example.com")
                .containsEntry("valueTier", "high");
        assertThat(body.get("response")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("score", 2).containsEntry("comment", "Nobody called me back");
        var referral = delivered.stream().filter(d -> d.attributes().get("action").equals("referral")).findFirst().orElseThrow();
        assertThat(referral.json().get("steps").toString()).contains("2 o 3 personas");

        assertThat(followUpStatus("r-det")).isEqualTo("sent");
        assertThat(followUpStatus("r-pro")).isEqualTo("sent");
        assertThat(followUpStatus("r-pas")).isEqualTo("none");
    }

    @Test
    void aFollowUpCarriesItsPlaybookVariantForSubscriptionsToRouteOn() {
        var plain = store("r-plain", 2, "Ana Ruiz");
        var response = new SurveyResponse(
                new ResponseKey("generic", "r-call"), "relationship-nps-q4",
                new Respondent("cust-r-call", "r-call@example.com", "Ken Adams", "acct-2", "en", new BigDecimal("25000")),
                new Score(1), null, NOW.minusSeconds(3600));
        var decision = NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW).withVariant("call+concession");
        store.store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()), decision, NOW),
                RespondentHistory.NONE);
        var dispatch = function(resources.topicArn());

        stream(event -> dispatch.handleRequest(event, new LocalContext("dispatch"))).drain(Duration.ofMillis(300));

        var delivered = followUps();
        var varied = delivered.stream().filter(d -> d.attributes().get("followUpId").equals("generic:r-call")).findFirst().orElseThrow();
        assertThat(varied.attributes()).containsEntry("variant", "call+concession");
        assertThat(varied.json()).containsEntry("variant", "call+concession");
        var unvaried = delivered.stream().filter(d -> d.attributes().get("followUpId").equals(plain.key().value())).findFirst().orElseThrow();
        assertThat(unvaried.attributes()).doesNotContainKey("variant");
        assertThat(unvaried.json()).doesNotContainKey("variant");
    }

    @Test
    void theSampleStreamEventIsPublishedAsARecoveryFollowUp() {
        var event = EventLoader.loadDynamoDbEvent("../../events/dispatch-pending-follow-up.json");
        var image = event.getRecords().get(0).getDynamodb().getNewImage();
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(StreamImages.toSdk(image)));

        var response = function(resources.topicArn()).handleRequest(event, new LocalContext("dispatch"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(followUps()).singleElement().satisfies(d -> {
            assertThat(d.attributes()).containsEntry("action", "recovery").containsEntry("valueTier", "high");
            assertThat(d.subject()).isEqualTo("[NPS Recovery] score 2, high value: Priya Shah");
        });
        assertThat(followUpStatus("a3a12ec67a1365927098a606107fac15", "typeform")).isEqualTo("sent");
    }

    @Test
    void aRedeliveredBatchPublishesNothingTwice() {
        store("r-1", 0, "Ana");
        var dispatch = function(resources.topicArn());
        var seen = new ArrayList<DynamodbEvent>();
        stream(event -> {
            seen.add(event);
            return dispatch.handleRequest(event, new LocalContext("dispatch"));
        }).drain(Duration.ofMillis(300));

        // Lambda redelivers whole batches after a timeout or crash: hand the same batch over again.
        var again = dispatch.handleRequest(seen.get(0), new LocalContext("dispatch"));

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(followUps()).hasSize(1);
    }

    @Test
    void whenSnsFailsTheFollowUpStaysPendingAndIsSentOnceOnRetry() {
        store("r-2", 1, "Bo");
        var unreachableTopic = resources.topicArn() + "-missing";
        var failing = function(unreachableTopic);
        var context = new LocalContext("dispatch");
        var attempts = new ArrayList<StreamsEventResponse>();
        var batches = new ArrayList<DynamodbEvent>();
        var source = stream(event -> {
            batches.add(event);
            var response = failing.handleRequest(event, context);
            attempts.add(response);
            return response;
        });

        source.pollOnce();

        assertThat(attempts).singleElement().satisfies(r -> assertThat(r.getBatchItemFailures()).hasSize(1));
        assertThat(followUpStatus("r-2")).isEqualTo("pending");
        assertThat(context.lines()).anyMatch(line -> line.contains("\"message\":\"publish failed\"") && line.contains("\"correlationId\":\"generic:r-2\""))
                .anyMatch(line -> line.contains("\"PublishFailures\":1"))
                .noneMatch(line -> line.contains("Bo") || line.contains("r-2@example.com"));

        var healthy = function(resources.topicArn());
        healthy.handleRequest(batches.get(0), new LocalContext("dispatch"));
        healthy.handleRequest(batches.get(0), new LocalContext("dispatch"));

        assertThat(followUps()).hasSize(1);
        assertThat(followUpStatus("r-2")).isEqualTo("sent");
    }

    @Test
    void aPoisonRecordIsReportedAndTheRecordsAfterItWaitForTheRetry() {
        store("r-ok", 3, "First");
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#generic#r-bad"), "sk", AttributeValue.fromS("RESPONSE"),
                "followUpStatus", AttributeValue.fromS("pending"), "score", AttributeValue.fromS("not a number"))));
        store("r-after", 4, "Third");
        var dispatch = function(resources.topicArn());
        var responses = new ArrayList<StreamsEventResponse>();
        var batches = new ArrayList<DynamodbEvent>();
        var source = stream(event -> {
            batches.add(event);
            var response = dispatch.handleRequest(event, new LocalContext("dispatch"));
            responses.add(response);
            return response;
        });

        source.pollOnce();

        var badSequence = batches.get(0).getRecords().get(1).getDynamodb().getSequenceNumber();
        assertThat(responses.get(0).getBatchItemFailures())
                .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier).containsExactly(badSequence);
        assertThat(followUpStatus("r-ok")).isEqualTo("sent");
        assertThat(followUpStatus("r-after")).isEqualTo("pending");
        assertThat(followUps()).hasSize(1);
    }
}
