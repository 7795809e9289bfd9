package io.npsloop.table;

import io.npsloop.domain.roi.Segment;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One segment's counters of a day, {@code SEGMENTS#<yyyy-MM>} / {@code <yyyy-MM-dd>#<dimension>#<value>}:
 * what the unit cohorts started that day in the segment add up, under each counter's short name.
 * A partition of their own, so the daily counters' query never reads them; a day has at most one
 * item per tier, configured source and listed survey (and "other", "unrecorded").
 */
public final class SegmentCounterItem {

    static final String PREFIX = "SEGMENTS#";
    public static final String TYPE_NAME = "segment-counters";
    public static final String DAY = "day";
    public static final String DIMENSION = "dimension";
    public static final String VALUE = "segment";

    private SegmentCounterItem() {}

    public static String partitionKey(YearMonth month) {
        return PREFIX + month;
    }

    public static Map<String, AttributeValue> key(LocalDate day, Segment segment) {
        return Table.key(partitionKey(YearMonth.from(day)), day + "#" + segment.dimension().wireName() + "#" + segment.value());
    }

    /** The lowest sort key of a day's segments. */
    public static String firstSortKey(LocalDate day) {
        return day + "#";
    }

    /** Above every sort key of a day's segments, whatever characters a survey id holds. */
    public static String pastLastSortKey(LocalDate day) {
        return day + "#\uffff";
    }

    /** The segment an item counts. */
    public static Segment segment(Map<String, AttributeValue> item) {
        return new Segment(Segment.Dimension.fromWireName(Table.str(item, DIMENSION)), Table.str(item, VALUE));
    }
}
