package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stream batch's marker, {@code COUNTS#BATCH#<first record's id>} / {@code BATCH}: the last
 * record applied, so a batch delivered again counts each record once.
 */
public final class CounterBatchItem {

    static final String PREFIX = CounterItem.PREFIX + "BATCH#";
    static final String SORT_KEY = "BATCH";
    public static final String TYPE_NAME = "counter-batch";
    public static final String LAST_SEQUENCE = "lastSequence";

    private CounterBatchItem() {}

    public static Map<String, AttributeValue> key(String batchId) {
        return Table.key(PREFIX + batchId, SORT_KEY);
    }
}
