package io.npsloop.ingest.sources;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;

/**
 * The Standard Webhooks signature scheme: {@code webhook-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256>} of {@code id.timestamp.body}, keyed with the
 * base64 key after the {@code whsec_} prefix; the timestamp must be within the tolerance.
 */
public final class StandardWebhooks {

    /** The header carrying the signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    private final Duration tolerance;

    public StandardWebhooks(Duration tolerance) {
        this.tolerance = tolerance;
    }

    public Verification verify(WebhookRequest request, String secret, Instant now) {
        var id = request.header("webhook-id").orElse(null);
        var timestamp = request.header("webhook-timestamp").orElse(null);
        var signatures = request.header(SIGNATURE_HEADER).orElse(null);
        if (id == null || timestamp == null || signatures == null) {
            return Verification.rejected("webhook-id, webhook-timestamp and webhook-signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Verification.rejected("webhook-timestamp must be seconds since the epoch");
        }
        var sentAt = Instant.ofEpochSecond(Math.max(Math.min(seconds, Instant.MAX.getEpochSecond()), Instant.MIN.getEpochSecond()));
        if (Duration.between(sentAt, now).abs().compareTo(tolerance) > 0) {
            return Verification.rejected("webhook-timestamp is more than " + tolerance.toMinutes()
                    + " minutes away from now; replayed or the sender's clock is off");
        }
        var expected = sign(key(secret), id, timestamp.strip(), request.body());
        for (var candidate : signatures.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")
                    && Signatures.matches(expected, decode(candidate.substring(comma + 1)))) {
                return Verification.VALID;
            }
        }
        return Verification.rejected("webhook-signature does not match the body");
    }

    /** The signature a sender computes; used by our own tools and tests to sign samples. */
    public static String signature(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(key(secret), id, timestamp, body));
    }

    /** A JSON body as a Standard Webhooks sender posts it at {@code sentAt}; for the local stack and tests. */
    public static SurveyTool.Signed signed(byte[] body, String secret, String id, Instant sentAt) {
        var timestamp = Long.toString(sentAt.getEpochSecond());
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", signature(secret, id, timestamp, body));
        return new SurveyTool.Signed(Collections.unmodifiableMap(headers), body);
    }

    private static byte[] sign(byte[] key, String id, String timestamp, byte[] body) {
        return Signatures.hmacSha256(key, Signatures.utf8(id + "." + timestamp + "."), body);
    }

    private static byte[] key(String secret) {
        var encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the signing secret must be whsec_ followed by base64");
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
