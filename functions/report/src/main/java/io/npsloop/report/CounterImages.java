package io.npsloop.report;

import io.npsloop.domain.roi.Contributions;
import io.npsloop.domain.roi.Counter;
import io.npsloop.domain.roi.Segment;
import io.npsloop.domain.roi.Tally;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import io.npsloop.table.UnitCohortItem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a stored item adds to the daily counters. A response counts on the day it was received;
 * a unit cohort on the day it started, with its members and their outcomes; an outcome item
 * carries the counters it adds and their day, decided when it was recorded (only an outcome that
 * counts in no cohort adds any). Other items (customer state, budgets, the counters themselves)
 * add nothing.
 */
final class CounterImages {

    static final String OUTCOME_TYPE = OutcomeItem.TYPE_NAME;
    static final String RESPONSE_TYPE = ResponseItem.TYPE_NAME;
    static final String COHORT_TYPE = UnitCohortItem.TYPE_NAME;
    static final String COUNTER_DAY = OutcomeItem.COUNTER_DAY;
    static final String COUNTS = OutcomeItem.COUNTS;
    static final String ALSO_COUNTED = OutcomeItem.ALSO_COUNTED;

    private CounterImages() {}

    /** The change between two images of one item, per day; an absent image counts as nothing. */
    static Map<LocalDate, Tally> change(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        var days = new HashMap<LocalDate, Tally>();
        add(days, newImage, false);
        add(days, oldImage, true);
        days.values().removeIf(Tally::isEmpty);
        return days;
    }

    private static void add(Map<LocalDate, Tally> days, Map<String, AttributeValue> image, boolean subtract) {
        if (image == null || image.isEmpty()) {
            return;
        }
        var type = Table.str(image, Table.TYPE);
        LocalDate day;
        Tally tally;
        if (RESPONSE_TYPE.equals(type)) {
            var record = ResponseItem.fromItem(image);
            day = LocalDate.ofInstant(record.receivedAt(), ZoneOffset.UTC);
            tally = Contributions.ofResponse(record.category(), record.decision());
        } else if (COHORT_TYPE.equals(type)) {
            var cohort = UnitCohortItem.count(image);
            day = cohort.day();
            tally = cohort.counts();
        } else if (OUTCOME_TYPE.equals(type) && image.containsKey(COUNTER_DAY) && image.containsKey(COUNTS)) {
            day = LocalDate.parse(Table.str(image, COUNTER_DAY));
            tally = fromCounts(image.get(COUNTS).m());
            var also = image.get(ALSO_COUNTED);
            if (also != null && also.hasL()) {
                for (var entry : also.l()) {
                    var other = fromCounts(entry.m().get(COUNTS).m());
                    days.merge(LocalDate.parse(Table.str(entry.m(), COUNTER_DAY)), subtract ? other.negate() : other, Tally::plus);
                }
            }
        } else {
            return;
        }
        days.merge(day, subtract ? tally.negate() : tally, Tally::plus);
    }

    /**
     * The change between two images of one item to its segments' counters, per day: only a unit
     * cohort has segments, and it moves them by the same difference as its day's counters.
     */
    static Map<LocalDate, Map<Segment, Tally>> segmentChange(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        var days = new HashMap<LocalDate, Map<Segment, Tally>>();
        addSegments(days, newImage, false);
        addSegments(days, oldImage, true);
        days.values().forEach(segments -> segments.values().removeIf(Tally::isEmpty));
        days.values().removeIf(Map::isEmpty);
        return days;
    }

    private static void addSegments(Map<LocalDate, Map<Segment, Tally>> days, Map<String, AttributeValue> image, boolean subtract) {
        if (image == null || image.isEmpty() || !COHORT_TYPE.equals(Table.str(image, Table.TYPE))) {
            return;
        }
        var cohort = UnitCohortItem.count(image);
        var tally = subtract ? cohort.counts().negate() : cohort.counts();
        var segments = days.computeIfAbsent(cohort.day(), day -> new HashMap<>());
        UnitCohortItem.segments(image).spread(tally).forEach((segment, counts) -> segments.merge(segment, counts, Tally::plus));
    }

    static AttributeValue toCounts(Tally tally) {
        var map = new HashMap<String, AttributeValue>();
        tally.values().forEach((counter, value) -> map.put(counter.wireName(), AttributeValue.fromN(value.toPlainString())));
        return AttributeValue.fromM(map);
    }

    static Tally fromCounts(Map<String, AttributeValue> counts) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        counts.forEach((name, value) -> values.put(Counter.fromWireName(name), new BigDecimal(value.n())));
        return Tally.of(values);
    }
}
