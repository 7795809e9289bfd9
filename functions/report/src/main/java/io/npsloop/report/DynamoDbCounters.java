package io.npsloop.report;

import io.npsloop.domain.roi.Counter;
import io.npsloop.domain.roi.Segment;
import io.npsloop.domain.roi.Tally;
import io.npsloop.table.CounterBatchItem;
import io.npsloop.table.CounterItem;
import io.npsloop.table.DeskCountsItem;
import io.npsloop.table.DeskSlaItem;
import io.npsloop.table.SegmentCounterItem;
import io.npsloop.table.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The daily counters, kept in the table as {@code COUNTS#<yyyy-MM>} / {@code <yyyy-MM-dd>#<slot>}.
 *
 * <p>A stream batch is summed in memory and written as one transaction: one update per day it
 * touches plus a marker keyed by the batch's first record, holding the last record applied. A
 * batch that Lambda delivers again (after a timeout or a crash past the write) skips what the
 * marker says is done, so each record counts exactly once. Each write goes to one of
 * {@code slots} items per day, picked at random, so a campaign burst spreads over several items;
 * a report reads at most {@code slots} items per day, however many responses there were.
 *
 * <p>The desk's open counts and SLA figures ride in the same transactions under the same marker,
 * so they too move once per record, summed over the batch: one write per item a batch touches,
 * not one per case.
 */
final class DynamoDbCounters {

    /** One stream record's change to the counters, in shard order: the daily counters and the desk's figures. */
    record Change(String sequenceNumber, Map<LocalDate, Tally> days, Map<LocalDate, Map<Segment, Tally>> segments,
                  DeskImages.Change desk) {
        Change(String sequenceNumber, Map<LocalDate, Tally> days, DeskImages.Change desk) {
            this(sequenceNumber, days, Map.of(), desk);
        }

        Change(String sequenceNumber, Map<LocalDate, Tally> days) {
            this(sequenceNumber, days, DeskImages.Change.NONE);
        }
    }

    /** Segments' counters read for a period, summed over its days, with what the reads cost. */
    record SegmentReading(Map<Segment, Tally> segments, int itemsRead, double readUnits) {}

    /** Counters read for a period, with what the reads cost. */
    record Reading(Map<LocalDate, Tally> days, int itemsRead, double readUnits) {
        Tally total() {
            return days.values().stream().reduce(Tally.EMPTY, Tally::plus);
        }
    }

    /** Transactions take 100 items; one is the batch marker. */
    private static final int MAX_ITEMS_PER_WRITE = 99;
    private static final int ATTEMPTS = 8;
    private static final Duration MARKER_RETENTION = Duration.ofDays(3);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int slots;
    private final Clock clock;

    DynamoDbCounters(DynamoDbClient dynamoDb, String tableName, int slots, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        if (slots < 1 || slots > 100) {
            throw new IllegalArgumentException("COUNTER_SLOTS must be 1..100: " + slots);
        }
        this.slots = slots;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Applies a batch's changes exactly once.
     *
     * @param batchId the id of the batch's first record: the same when Lambda delivers the batch again
     * @return how many records were applied now (the rest were applied before)
     */
    int apply(String batchId, List<Change> changes) {
        for (int attempt = 1; ; attempt++) {
            // Compared as numbers, but the marker's condition names it as written: DynamoDB Local pads it with zeros.
            var marked = appliedThrough(batchId);
            var done = marked == null ? null : new BigInteger(marked);
            var pending = done == null ? changes
                    : changes.stream().filter(c -> new BigInteger(c.sequenceNumber()).compareTo(done) > 0).toList();
            if (pending.isEmpty()) {
                return 0;
            }
            try {
                write(batchId, marked, pending);
                return pending.size();
            } catch (TransactionCanceledException e) {
                // Another writer on the same items (conflict), or the marker moved: read again and retry.
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private void write(String batchId, String marked, List<Change> pending) {
        var previous = marked;
        var days = new TreeMap<LocalDate, Tally>();
        var segments = new TreeMap<LocalDate, Map<Segment, Tally>>();
        var desk = DeskImages.Change.NONE;
        String last = null;
        for (var change : pending) {
            var moreDays = new TreeMap<>(days);
            for (var day : change.days().entrySet()) {
                moreDays.merge(day.getKey(), day.getValue(), Tally::plus);
            }
            var moreSegments = plus(segments, change.segments());
            var moreDesk = desk.plus(change.desk());
            if (items(moreDays, moreSegments, moreDesk) > MAX_ITEMS_PER_WRITE && last != null) {
                transact(batchId, previous, last, days, segments, desk);
                previous = last;
                moreDays = new TreeMap<>(change.days());
                moreSegments = plus(new TreeMap<>(), change.segments());
                moreDesk = change.desk();
            }
            days = moreDays;
            segments = moreSegments;
            desk = moreDesk;
            last = change.sequenceNumber();
        }
        transact(batchId, previous, last, days, segments, desk);
    }

    private static TreeMap<LocalDate, Map<Segment, Tally>> plus(Map<LocalDate, Map<Segment, Tally>> sum,
                                                               Map<LocalDate, Map<Segment, Tally>> more) {
        var result = new TreeMap<LocalDate, Map<Segment, Tally>>();
        sum.forEach((day, segments) -> result.put(day, new HashMap<>(segments)));
        more.forEach((day, segments) -> segments.forEach((segment, tally) ->
                result.computeIfAbsent(day, d -> new HashMap<>()).merge(segment, tally, Tally::plus)));
        return result;
    }

    private int items(Map<LocalDate, Tally> days, Map<LocalDate, Map<Segment, Tally>> segments, DeskImages.Change desk) {
        return days.size() + segments.values().stream().mapToInt(Map::size).sum() + deskWrites(desk).size();
    }

    private void transact(String batchId, String previous, String last, Map<LocalDate, Tally> days,
                          Map<LocalDate, Map<Segment, Tally>> segments, DeskImages.Change desk) {
        var items = new ArrayList<TransactWriteItem>();
        int slot = ThreadLocalRandom.current().nextInt(slots);
        days.forEach((day, tally) -> {
            if (!tally.isEmpty()) {
                items.add(TransactWriteItem.builder().update(increment(day, slot, tally)).build());
            }
        });
        // One item per segment and day, without slots: only cohorts move them, a few per batch, and a
        // report reads every segment of every day it covers.
        segments.forEach((day, bySegment) -> bySegment.forEach((segment, tally) -> {
            if (!tally.isEmpty()) {
                items.add(TransactWriteItem.builder().update(incrementSegment(day, segment, tally)).build());
            }
        }));
        items.addAll(deskWrites(desk));
        var marker = new HashMap<String, AttributeValue>(markerKey(batchId));
        marker.put(Table.TYPE, AttributeValue.fromS(CounterBatchItem.TYPE_NAME));
        marker.put(CounterBatchItem.LAST_SEQUENCE, AttributeValue.fromS(last));
        marker.put(Table.EXPIRES_AT, AttributeValue.fromN(Long.toString(clock.instant().plus(MARKER_RETENTION).getEpochSecond())));
        var put = Put.builder().tableName(tableName).item(marker);
        if (previous == null) {
            put.conditionExpression("attribute_not_exists(" + Table.PK + ")");
        } else {
            put.conditionExpression(CounterBatchItem.LAST_SEQUENCE + " = :previous")
                    .expressionAttributeValues(Map.of(":previous", AttributeValue.fromS(previous)));
        }
        items.add(TransactWriteItem.builder().put(put.build()).build());
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
    }

    /** The desk's open counts and SLA figures, in the same transaction and under the same marker as the daily counters. */
    private List<TransactWriteItem> deskWrites(DeskImages.Change desk) {
        var writes = new ArrayList<>(DeskCountsItem.writes(tableName, desk.open()));
        var expiresAt = clock.instant().plus(DeskSlaItem.KEPT);
        desk.sla().forEach((key, handled) -> writes.add(DeskSlaItem.add(tableName, key, handled.handled(), handled.inSla(), expiresAt)));
        return writes;
    }

    private Update increment(LocalDate day, int slot, Tally tally) {
        var names = new LinkedHashMap<String, String>();
        var values = new LinkedHashMap<String, AttributeValue>();
        var adds = new ArrayList<String>();
        int i = 0;
        for (var entry : tally.values().entrySet()) {
            names.put("#c" + i, entry.getKey().wireName());
            values.put(":c" + i, AttributeValue.fromN(entry.getValue().toPlainString()));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        names.put("#type", Table.TYPE);
        names.put("#day", CounterItem.DAY);
        values.put(":type", AttributeValue.fromS(CounterItem.TYPE_NAME));
        values.put(":day", AttributeValue.fromS(day.toString()));
        return Update.builder()
                .tableName(tableName)
                .key(CounterItem.key(day, slot))
                .updateExpression("SET #type = :type, #day = :day ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** Adds to a segment's counters of a day, under the counters' short names: the item's size is what each write costs. */
    private Update incrementSegment(LocalDate day, Segment segment, Tally tally) {
        var names = new LinkedHashMap<String, String>();
        var values = new LinkedHashMap<String, AttributeValue>();
        var adds = new ArrayList<String>();
        int i = 0;
        for (var entry : tally.values().entrySet()) {
            names.put("#c" + i, entry.getKey().shortName());
            values.put(":c" + i, AttributeValue.fromN(entry.getValue().toPlainString()));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        names.put("#type", Table.TYPE);
        names.put("#day", SegmentCounterItem.DAY);
        names.put("#dimension", SegmentCounterItem.DIMENSION);
        names.put("#segment", SegmentCounterItem.VALUE);
        values.put(":type", AttributeValue.fromS(SegmentCounterItem.TYPE_NAME));
        values.put(":day", AttributeValue.fromS(day.toString()));
        values.put(":dimension", AttributeValue.fromS(segment.dimension().wireName()));
        values.put(":segment", AttributeValue.fromS(segment.value()));
        return Update.builder()
                .tableName(tableName)
                .key(SegmentCounterItem.key(day, segment))
                .updateExpression("SET #type = :type, #day = :day, #dimension = :dimension, #segment = :segment ADD "
                        + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private String appliedThrough(String batchId) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(markerKey(batchId)).consistentRead(true)).item();
        return item == null || !item.containsKey(CounterBatchItem.LAST_SEQUENCE) ? null : item.get(CounterBatchItem.LAST_SEQUENCE).s();
    }

    private static Map<String, AttributeValue> markerKey(String batchId) {
        return CounterBatchItem.key(batchId);
    }

    /** Sums the counters of every day from {@code from} to {@code to}, both included. */
    Reading read(LocalDate from, LocalDate to) {
        var days = new TreeMap<LocalDate, Tally>();
        int items = 0;
        double units = 0;
        for (var month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            Map<String, AttributeValue> start = null;
            do {
                var request = QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression(Table.PK + " = :pk AND " + Table.SK + " BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(CounterItem.partitionKey(month)),
                                ":from", AttributeValue.fromS(CounterItem.firstSortKey(from)),
                                ":to", AttributeValue.fromS(CounterItem.pastLastSortKey(to))))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .exclusiveStartKey(start)
                        .build();
                var page = dynamoDb.query(request);
                units += capacity(page.consumedCapacity());
                for (var item : page.items()) {
                    items++;
                    var day = LocalDate.parse(item.get(CounterItem.DAY).s());
                    days.merge(day, counters(item), Tally::plus);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return new Reading(days, items, units);
    }

    /** Sums each segment's counters over the days from {@code from} to {@code to}, both included. */
    SegmentReading readSegments(LocalDate from, LocalDate to) {
        var segments = new HashMap<Segment, Tally>();
        int items = 0;
        double units = 0;
        for (var month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            Map<String, AttributeValue> start = null;
            do {
                var request = QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression(Table.PK + " = :pk AND " + Table.SK + " BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(SegmentCounterItem.partitionKey(month)),
                                ":from", AttributeValue.fromS(SegmentCounterItem.firstSortKey(from)),
                                ":to", AttributeValue.fromS(SegmentCounterItem.pastLastSortKey(to))))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .exclusiveStartKey(start)
                        .build();
                var page = dynamoDb.query(request);
                units += capacity(page.consumedCapacity());
                for (var item : page.items()) {
                    items++;
                    segments.merge(SegmentCounterItem.segment(item), segmentCounters(item), Tally::plus);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return new SegmentReading(segments, items, units);
    }

    private static Tally segmentCounters(Map<String, AttributeValue> item) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        item.forEach((name, value) -> Counter.fromShortName(name).ifPresent(counter -> {
            if (value.n() != null) {
                values.put(counter, new BigDecimal(value.n()));
            }
        }));
        return Tally.of(values);
    }

    private static Tally counters(Map<String, AttributeValue> item) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        for (var counter : Counter.values()) {
            var value = item.get(counter.wireName());
            if (value != null && value.n() != null) {
                values.put(counter, new BigDecimal(value.n()));
            }
        }
        return Tally.of(values);
    }

    private static double capacity(ConsumedCapacity consumed) {
        return consumed == null || consumed.capacityUnits() == null ? 0 : consumed.capacityUnits();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
