package io.npsloop.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Dispatch under faults: SNS down, a record that can never be published, and the process dying
 * in the middle of a batch. The stream is DynamoDB Local's, read the way Lambda's event source
 * mapping reads it (retries, bisection, on-failure queue); follow-ups are counted on the SQS queue
 * subscribed to the topic.
 */
class DispatchFaultTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private DynamoDbResponseStore store;
    private final List<StreamEventSource> sources = new ArrayList<>();

    @BeforeEach
    void setUp() {
        resources = aws.provision("fault-" + UUID.randomUUID().toString().substring(0, 8));
        store = new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(730), java.time.Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        sources.forEach(StreamEventSource::close);
    }

    private Settings settings() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("CLAIM_LEASE_SECONDS", "1");
        return new Settings(env);
    }

    private DispatchFunction function(ExecutionInterceptor... interceptors) {
        var settings = settings();
        return new DispatchFunction(settings, new AwsClients(settings, List.of(interceptors)));
    }

    private StreamEventSource stream(Function<DynamodbEvent, com.amazonaws.services.lambda.runtime.events.StreamsEventResponse> handler) {
        var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(), handler,
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()));
        sources.add(source);
        return source;
    }

    private void storeDetractor(String responseId) {
        var response = new SurveyResponse(
                new ResponseKey("generic", responseId), "relationship-nps-q4",
                new Respondent("cust-" + responseId, responseId + "@example.com", "Name " + responseId, null, "en",
                        new BigDecimal("25000")),
                new Score(2), "Nobody called me back", NOW.minusSeconds(3600));
        store.store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW), NOW), RespondentHistory.NONE);
    }

    private List<SnsDelivery> followUps() {
        return aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body()))
                .toList();
    }

    private String status(String responseId) {
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                        "pk", AttributeValue.fromS("RESPONSE#generic#" + responseId), "sk", AttributeValue.fromS("RESPONSE"))))
                .item().get("followUpStatus").s();
    }

    private static Map<String, Long> perFollowUp(List<SnsDelivery> deliveries) {
        return deliveries.stream().collect(Collectors.groupingBy(d -> d.attributes().get("followUpId"), Collectors.counting()));
    }

    /** Fails Publish calls on demand, as an outage would; no emulator can be told to refuse a call. */
    private static final class SnsOutage implements ExecutionInterceptor {
        final AtomicInteger failuresLeft;
        final AtomicInteger refused = new AtomicInteger();

        SnsOutage(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PublishRequest && failuresLeft.getAndDecrement() > 0) {
                refused.incrementAndGet();
                throw SdkClientException.create("injected: SNS unavailable");
            }
        }
    }

    /**
     * The process dying: an Error (not an exception the handler could catch) on the n-th Publish,
     * either before the call leaves (nothing published) or after SNS accepted it (published, but
     * never recorded as sent).
     */
    private static final class DeathOnPublish implements ExecutionInterceptor {
        final int dieOn;
        final boolean afterSnsAccepted;
        final AtomicInteger publishes = new AtomicInteger();

        DeathOnPublish(int dieOn, boolean afterSnsAccepted) {
            this.dieOn = dieOn;
            this.afterSnsAccepted = afterSnsAccepted;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (!afterSnsAccepted && context.request() instanceof PublishRequest && publishes.incrementAndGet() == dieOn) {
                throw new ProcessKilled();
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (afterSnsAccepted && context.request() instanceof PublishRequest && publishes.incrementAndGet() == dieOn) {
                throw new ProcessKilled();
            }
        }
    }

    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("process killed");
        }
    }

    @Test
    void followUpsHeldUpWhileSnsIsDownAllArriveOnceAfterRecovery() {
        for (int i = 1; i <= 6; i++) {
            storeDetractor("down-" + i);
        }
        var outage = new SnsOutage(4);
        var dispatch = function(outage);

        stream(event -> dispatch.handleRequest(event, new LocalContext("dispatch"))).drain(Duration.ofMillis(500));

        assertThat(outage.refused).as("publishes refused during the outage").hasValue(4);
        var delivered = followUps();
        assertThat(perFollowUp(delivered)).hasSize(6).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
        for (int i = 1; i <= 6; i++) {
            assertThat(status("down-" + i)).isEqualTo("sent");
        }
        assertThat(aws.receiveAll(resources.deadLetterQueueUrl(), Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aPoisonRecordIsBisectedAwayAndAloneReachesTheOnFailureQueueWhileTheOthersAreSent() throws Exception {
        storeDetractor("before");
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#generic#poison"), "sk", AttributeValue.fromS("RESPONSE"),
                "followUpStatus", AttributeValue.fromS("pending"), "score", AttributeValue.fromS("not a number"))));
        for (int i = 1; i <= 3; i++) {
            storeDetractor("after-" + i);
        }
        var dispatch = function();
        var poisonSequence = new ArrayList<String>();
        stream(event -> {
            event.getRecords().stream()
                    .filter(r -> r.getDynamodb().getKeys().get("pk").getS().endsWith("#poison"))
                    .forEach(r -> poisonSequence.add(r.getDynamodb().getSequenceNumber()));
            return dispatch.handleRequest(event, new LocalContext("dispatch"));
        }).drain(Duration.ofMillis(500));

        assertThat(perFollowUp(followUps())).containsOnlyKeys("generic:before", "generic:after-1", "generic:after-2", "generic:after-3")
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1L));
        assertThat(status("poison")).isEqualTo("pending");
        var parked = aws.receiveAll(resources.deadLetterQueueUrl(), Duration.ofMillis(500));
        assertThat(parked).hasSize(1);
        var batchInfo = (Map<?, ?>) JSON.std.mapFrom(parked.get(0).body()).get("DDBStreamBatchInfo");
        assertThat(batchInfo.get("batchSize")).isEqualTo(1);
        assertThat(batchInfo.get("startSequenceNumber")).isEqualTo(poisonSequence.get(0));
    }

    @Test
    void replayingABatchWhoseProcessDiedBeforeAPublishSendsEachFollowUpOnce() {
        for (int i = 1; i <= 5; i++) {
            storeDetractor("kill-" + i);
        }
        var dying = function(new DeathOnPublish(3, false));
        var batches = new ArrayList<DynamodbEvent>();
        var source = stream(event -> {
            batches.add(event);
            return dying.handleRequest(event, new LocalContext("dispatch"));
        });

        source.pollOnce();
        assertThat(batches.get(0).getRecords()).hasSize(5);
        assertThat(followUps()).hasSize(2);

        // A new container gets the same batch again, as Lambda does after a crash.
        var response = function().handleRequest(batches.get(0), new LocalContext("dispatch"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        var replayed = followUps();
        assertThat(replayed).extracting(d -> d.attributes().get("followUpId"))
                .containsExactlyInAnyOrder("generic:kill-3", "generic:kill-4", "generic:kill-5");
        // The third was claimed by the dead attempt, so it goes out numbered: a receiver knows it may be a repeat.
        assertThat(replayed).filteredOn(d -> d.attributes().get("followUpId").equals("generic:kill-3"))
                .singleElement().satisfies(d -> assertThat(d.attributes()).containsEntry("attempt", "2"));
        for (int i = 1; i <= 5; i++) {
            assertThat(status("kill-" + i)).isEqualTo("sent");
        }
    }

    @Test
    void theOneWindowLeftADeathAfterSnsAcceptedAndBeforeMarkSentRepeatsOnlyThatFollowUpNumberedWithItsId() {
        for (int i = 1; i <= 5; i++) {
            storeDetractor("window-" + i);
        }
        var dying = function(new DeathOnPublish(3, true));
        var batches = new ArrayList<DynamodbEvent>();
        var source = stream(event -> {
            batches.add(event);
            return dying.handleRequest(event, new LocalContext("dispatch"));
        });
        source.pollOnce();
        assertThat(status("window-3")).as("published, never marked sent").isEqualTo("pending");

        function().handleRequest(batches.get(0), new LocalContext("dispatch"));

        var delivered = followUps();
        var counts = perFollowUp(delivered);
        assertThat(counts).hasSize(5);
        assertThat(counts).containsEntry("generic:window-3", 2L);
        counts.forEach((id, count) -> {
            if (!id.equals("generic:window-3")) {
                assertThat(count).as(id).isEqualTo(1L);
            }
        });
        // The repeat carries the same follow-up id and says it is attempt 2: dropping by id leaves one.
        assertThat(delivered).filteredOn(d -> d.attributes().get("followUpId").equals("generic:window-3"))
                .extracting(d -> d.attributes().get("attempt")).containsExactlyInAnyOrder(null, "2");
    }

    @Test
    void whileOneAttemptHoldsTheClaimAnotherWaitsAndThenFindsItSent() throws Exception {
        storeDetractor("claimed");
        var key = new ResponseKey("generic", "claimed");
        var first = new DynamoDbFollowUpLedger(aws.dynamoDb(), resources.tableName(), Duration.ofSeconds(1), java.time.Clock.systemUTC());
        var second = new DynamoDbFollowUpLedger(aws.dynamoDb(), resources.tableName(), Duration.ofSeconds(1), java.time.Clock.systemUTC());
        assertThat(first.claim(key)).get().extracting(c -> c.attempt()).isEqualTo(1);

        var competing = java.util.concurrent.CompletableFuture.supplyAsync(() -> second.claim(key));
        first.markSent(key, "m-1", Instant.now());

        assertThat(competing.get()).as("the second attempt publishes nothing").isEmpty();
    }

    @Test
    void anEscalationIsClaimedLikeAFollowUpAndArrivesOnceAfterAFailedPublish() {
        storeDetractor("overdue");
        // As the escalation function leaves it: the follow-up went out, the case is overdue, its escalation pending.
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", AttributeValue.fromS("RESPONSE#generic#overdue"), "sk", AttributeValue.fromS("RESPONSE")))
                .updateExpression("SET followUpStatus = :sent, escalationStatus = :pending, caseStatus = :open")
                .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS("sent"), ":pending", AttributeValue.fromS("pending"),
                        ":open", AttributeValue.fromS("open"))));
        var outage = new SnsOutage(1);
        var dispatch = function(outage);

        stream(event -> dispatch.handleRequest(event, new LocalContext("dispatch"))).drain(Duration.ofMillis(500));

        assertThat(outage.refused).hasValue(1);
        assertThat(followUps()).singleElement().satisfies(d -> assertThat(d.attributes())
                .containsEntry("action", "escalation").containsEntry("followUpId", "generic:overdue").containsEntry("attempt", "2"));
        assertThat(aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                        "pk", AttributeValue.fromS("RESPONSE#generic#overdue"), "sk", AttributeValue.fromS("RESPONSE"))))
                .item().get("escalationStatus").s()).isEqualTo("sent");
    }
}
