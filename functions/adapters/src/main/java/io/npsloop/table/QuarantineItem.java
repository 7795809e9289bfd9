package io.npsloop.table;

import java.time.LocalDate;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A rejected request kept raw, {@code QUARANTINE#<yyyy-MM-dd>} / {@code <id>}: one partition per UTC day. */
public final class QuarantineItem {

    static final String PREFIX = "QUARANTINE#";
    public static final String TYPE_NAME = "quarantine";
    public static final String BODY = "body";

    private QuarantineItem() {}

    public static String partitionKey(LocalDate day) {
        return PREFIX + day;
    }

    public static Map<String, AttributeValue> key(LocalDate day, String id) {
        return Table.key(partitionKey(day), id);
    }

    /** The request's id, kept as the sort key. */
    public static String id(Map<String, AttributeValue> item) {
        return Table.str(item, Table.SK);
    }
}
