package io.npsloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

class StreamEventSourceTest {

    private static final Duration QUIET = Duration.ofMillis(300);

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
    void deliversEveryAttributeTypeAsLambdaWould() {
        LocalAws.Resources resources = aws.provision("types");
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("RESPONSE#1"));
        item.put("sk", s("META"));
        item.put("followUpStatus", s("pending"));
        item.put("score", AttributeValue.fromN("3"));
        item.put("ratio", AttributeValue.fromN("-12.50"));
        item.put("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})));
        item.put("tags", AttributeValue.fromSs(List.of("billing", "support")));
        item.put("scores", AttributeValue.fromNs(List.of("1", "2.5")));
        item.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {7}),
                SdkBytes.fromByteArray(new byte[] {8, 9}))));
        item.put("contact", AttributeValue.fromM(Map.of(
                "email", s("someone@example.com"),
                "channels", AttributeValue.fromL(List.of(s("email"), AttributeValue.fromBool(true))))));
        item.put("history", AttributeValue.fromL(List.of(s("a"), AttributeValue.fromN("1"),
                AttributeValue.fromNul(true), AttributeValue.fromM(Map.of("k", s("v"))), AttributeValue.fromL(List.of()))));
        item.put("comment", AttributeValue.fromNul(true));
        item.put("consented", AttributeValue.fromBool(false));
        Instant before = Instant.now();
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", s("RESPONSE#1"), "sk", s("META")))
                .updateExpression("SET score = :score")
                .expressionAttributeValues(Map.of(":score", AttributeValue.fromN("4"))));

        List<DynamodbEvent> events = new CopyOnWriteArrayList<>();
        try (StreamEventSource source = source(resources, events, e -> null, StreamEventSource.Options.defaults(null))) {
            source.drain(QUIET);
        }

        List<DynamodbEvent.DynamodbStreamRecord> records = records(events);
        assertThat(records).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName)
                .containsExactly("INSERT", "MODIFY");
        DynamodbEvent.DynamodbStreamRecord insert = records.get(0);
        assertThat(insert.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(insert.getEventSourceARN()).isEqualTo(resources.streamArn());
        assertThat(insert.getEventID()).isNotBlank();
        assertThat(insert.getEventVersion()).isEqualTo("1.1");
        assertThat(insert.getAwsRegion()).isNotBlank();
        assertThat(insert.getDynamodb().getSequenceNumber()).isNotBlank();
        assertThat(insert.getDynamodb().getSizeBytes()).isPositive();
        assertThat(insert.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        // DynamoDB Local rounds creation times down to the minute.
        assertThat(insert.getDynamodb().getApproximateCreationDateTime().toInstant())
                .isBetween(before.minusSeconds(61), Instant.now().plusSeconds(1));
        assertThat(insert.getDynamodb().getKeys()).containsOnlyKeys("pk", "sk");
        assertThat(insert.getDynamodb().getKeys().get("pk").getS()).isEqualTo("RESPONSE#1");
        assertThat(insert.getDynamodb().getOldImage()).isNull();

        var image = insert.getDynamodb().getNewImage();
        assertThat(image).containsOnlyKeys(item.keySet());
        assertThat(image.get("followUpStatus").getS()).isEqualTo("pending");
        assertThat(image.get("score").getN()).isEqualTo("3");
        assertThat(image.get("ratio").getN()).isEqualTo("-12.5");
        assertThat(bytes(image.get("blob").getB())).containsExactly(0, 1, 0xff);
        assertThat(image.get("tags").getSS()).containsExactlyInAnyOrder("billing", "support");
        assertThat(image.get("scores").getNS()).containsExactlyInAnyOrder("1", "2.5");
        assertThat(image.get("blobs").getBS()).extracting(StreamEventSourceTest::bytes)
                .containsExactlyInAnyOrder(new byte[] {7}, new byte[] {8, 9});
        var contact = image.get("contact").getM();
        assertThat(contact.get("email").getS()).isEqualTo("someone@example.com");
        assertThat(contact.get("channels").getL()).satisfiesExactly(
                v -> assertThat(v.getS()).isEqualTo("email"),
                v -> assertThat(v.getBOOL()).isTrue());
        assertThat(image.get("history").getL()).satisfiesExactly(
                v -> assertThat(v.getS()).isEqualTo("a"),
                v -> assertThat(v.getN()).isEqualTo("1"),
                v -> assertThat(v.getNULL()).isTrue(),
                v -> assertThat(v.getM().get("k").getS()).isEqualTo("v"),
                v -> assertThat(v.getL()).isEmpty());
        assertThat(image.get("comment").getNULL()).isTrue();
        assertThat(image.get("consented").getBOOL()).isFalse();

        DynamodbEvent.DynamodbStreamRecord modify = records.get(1);
        assertThat(modify.getDynamodb().getOldImage().get("score").getN()).isEqualTo("3");
        assertThat(modify.getDynamodb().getNewImage().get("score").getN()).isEqualTo("4");
        assertThat(new java.math.BigInteger(modify.getDynamodb().getSequenceNumber()))
                .isGreaterThan(new java.math.BigInteger(insert.getDynamodb().getSequenceNumber()));
    }

    @Test
    void recordsTheFilterRejectsAreNeverDelivered() {
        LocalAws.Resources resources = aws.provision("filtering");
        put(resources, "sent", "sent");
        put(resources, "none", null);
        put(resources, "pending", "pending");
        aws.dynamoDb().deleteItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", s("pending"), "sk", s("META"))));
        aws.dynamoDb().updateItem(r -> r.tableName(resources.tableName())
                .key(Map.of("pk", s("none"), "sk", s("META")))
                .updateExpression("SET followUpStatus = :s")
                .expressionAttributeValues(Map.of(":s", s("pending"))));

        List<DynamodbEvent> events = new CopyOnWriteArrayList<>();
        try (StreamEventSource source = source(resources, events, e -> null, StreamEventSource.Options.defaults(null))) {
            source.drain(QUIET);
            assertThat(source.pollOnce()).isZero();
        }

        assertThat(records(events))
                .extracting(r -> r.getEventName() + " " + r.getDynamodb().getKeys().get("pk").getS())
                .containsExactly("INSERT pending", "MODIFY none");
    }

    @Test
    void aReportedFailureRedeliversFromThatRecordOnly() {
        LocalAws.Resources resources = aws.provision("partial");
        for (int i = 1; i <= 5; i++) {
            put(resources, "r" + i, "pending");
        }

        List<List<String>> invocations = new ArrayList<>();
        Function<DynamodbEvent, StreamsEventResponse> handler = event -> {
            invocations.add(pks(event));
            if (invocations.size() > 1) {
                return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
            }
            String third = event.getRecords().get(2).getDynamodb().getSequenceNumber();
            String fifth = event.getRecords().get(4).getDynamodb().getSequenceNumber();
            return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                    new StreamsEventResponse.BatchItemFailure(fifth),
                    new StreamsEventResponse.BatchItemFailure(third))).build();
        };
        try (StreamEventSource source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(),
                resources.streamArn(), handler, StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(QUIET);
        }

        assertThat(invocations).containsExactly(
                List.of("r1", "r2", "r3", "r4", "r5"),
                List.of("r3", "r4", "r5"));
        assertThat(aws.receiveAll(resources.deadLetterQueueUrl(), Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void anExceptionRetriesTheWholeBatchInBatchesOfTheConfiguredSize() {
        LocalAws.Resources resources = aws.provision("thrown");
        for (int i = 1; i <= 3; i++) {
            put(resources, "r" + i, "pending");
        }

        List<List<String>> invocations = new ArrayList<>();
        Function<DynamodbEvent, StreamsEventResponse> handler = event -> {
            invocations.add(pks(event));
            if (invocations.size() == 1) {
                throw new IllegalStateException("downstream unavailable");
            }
            return new StreamsEventResponse();
        };
        var options = new StreamEventSource.Options(2, 5, StreamEventSource.PENDING_FOLLOW_UPS, null);
        try (StreamEventSource source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(),
                resources.streamArn(), handler, options)) {
            source.drain(QUIET);
        }

        assertThat(invocations).containsExactly(List.of("r1", "r2"), List.of("r1", "r2"), List.of("r3"));
    }

    @Test
    void exhaustedRetriesSendAnOnFailureRecordAndMoveOn() throws Exception {
        LocalAws.Resources resources = aws.provision("exhausted");
        put(resources, "r1", "pending");
        put(resources, "r2", "pending");

        List<List<String>> invocations = new ArrayList<>();
        List<String> sequenceNumbers = new ArrayList<>();
        Function<DynamodbEvent, StreamsEventResponse> handler = event -> {
            invocations.add(pks(event));
            if (sequenceNumbers.isEmpty()) {
                event.getRecords().forEach(r -> sequenceNumbers.add(r.getDynamodb().getSequenceNumber()));
            }
            throw new IllegalStateException("always failing");
        };
        var options = new StreamEventSource.Options(10, 2, StreamEventSource.PENDING_FOLLOW_UPS,
                resources.deadLetterQueueUrl());
        try (StreamEventSource source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(),
                resources.streamArn(), handler, options)) {
            source.drain(QUIET);

            assertThat(invocations).hasSize(3).allSatisfy(pks -> assertThat(pks).containsExactly("r1", "r2"));

            List<Message> failures = aws.receiveAll(resources.deadLetterQueueUrl(), Duration.ofSeconds(1));
            assertThat(failures).hasSize(1);
            Map<String, Object> failure = JSON.std.mapFrom(failures.get(0).body());
            assertThat(map(failure.get("requestContext")))
                    .containsEntry("condition", "RetryAttemptsExhausted")
                    .containsEntry("approximateInvokeCount", 3);
            assertThat(map(failure.get("DDBStreamBatchInfo")))
                    .containsEntry("startSequenceNumber", sequenceNumbers.get(0))
                    .containsEntry("endSequenceNumber", sequenceNumbers.get(1))
                    .containsEntry("streamArn", resources.streamArn())
                    .containsEntry("batchSize", 2)
                    .containsKey("shardId");

            put(resources, "r3", "pending");
            source.drain(QUIET);
        }
        assertThat(invocations.get(3)).as("the exhausted batch is skipped").containsExactly("r3");
    }

    @Test
    void pollsInTheBackground() throws Exception {
        LocalAws.Resources resources = aws.provision("background");
        List<DynamodbEvent> events = new CopyOnWriteArrayList<>();
        try (StreamEventSource source = source(resources, events, e -> null, StreamEventSource.Options.defaults(null))) {
            source.start(Duration.ofMillis(50));
            put(resources, "late", "pending");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (events.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(records(events)).extracting(r -> r.getDynamodb().getKeys().get("pk").getS())
                .containsExactly("late");
    }

    private static StreamEventSource source(LocalAws.Resources resources, List<DynamodbEvent> sink,
                                            Function<DynamodbEvent, StreamsEventResponse> handler,
                                            StreamEventSource.Options options) {
        return new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(), event -> {
            sink.add(event);
            return handler.apply(event);
        }, options);
    }

    private static void put(LocalAws.Resources resources, String pk, String followUpStatus) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk));
        item.put("sk", s("META"));
        if (followUpStatus != null) {
            item.put("followUpStatus", s(followUpStatus));
        }
        aws.dynamoDb().putItem(r -> r.tableName(resources.tableName()).item(item));
    }

    private static List<DynamodbEvent.DynamodbStreamRecord> records(List<DynamodbEvent> events) {
        return events.stream().flatMap(e -> e.getRecords().stream()).toList();
    }

    private static List<String> pks(DynamodbEvent event) {
        return event.getRecords().stream().map(r -> r.getDynamodb().getKeys().get("pk").getS()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
