package io.npsloop.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Does locally what a Lambda event source mapping does for a DynamoDB stream: reads every shard in
 * order, filters, batches, retries with ReportBatchItemFailures semantics, and sends an on-failure
 * record to SQS once the retries are exhausted.
 *
 * <p>A batch that fails is retried on the next pass, so the poll interval acts as the back-off.
 */
public final class StreamEventSource implements AutoCloseable {

    /** The product's filter: inserts and modifications whose new image awaits a follow-up or an escalation. */
    public static final Predicate<DynamodbEvent.DynamodbStreamRecord> PENDING_FOLLOW_UPS = record -> {
        if (!"INSERT".equals(record.getEventName()) && !"MODIFY".equals(record.getEventName())) {
            return false;
        }
        if (record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            return false;
        }
        var image = record.getDynamodb().getNewImage();
        return isPending(image.get("followUpStatus")) || isPending(image.get("escalationStatus"));
    };

    /** The item types the counters function counts, as template.yaml's filter names them. */
    public static final java.util.Set<String> COUNTED_TYPES = java.util.Set.of("response", "outcome", "unit-cohort");

    /**
     * The counters function's filter: responses, outcomes and cohorts written or changed; of
     * removals only open cases' (they leave the desk's open counts; the daily counts stay).
     */
    public static final Predicate<DynamodbEvent.DynamodbStreamRecord> COUNTED_ITEMS = record -> {
        var change = record.getDynamodb();
        if (change == null) {
            return false;
        }
        if ("REMOVE".equals(record.getEventName())) {
            var old = change.getOldImage();
            var type = old == null ? null : old.get("type");
            var openCase = old == null ? null : old.get("openCase");
            return type != null && "response".equals(type.getS()) && openCase != null && openCase.getS() != null;
        }
        if (!"INSERT".equals(record.getEventName()) && !"MODIFY".equals(record.getEventName())) {
            return false;
        }
        var image = change.getNewImage();
        var type = image == null ? null : image.get("type");
        return type != null && COUNTED_TYPES.contains(type.getS());
    };

    /** The fetch function's filter: inserts and modifications whose new image is a fetch waiting for a try. */
    public static final Predicate<DynamodbEvent.DynamodbStreamRecord> PENDING_FETCHES = record -> {
        if (!"INSERT".equals(record.getEventName()) && !"MODIFY".equals(record.getEventName())) {
            return false;
        }
        if (record.getDynamodb() == null || record.getDynamodb().getNewImage() == null) {
            return false;
        }
        return isPending(record.getDynamodb().getNewImage().get("fetchStatus"));
    };

    private static boolean isPending(AttributeValue status) {
        return status != null && "pending".equals(status.getS());
    }

    /**
     * @param batchSize most records per invocation
     * @param maxRetryAttempts retries of a batch (from the same first record) before giving up
     * @param filter records it rejects are never delivered, as with Lambda event filtering
     * @param onFailureQueueUrl SQS queue for on-failure records; null drops exhausted batches
     * @param bisectOnError as {@code BisectBatchOnFunctionError}: a batch that fails from its first
     *     record is split in two and each half retried, without counting a retry, until the failing
     *     record is alone; only then do its retries count and it alone reaches the on-failure queue
     */
    public record Options(int batchSize, int maxRetryAttempts,
                          Predicate<DynamodbEvent.DynamodbStreamRecord> filter, String onFailureQueueUrl,
                          boolean bisectOnError) {

        public Options(int batchSize, int maxRetryAttempts,
                       Predicate<DynamodbEvent.DynamodbStreamRecord> filter, String onFailureQueueUrl) {
            this(batchSize, maxRetryAttempts, filter, onFailureQueueUrl, false);
        }

        public Options {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be 1..10000: " + batchSize);
            }
            if (maxRetryAttempts < 0) {
                throw new IllegalArgumentException("maxRetryAttempts must be >= 0: " + maxRetryAttempts);
            }
            Objects.requireNonNull(filter, "filter");
        }

        /** The same mapping, letting through also what {@code more} lets through (a further filter of the template's). */
        public Options orAlso(Predicate<DynamodbEvent.DynamodbStreamRecord> more) {
            return new Options(batchSize, maxRetryAttempts, filter.or(more), onFailureQueueUrl, bisectOnError);
        }

        /** The product's mapping: batches of 25, 5 retries, bisected on errors, pending follow-ups only. */
        public static Options defaults(String onFailureQueueUrl) {
            return new Options(25, 5, PENDING_FOLLOW_UPS, onFailureQueueUrl, true);
        }

        /** The counters function's mapping: batches of 1,000, 10 retries, responses and outcomes only. */
        public static Options counters(String onFailureQueueUrl) {
            return new Options(1000, 10, COUNTED_ITEMS, onFailureQueueUrl);
        }

        /** The fetch function's mapping: batches of 10, 5 retries, pending fetches only. */
        public static Options fetches(String onFailureQueueUrl) {
            return new Options(10, 5, PENDING_FETCHES, onFailureQueueUrl);
        }
    }

    private static final int GET_RECORDS_LIMIT = 1000;

    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final String streamArn;
    private final Function<DynamodbEvent, StreamsEventResponse> handler;
    private final Options options;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private int seenInLastPass;
    private volatile Thread poller;
    private volatile boolean closed;

    public StreamEventSource(DynamoDbStreamsClient streams, SqsClient sqs, String streamArn,
                             Function<DynamodbEvent, StreamsEventResponse> handler, Options options) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.sqs = sqs;
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        if (options.onFailureQueueUrl() != null && sqs == null) {
            throw new IllegalArgumentException("An on-failure queue needs an SqsClient");
        }
    }

    /**
     * One pass over every shard whose parents are done: fetches new records and invokes the
     * handler until each shard is caught up or its current batch failed.
     *
     * @return how many records were handed to the handler in this pass, redeliveries included
     */
    public synchronized int pollOnce() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        discoverShards();
        int delivered = 0;
        int seen = 0;
        for (ShardState shard : shards.values()) {
            if (shard.finished || !parentDone(shard)) {
                continue;
            }
            while (true) {
                int fetched = shard.fetch();
                seen += fetched;
                delivered += shard.deliver();
                if (shard.blocked || fetched == 0) {
                    break;
                }
            }
            if (shard.iterator == null && shard.pending.isEmpty()) {
                shard.finished = true;
            }
        }
        seenInLastPass = seen;
        return delivered;
    }

    /** Polls until no record has been seen or delivered for {@code quietPeriod}. */
    public void drain(Duration quietPeriod) {
        long quiet = quietPeriod.toNanos();
        long lastActivity = System.nanoTime();
        while (true) {
            boolean active;
            synchronized (this) {
                active = pollOnce() > 0 || seenInLastPass > 0;
            }
            long now = System.nanoTime();
            if (active) {
                lastActivity = now;
            } else if (now - lastActivity >= quiet) {
                return;
            }
            sleep(Math.min(50, Math.max(1, quietPeriod.toMillis() / 4)));
        }
    }

    /** Polls on a daemon thread until {@link #close()}; a failing pass is reported and retried. */
    public synchronized void start(Duration pollInterval) {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        Thread thread = new Thread(() -> {
            while (!closed && !Thread.currentThread().isInterrupted()) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    System.err.println("Stream poll of " + streamArn + " failed: " + e);
                }
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stream-event-source");
        thread.setDaemon(true);
        poller = thread;
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void discoverShards() {
        String exclusiveStart = null;
        do {
            StreamDescription description;
            try {
                description = streams.describeStream(DescribeStreamRequest.builder()
                        .streamArn(streamArn)
                        .exclusiveStartShardId(exclusiveStart)
                        .build()).streamDescription();
            } catch (ResourceNotFoundException e) {
                return;
            }
            for (Shard shard : description.shards()) {
                shards.computeIfAbsent(shard.shardId(), id -> new ShardState(shard));
            }
            exclusiveStart = description.lastEvaluatedShardId();
        } while (exclusiveStart != null);
    }

    private boolean parentDone(ShardState shard) {
        if (shard.parentId == null) {
            return true;
        }
        ShardState parent = shards.get(shard.parentId);
        // A parent no longer described has been trimmed away: nothing left to read before us.
        return parent == null || parent.finished;
    }

    private final class ShardState {
        final String shardId;
        final String parentId;
        final Deque<Pending> pending = new ArrayDeque<>();
        String iterator;
        boolean started;
        boolean finished;
        boolean blocked;
        String lastFetchedSequence;
        String attemptsStart;
        int attempts;
        /** The batch size for the next invocation: smaller while a failing batch is being bisected. */
        int limit;

        ShardState(Shard shard) {
            this.shardId = shard.shardId();
            this.parentId = shard.parentShardId();
            this.limit = options.batchSize();
        }

        /** Reads until a batch is buffered or the shard has nothing more for now. */
        int fetch() {
            if (!started) {
                iterator = iterator(ShardIteratorType.TRIM_HORIZON, null);
                started = true;
            }
            int seen = 0;
            while (iterator != null && pending.size() < options.batchSize()) {
                GetRecordsResponse response;
                try {
                    response = streams.getRecords(r -> r.shardIterator(iterator).limit(GET_RECORDS_LIMIT));
                } catch (ExpiredIteratorException e) {
                    iterator = lastFetchedSequence == null
                            ? iterator(ShardIteratorType.TRIM_HORIZON, null)
                            : iterator(ShardIteratorType.AFTER_SEQUENCE_NUMBER, lastFetchedSequence);
                    continue;
                } catch (TrimmedDataAccessException e) {
                    iterator = iterator(ShardIteratorType.TRIM_HORIZON, null);
                    continue;
                }
                iterator = response.nextShardIterator();
                for (Record record : response.records()) {
                    seen++;
                    lastFetchedSequence = record.dynamodb().sequenceNumber();
                    DynamodbEvent.DynamodbStreamRecord converted =
                            StreamRecordConverter.toLambdaRecord(record, streamArn);
                    if (options.filter().test(converted)) {
                        pending.add(new Pending(converted, record.dynamodb().approximateCreationDateTime()));
                    }
                }
                if (response.records().isEmpty()) {
                    break;
                }
            }
            return seen;
        }

        private String iterator(ShardIteratorType type, String sequenceNumber) {
            return streams.getShardIterator(r -> r.streamArn(streamArn)
                    .shardId(shardId)
                    .shardIteratorType(type)
                    .sequenceNumber(sequenceNumber)).shardIterator();
        }

        /** Invokes the handler batch by batch; stops at the first failure so the next pass retries. */
        int deliver() {
            int delivered = 0;
            blocked = false;
            while (!pending.isEmpty()) {
                List<Pending> batch = new ArrayList<>(Math.min(limit, pending.size()));
                for (Pending p : pending) {
                    if (batch.size() == limit) {
                        break;
                    }
                    batch.add(p);
                }
                delivered += batch.size();
                int failedAt = invoke(batch);
                if (failedAt < 0) {
                    batch.forEach(p -> pending.removeFirst());
                    attemptsStart = null;
                    attempts = 0;
                    limit = options.batchSize();
                    continue;
                }
                if (failedAt == 0 && options.bisectOnError() && batch.size() > 1) {
                    // Split in two and retry the first half; splitting does not count as a retry.
                    limit = (batch.size() + 1) / 2;
                    blocked = true;
                    break;
                }
                // Records before the first failure count as processed, as with a Lambda checkpoint.
                for (int i = 0; i < failedAt; i++) {
                    pending.removeFirst();
                }
                String start = pending.getFirst().record.getDynamodb().getSequenceNumber();
                if (!start.equals(attemptsStart)) {
                    attemptsStart = start;
                    attempts = 0;
                }
                attempts++;
                if (attempts > options.maxRetryAttempts()) {
                    List<Pending> exhausted = batch.subList(failedAt, batch.size());
                    sendOnFailure(exhausted, attempts);
                    exhausted.forEach(p -> pending.removeFirst());
                    attemptsStart = null;
                    attempts = 0;
                    limit = options.batchSize();
                    continue;
                }
                blocked = true;
                break;
            }
            return delivered;
        }

        /** @return the index of the first record to retry, or -1 when the whole batch succeeded */
        private int invoke(List<Pending> batch) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(new ArrayList<>(batch.stream().map(p -> p.record).toList()));
            StreamsEventResponse response;
            try {
                response = handler.apply(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                return 0;
            }
            if (response == null || response.getBatchItemFailures() == null
                    || response.getBatchItemFailures().isEmpty()) {
                return -1;
            }
            int lowest = Integer.MAX_VALUE;
            for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                int index = indexOf(batch, failure == null ? null : failure.getItemIdentifier());
                // Lambda treats a missing or unknown identifier as a failure of the whole batch.
                if (index < 0) {
                    return 0;
                }
                lowest = Math.min(lowest, index);
            }
            return lowest;
        }

        private int indexOf(List<Pending> batch, String sequenceNumber) {
            if (sequenceNumber == null || sequenceNumber.isBlank()) {
                return -1;
            }
            for (int i = 0; i < batch.size(); i++) {
                if (sequenceNumber.equals(batch.get(i).record.getDynamodb().getSequenceNumber())) {
                    return i;
                }
            }
            return -1;
        }

        private void sendOnFailure(List<Pending> batch, int invocations) {
            if (options.onFailureQueueUrl() == null) {
                return;
            }
            String body = onFailureRecord(shardId, batch, invocations);
            sqs.sendMessage(r -> r.queueUrl(options.onFailureQueueUrl()).messageBody(body));
        }
    }

    private String onFailureRecord(String shardId, List<Pending> batch, int invocations) {
        Pending first = batch.get(0);
        Pending last = batch.get(batch.size() - 1);
        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("requestId", UUID.randomUUID().toString());
        requestContext.put("functionArn", "arn:aws:lambda:" + LocalAws.REGION.id() + ":000000000000:function:local-stream-consumer");
        requestContext.put("condition", "RetryAttemptsExhausted");
        requestContext.put("approximateInvokeCount", invocations);
        Map<String, Object> responseContext = new LinkedHashMap<>();
        responseContext.put("statusCode", 200);
        responseContext.put("executedVersion", "$LATEST");
        Map<String, Object> batchInfo = new LinkedHashMap<>();
        batchInfo.put("shardId", shardId);
        batchInfo.put("startSequenceNumber", first.record.getDynamodb().getSequenceNumber());
        batchInfo.put("endSequenceNumber", last.record.getDynamodb().getSequenceNumber());
        batchInfo.put("approximateArrivalOfFirstRecord", isoSeconds(first.arrival));
        batchInfo.put("approximateArrivalOfLastRecord", isoSeconds(last.arrival));
        batchInfo.put("batchSize", batch.size());
        batchInfo.put("streamArn", streamArn);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("requestContext", requestContext);
        root.put("responseContext", responseContext);
        root.put("version", "1.0");
        root.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        root.put("DDBStreamBatchInfo", batchInfo);
        try {
            // Null members stay: Lambda's on-failure record carries them as null.
            return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String isoSeconds(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while polling the stream", e);
        }
    }

    private record Pending(DynamodbEvent.DynamodbStreamRecord record, Instant arrival) {
    }
}
