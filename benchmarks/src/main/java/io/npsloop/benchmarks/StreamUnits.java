package io.npsloop.benchmarks;

import io.npsloop.table.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Write units by DynamoDB's documented rules, from the table's own stream: every write that
 * changed an item left a record with the item before and after, and a write is billed on the
 * larger of the two, per started KB, twice that inside a transaction. Whether a record's write
 * was transactional is what the {@link CapacityMeter} saw of that item's writes, in order.
 */
final class StreamUnits {

    /** Units and writes by kind of item (RESPONSE, CUSTOMER, ACCOUNT, ...) and kind of write. */
    record Tally(Map<String, Long> writes, Map<String, Long> units, long records) {
        long totalUnits() {
            return units.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> lastSequence = new HashMap<>();
    private final CapacityMeter meter;

    StreamUnits(DynamoDbStreamsClient streams, String streamArn, CapacityMeter meter) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.meter = meter;
    }

    /** Reads every record not read yet and prices it as the write the meter saw for its item. */
    Tally readNew() {
        Map<String, Long> writes = new TreeMap<>();
        Map<String, Long> units = new TreeMap<>();
        long records = 0;
        for (Shard shard : shards()) {
            String after = lastSequence.get(shard.shardId());
            String iterator = streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(after)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                var response = streams.getRecords(r -> r.shardIterator(current).limit(1000));
                for (Record record : response.records()) {
                    records++;
                    lastSequence.put(shard.shardId(), record.dynamodb().sequenceNumber());
                    var keys = record.dynamodb().keys();
                    Integer multiplier = meter.takeMultiplier(keys.get(Table.PK).s() + "|" + keys.get(Table.SK).s());
                    if (multiplier == null) {
                        throw new IllegalStateException("a stream record of a write the meter did not see: " + keys);
                    }
                    String kind = kind(record) + (multiplier == 2 ? ", in transactions" : "");
                    writes.merge(kind, 1L, Long::sum);
                    units.merge(kind, (long) multiplier * kilobytes(record), Long::sum);
                }
                // An open shard always hands out a next iterator; an empty page means caught up.
                iterator = response.records().isEmpty() ? null : response.nextShardIterator();
            }
        }
        return new Tally(writes, units, records);
    }

    private List<Shard> shards() {
        return streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
    }

    private static long kilobytes(Record record) {
        var change = record.dynamodb();
        int before = change.hasOldImage() ? CapacityMeter.ItemSize.bytes(change.oldImage()) : 0;
        int after = change.hasNewImage() ? CapacityMeter.ItemSize.bytes(change.newImage()) : 0;
        return Math.max(1, (Math.max(before, after) + 1023) / 1024);
    }

    private static String kind(Record record) {
        var pk = record.dynamodb().keys().get(Table.PK);
        String value = pk == null || pk.s() == null ? "?" : pk.s();
        int hash = value.indexOf('#');
        return hash < 0 ? value : value.substring(0, hash);
    }
}
