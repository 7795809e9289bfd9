package io.npsloop.connectors.zendesk;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Zendesk signs a webhook: {@code X-Zendesk-Webhook-Signature} is
 * base64(HMAC-SHA256(signing secret, timestamp + body)), the timestamp being
 * {@code X-Zendesk-Webhook-Signature-Timestamp} (ISO 8601, e.g. {@code 2021-07-25T10:00:00Z}).
 * Zendesk's "Verifying webhook authenticity" page. A signature is accepted only within
 * {@link #WINDOW} of its signed time, either way.
 */
public final class ZendeskSignature {

    public static final Duration WINDOW = Duration.ofMinutes(5);

    public enum Verdict { GENUINE, UNSIGNED, TAMPERED, STALE }

    private ZendeskSignature() {}

    public static String sign(byte[] secret, String timestamp, String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + (body == null ? "" : body)).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Verdict verify(byte[] secret, String signature, String timestamp, String body, Instant now) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Verdict.UNSIGNED;
        }
        var expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.TAMPERED;
        }
        try {
            var at = Instant.parse(timestamp.strip());
            return Duration.between(at, now).abs().compareTo(WINDOW) > 0 ? Verdict.STALE : Verdict.GENUINE;
        } catch (DateTimeParseException e) {
            return Verdict.STALE;
        }
    }
}
