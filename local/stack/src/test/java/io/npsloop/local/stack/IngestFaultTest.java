package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.SnsDelivery;
import io.npsloop.local.StreamEventSource;
import io.npsloop.table.UnitCohortItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The ingest function while DynamoDB throttles or fails its writes. A survey tool only stops
 * retrying on a 2xx, so a 2xx must mean the response is stored: a failed write answers 503 with
 * Retry-After, and the tool's later retry stores it once, counts it once and leads to one
 * follow-up, and counts the customer once in their unit's cohort. Each of the writes a response
 * can take is failed in turn: the transaction of a detractor who opens their account's case; the
 * two standard writes of a promoter not worth a referral (the customer's state, then the
 * response), between which a process can die; and the four standard writes of a promoter counted
 * in their account's arm (the account's pointer to the cohort it starts, the state, the cohort,
 * the response).
 */
class IngestFaultTest {

    /** Faults on the response's transaction that DynamoDB Local cannot be made to produce. */
    enum Fault {
        THROTTLED(() -> ProvisionedThroughputExceededException.builder().statusCode(400)
                .message("injected: throughput exceeded").build(), false),
        INTERNAL_ERROR(() -> DynamoDbException.builder().statusCode(500).message("injected: internal server error").build(), false),
        /** The write commits, but its answer never reaches the function (a dropped connection, a timeout). */
        ANSWER_LOST(() -> DynamoDbException.builder().statusCode(500).message("injected: connection reset after commit").build(), true);

        final Supplier<RuntimeException> error;
        final boolean afterCommit;

        Fault(Supplier<RuntimeException> error, boolean afterCommit) {
            this.error = error;
            this.afterCommit = afterCommit;
        }
    }

    /**
     * Which write fails, and the answer whose writes take that path: a detractor opening their
     * account's case is one transaction (after the account's cohort pointer); a promoter worth a
     * referral ask is four plain writes; one not worth it is two (state, then response) and is
     * followed up by no one and counted in no arm.
     */
    enum Write {
        TRANSACTION("generic-detractor.json", "resp-2026-11-0001", "cust-1001", Map.of(), 1, "48000", true,
                request -> request instanceof TransactWriteItemsRequest),
        CUSTOMER_STATE("generic-promoter.json", "resp-2026-11-0002", "cust-1002", NOT_WORTH_IT, 0, null, false,
                Write::customerState),
        RESPONSE("generic-promoter.json", "resp-2026-11-0002", "cust-1002", NOT_WORTH_IT, 0, null, true,
                Write::response),
        ACCOUNT_POINTER("generic-promoter.json", "resp-2026-11-0002", "cust-1002", Map.of(), 1, "6500", false,
                request -> update(request, "ACCOUNT#")),
        COUNTED_CUSTOMER_STATE("generic-promoter.json", "resp-2026-11-0002", "cust-1002", Map.of(), 1, "6500", false,
                Write::customerState),
        COHORT("generic-promoter.json", "resp-2026-11-0002", "cust-1002", Map.of(), 1, "6500", false,
                request -> update(request, "COHORT#")),
        COUNTED_RESPONSE("generic-promoter.json", "resp-2026-11-0002", "cust-1002", Map.of(), 1, "6500", true,
                Write::response);

        final String event;
        final String responseId;
        final String customerId;
        final Map<String, String> settings;
        final int followUps;
        /** The member's annual value in their unit's cohort; null: counted in no arm. */
        final String memberValue;
        /** Whether the failing call itself stores the response (it is the put, or in its transaction). */
        final boolean storesTheResponse;
        final Predicate<SdkRequest> matches;

        Write(String event, String responseId, String customerId, Map<String, String> settings, int followUps, String memberValue,
              boolean storesTheResponse, Predicate<SdkRequest> matches) {
            this.event = event;
            this.responseId = responseId;
            this.customerId = customerId;
            this.settings = settings;
            this.followUps = followUps;
            this.memberValue = memberValue;
            this.storesTheResponse = storesTheResponse;
            this.matches = matches;
        }

        private static boolean update(SdkRequest request, String prefix) {
            return request instanceof UpdateItemRequest u && u.key().get("pk").s().startsWith(prefix);
        }

        private static boolean customerState(SdkRequest request) {
            return update(request, "CUSTOMER#");
        }

        private static boolean response(SdkRequest request) {
            return request instanceof PutItemRequest p && p.item().get("pk").s().startsWith("RESPONSE#");
        }
    }

    /** A referral ask costs more than a promoter's value can repay: no follow-up, no arm. */
    private static final Map<String, String> NOT_WORTH_IT = Map.of("REFERRAL_COST", "1000000");

    /** Fails the first {@code times} calls of one write, as seen after the SDK's own retries are spent. */
    static final class FailingWrites implements ExecutionInterceptor {
        final Fault fault;
        final Write write;
        final AtomicInteger left;

        FailingWrites(Fault fault, Write write, int times) {
            this.fault = fault;
            this.write = write;
            this.left = new AtomicInteger(times);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (!fault.afterCommit && write.matches.test(context.request()) && left.getAndDecrement() > 0) {
                throw fault.error.get();
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (fault.afterCommit && write.matches.test(context.request()) && left.getAndDecrement() > 0) {
                throw fault.error.get();
            }
        }
    }

    static Stream<Arguments> faults() {
        return Stream.of(Write.values()).flatMap(write -> Stream.of(Fault.values()).map(fault -> Arguments.of(write, fault)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void aFailedWriteIsNeverAcknowledgedAndTheToolsRetryStoresItOnceWithAtMostOneFollowUp(Write write, Fault fault) throws Exception {
        var aws = LocalAws.shared();
        var resources = aws.provision("ingest-fault-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(LocalStack.LOCAL_SECRETS);
        env.putAll(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.putAll(write.settings);
        var settings = new Settings(env);
        // After a commit the retry finds the response stored and writes nothing, so only one answer can be lost.
        int failures = fault.afterCommit ? 1 : 3;
        var ingest = new IngestFunction(settings, new AwsClients(settings, List.of(new FailingWrites(fault, write, failures))));

        var body = new String(Files.readAllBytes(Main.findEvents().resolve(write.event)), StandardCharsets.UTF_8);
        var headers = Signer.headers("generic", body.getBytes(StandardCharsets.UTF_8), env);
        var answers = new ArrayList<APIGatewayV2HTTPResponse>();
        for (int attempt = 0; attempt < failures + 2; attempt++) {
            answers.add(ingest.handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /webhooks/{source}")
                    .withPathParameters(Map.of("source", "generic"))
                    .withHeaders(headers)
                    .withBody(body)
                    .build(), new LocalContext("ingest")));
            if (attempt < failures) {
                var answer = answers.get(attempt);
                assertThat(answer.getStatusCode()).as("attempt %d", attempt + 1).isEqualTo(503);
                assertThat(answer.getHeaders()).containsEntry("retry-after", "30");
                if (!fault.afterCommit) {
                    assertThat(storedResponses(aws, resources)).as("nothing stored behind a 503").isZero();
                }
            }
        }

        var last = answers.subList(failures, answers.size()).stream().map(APIGatewayV2HTTPResponse::getStatusCode).toList();
        // Once written, every retry answers duplicate; the first success is 202 unless the response had already been stored.
        boolean responseStoredByTheFailedCall = fault.afterCommit && write.storesTheResponse;
        assertThat(last).containsExactly(responseStoredByTheFailedCall ? 200 : 202, 200);
        assertThat(storedResponses(aws, resources)).isEqualTo(1);
        var state = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("CUSTOMER#" + write.customerId), "sk", AttributeValue.fromS("STATE")))).item();
        assertThat(state.get("responses").n()).as("counted once").isEqualTo("1");
        assertThat(state.get("version").n()).isEqualTo("1");
        var cohorts = aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("pk").s().startsWith("COHORT#")).toList();
        if (write.memberValue == null) {
            assertThat(cohorts).as("counted in no arm").isEmpty();
        } else {
            // One cohort, the customer in it once by the token their state keeps, with their value once.
            assertThat(cohorts).singleElement().satisfies(cohort -> {
                var membership = state.values().stream().map(AttributeValue::s)
                        .filter(value -> value != null && value.startsWith(cohort.get("pk").s().substring("COHORT#".length()) + "|"))
                        .toList();
                assertThat(membership).as("the state's membership in this cohort").hasSize(1);
                var token = membership.get(0).split("\\|")[3];
                assertThat(cohort.get("members").ss()).containsExactly(token);
                assertThat(UnitCohortItem.count(cohort).members()).isEqualTo(1);
                assertThat(UnitCohortItem.count(cohort).memberValue()).isEqualByComparingTo(write.memberValue);
            });
        }

        var dispatch = new DispatchFunction(settings);
        try (var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            stream.drain(Duration.ofMillis(300));
        }
        var followUps = aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body())).toList();
        assertThat(followUps).hasSize(write.followUps)
                .allSatisfy(d -> assertThat(d.attributes()).containsEntry("followUpId", "generic:" + write.responseId));
    }

    private static long storedResponses(LocalAws aws, LocalAws.Resources resources) {
        return aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> i.get("sk").s().equals("RESPONSE")).count();
    }
}
