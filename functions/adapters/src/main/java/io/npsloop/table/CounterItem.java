package io.npsloop.table;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One slot of a day's report counters, {@code COUNTS#<yyyy-MM>} / {@code <yyyy-MM-dd>#<slot>}: a
 * month is one partition, so a period's counters are a query per month.
 */
public final class CounterItem {

    static final String PREFIX = "COUNTS#";
    public static final String TYPE_NAME = "counters";
    public static final String DAY = "day";

    private CounterItem() {}

    public static String partitionKey(YearMonth month) {
        return PREFIX + month;
    }

    public static Map<String, AttributeValue> key(LocalDate day, int slot) {
        return Table.key(partitionKey(YearMonth.from(day)), day + "#" + slot);
    }

    /** The lowest sort key of a day's slots. */
    public static String firstSortKey(LocalDate day) {
        return day + "#";
    }

    /** Above every sort key of a day's slots. */
    public static String pastLastSortKey(LocalDate day) {
        return day + "#~";
    }
}
