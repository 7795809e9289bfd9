package io.npsloop.ingest.sources;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC helpers shared by the sources' signature schemes. */
final class Signatures {

    private Signatures() {}

    static byte[] hmacSha256(byte[] key, byte[]... parts) {
        if (key.length == 0) {
            // E.g. a bare "whsec_": a configuration fault, which intake answers 503, not a crash.
            throw new IllegalStateException("the signing secret is empty");
        }
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (var part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Constant-time comparison, so response timing reveals nothing about the expected signature. */
    static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    /**
     * Checks a {@code <prefix><encoded HMAC>} header, e.g. {@code sha256=...}, against the expected
     * HMAC; every answer names the header as the sender knows it.
     *
     * @param decode turns the encoded part into bytes, throwing IllegalArgumentException if it cannot
     */
    static Verification checkPrefixedHeader(WebhookRequest request, String header, String prefix, String encoding,
                                            java.util.function.Function<String, byte[]> decode,
                                            java.util.function.Supplier<byte[]> expected) {
        var value = request.header(header).orElse(null);
        if (value == null) {
            return Verification.rejected(header + " header is required");
        }
        if (!value.startsWith(prefix)) {
            return Verification.rejected(header + " must start with " + prefix);
        }
        byte[] actual;
        try {
            actual = decode.apply(value.substring(prefix.length()).strip());
        } catch (IllegalArgumentException e) {
            return Verification.rejected(header + " is not " + encoding);
        }
        return matches(expected.get(), actual) ? Verification.VALID : Verification.rejected(header + " does not match the body");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
