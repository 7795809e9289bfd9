package io.npsloop.connectors.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's v3 request signature ("Validating requests from HubSpot", v3): {@code X-HubSpot-Signature-v3}
 * is base64(HMAC-SHA256(the app's client secret, method + URI + body + timestamp)), the timestamp
 * being {@code X-HubSpot-Request-Timestamp} in epoch milliseconds; the URI is the full URL HubSpot
 * called, with the URL-encoded characters the page lists decoded first. A request is accepted only
 * within {@link #WINDOW} of its timestamp, either way.
 */
public final class HubSpotSignature {

    public static final Duration WINDOW = Duration.ofMinutes(5);

    public enum Verdict { GENUINE, UNSIGNED, TAMPERED, STALE }

    /** The page's list: these, and only these, are decoded before signing. */
    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private HubSpotSignature() {}

    static String decode(String uri) {
        var out = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && i + 2 < uri.length()) {
                var decoded = DECODED.get(uri.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT));
                if (decoded != null) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(uri.charAt(i));
        }
        return out.toString();
    }

    public static String sign(byte[] secret, String method, String uri, String body, String timestamp) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            var source = method + decode(uri) + (body == null ? "" : body) + timestamp;
            return Base64.getEncoder().encodeToString(mac.doFinal(source.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Verdict verify(byte[] secret, String signature, String method, String uri, String body, String timestamp, Instant now) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Verdict.UNSIGNED;
        }
        var expected = sign(secret, method, uri, body, timestamp.strip()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.TAMPERED;
        }
        var at = signedAt(timestamp);
        return at == null || Duration.between(at, now).abs().compareTo(WINDOW) > 0 ? Verdict.STALE : Verdict.GENUINE;
    }

    static Instant signedAt(String timestamp) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
