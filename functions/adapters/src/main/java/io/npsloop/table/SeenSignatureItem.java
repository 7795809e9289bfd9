package io.npsloop.table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A signed webhook from an outside tool already accepted, {@code SEEN#<connector>#<SHA-256 of the
 * signature>} / {@code SEEN}, kept until its signed time leaves the replay window, so the same
 * delivery sent again is refused.
 */
public final class SeenSignatureItem {

    static final String PREFIX = "SEEN#";
    public static final String SK = "SEEN";
    public static final String TYPE = "seen-signature";

    private SeenSignatureItem() {}

    public static Map<String, AttributeValue> key(String connector, String signature) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
            return Table.key(PREFIX + connector + "#" + HexFormat.of().formatHex(digest), SK);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
