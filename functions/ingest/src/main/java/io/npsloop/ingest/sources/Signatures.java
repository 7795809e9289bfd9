package io.npsloop.ingest.sources;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC helpers shared by the sources' signature schemes. */
public final class Signatures {

    private Signatures() {}

    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        return hmac("HmacSHA256", key, parts);
    }

    /** HMAC with {@code algorithm} (a JDK name such as HmacSHA1 or HmacSHA512) over the parts in order. */
    public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        if (key.length == 0) {
            // E.g. a bare "whsec_": a configuration fault, which intake answers 503, not a crash.
            throw new IllegalStateException("the signing secret is empty");
        }
        try {
            var mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (var part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is unavailable", e);
        }
    }

    /** Constant-time comparison, so response timing reveals nothing about the expected signature. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    /**
     * Checks a {@code <prefix><encoded HMAC>} header, e.g. {@code sha256=...}, against the expected
     * HMAC; every answer names the header as the sender knows it.
     *
     * @param decode turns the encoded part into bytes, throwing IllegalArgumentException if it cannot
     */
    public static Verification checkPrefixedHeader(WebhookRequest request, String header, String prefix, String encoding,
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

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
