package io.npsloop.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tombstone of an erased customer, {@code ERASED#<sha-256 of the id>} / {@code ERASED}: the
 * table keeps no id of theirs, yet a late retry of one of their answers can be recognised.
 */
public final class TombstoneItem {

    static final String PREFIX = "ERASED#";
    static final String SORT_KEY = "ERASED";
    public static final String TYPE_NAME = "erased";
    public static final String ERASED_AT = "erasedAt";

    private TombstoneItem() {}

    public static Map<String, AttributeValue> key(String customerId) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(customerId.getBytes(StandardCharsets.UTF_8));
            return Table.key(PREFIX + HexFormat.of().formatHex(digest), SORT_KEY);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
