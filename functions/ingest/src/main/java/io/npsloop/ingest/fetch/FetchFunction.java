package io.npsloop.ingest.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.ingest.IngestConfig;
import io.npsloop.observe.Log;
import io.npsloop.table.FetchItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs on the table's stream, filtered to pending fetches: reads each announced response from its
 * tool's API and stores it. A record that could not be worked on (the table unreachable) is
 * reported and Lambda retries from it; every other outcome, retries included, is written to the
 * pending item itself.
 */
public final class FetchFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final PendingFetchWorker worker;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public FetchFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public FetchFunction(Settings settings) {
        this(IngestConfig.fetchWorker(settings, new AwsClients(settings), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis())));
    }

    public FetchFunction(PendingFetchWorker worker) {
        this.worker = worker;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        var failures = new ArrayList<StreamsEventResponse.BatchItemFailure>();
        var records = event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords();
        var log = new Log(context.getLogger()::log, "fetch", context.getAwsRequestId(), Clock.systemUTC());
        for (var record : records) {
            var change = record.getDynamodb();
            var keys = change == null ? null : change.getKeys();
            var pk = keys == null || keys.get(Table.PK) == null ? null : keys.get(Table.PK).getS();
            if (!DynamoDbFetchQueue.isFetchKey(pk)) {
                continue; // the event filter should have dropped it
            }
            try {
                var outcome = worker.process(pk);
                // The key holds only the source and the tool's response id.
                log.info("fetch", FetchItem.responseKeyValue(pk), "outcome", String.valueOf(outcome));
            } catch (RuntimeException e) {
                log.error("fetch failed", FetchItem.responseKeyValue(pk),
                        "sequence", change.getSequenceNumber(), "error", e.getClass().getSimpleName());
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(change.getSequenceNumber())
                        .build());
                break;
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
