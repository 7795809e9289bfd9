package io.npsloop.table;

import io.npsloop.domain.intake.ResponseKey;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A response announced by id, still to be read from its tool's API: {@code FETCH#<source>#<responseId>}
 * / {@code FETCH}. Its status is a {@link io.npsloop.domain.intake.FetchStatus} word; the fetch function's
 * stream filter passes the pending ones.
 */
public final class FetchItem {

    static final String PREFIX = "FETCH#";
    static final String SORT_KEY = "FETCH";
    public static final String TYPE_NAME = "fetch";
    public static final String STATUS = "fetchStatus";

    private FetchItem() {}

    public static String partitionKey(String source, String responseId) {
        return PREFIX + source + "#" + responseId;
    }

    public static Map<String, AttributeValue> key(String partitionKey) {
        return Table.key(partitionKey, SORT_KEY);
    }

    public static Map<String, AttributeValue> key(ResponseKey key) {
        return key(partitionKey(key.source(), key.responseId()));
    }

    /** Whether a partition key names a pending fetch. */
    public static boolean isFetchKey(String pk) {
        return pk != null && pk.startsWith(PREFIX);
    }

    /** {@code <source>:<responseId>} of a fetch's partition key: ids only, fit for a log line. */
    public static String responseKeyValue(String pk) {
        return pk.substring(PREFIX.length()).replaceFirst("#", ":");
    }
}
