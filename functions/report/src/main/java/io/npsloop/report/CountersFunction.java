package io.npsloop.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.aws.StreamImages;
import io.npsloop.domain.roi.Segment;
import io.npsloop.domain.roi.Tally;
import io.npsloop.observe.Log;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs on the table's stream, filtered to responses, outcomes and cohorts written and to open
 * cases removed, and keeps the daily counters the report reads and the desk's open counts and SLA
 * figures ({@link DeskImages}). A batch is applied whole or not at all; on a failure Lambda delivers it again
 * (bisecting it if it keeps failing) and what was applied is not applied twice.
 */
public final class CountersFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Primed {

    private final DynamoDbCounters counters;
    private final Priming priming;

    public CountersFunction() {
        this(Settings.fromEnvironment());
    }

    public CountersFunction(Settings settings) {
        this(settings, new AwsClients(settings));
    }

    /** The production wiring over given clients. */
    public CountersFunction(Settings settings, AwsClients clients) {
        var dynamoDb = clients.dynamoDb();
        this.counters = new DynamoDbCounters(dynamoDb, settings.required(SharedSettings.TABLE_NAME),
                settings.positiveInt(ReportSettings.COUNTER_SLOTS), Clock.systemUTC());
        // Applying counts writes, so only the read and the pure image arithmetic are primed.
        this.priming = new Priming("counters", Clock.systemUTC())
                .step("table", Priming.absentItem(dynamoDb, settings.required(SharedSettings.TABLE_NAME)))
                .step("images", () -> CounterImages.change(Map.of(), Map.of(
                        Table.TYPE, AttributeValue.fromS(CounterImages.OUTCOME_TYPE),
                        CounterImages.COUNTER_DAY, AttributeValue.fromS("2000-01-01"),
                        CounterImages.COUNTS, AttributeValue.fromM(Map.of()))));
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        var records = event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords();
        if (records.isEmpty()) {
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }
        var log = new Log(context.getLogger()::log, "counters", context.getAwsRequestId(), Clock.systemUTC());
        // The batch's first record names the batch, here as in the marker that keeps it from counting twice.
        var batch = records.get(0).getEventID();
        try {
            var changes = new ArrayList<DynamoDbCounters.Change>(records.size());
            for (var record : records) {
                var change = record.getDynamodb();
                var oldImage = StreamImages.toSdk(change.getOldImage());
                var newImage = "REMOVE".equals(record.getEventName()) ? Map.<String, AttributeValue>of() : StreamImages.toSdk(change.getNewImage());
                // Removals (expiry, erasure) keep the daily counts: counters are anonymous and outlive the items.
                // An open case removed leaves the desk's open counts, as one closed does.
                boolean removed = "REMOVE".equals(record.getEventName());
                var days = removed ? Map.<LocalDate, Tally>of() : CounterImages.change(oldImage, newImage);
                var segments = removed ? Map.<LocalDate, Map<Segment, Tally>>of() : CounterImages.segmentChange(oldImage, newImage);
                changes.add(new DynamoDbCounters.Change(change.getSequenceNumber(), days, segments, DeskImages.change(oldImage, newImage)));
            }
            int applied = counters.apply(batch, changes);
            log.info("counters", batch, "records", records.size(), "applied", applied);
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        } catch (RuntimeException e) {
            // Ids and types only: images hold personal data. The whole batch is retried from its first record.
            log.error("counters failed", batch, "firstSequence", records.get(0).getDynamodb().getSequenceNumber(),
                    "error", e.getClass().getSimpleName());
            return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                    StreamsEventResponse.BatchItemFailure.builder()
                            .withItemIdentifier(records.get(0).getDynamodb().getSequenceNumber())
                            .build())).build();
        }
    }
}
