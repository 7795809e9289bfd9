package io.npsloop.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The opt-in proof for tools that cannot sign: {@code POST /webhooks/{source}/{token}}, where the
 * token is a per-source secret kept beside the signing secrets as {@code <source>-url-token}. Off
 * for every source unless {@link IngestSettings#URL_TOKEN_SOURCES} names it.
 */
public final class UrlTokens {

    /** Shortest token taken: 32 random characters are beyond guessing, a short one is a configuration fault. */
    public static final int MIN_LENGTH = 32;

    /** What a presented token proved. */
    public enum Check { MATCH, MISMATCH, MISSING, TOO_SHORT }

    private final Set<String> enabled;
    private final WebhookSecrets secrets;

    public UrlTokens(Collection<String> enabled, WebhookSecrets secrets) {
        this.enabled = Set.copyOf(enabled);
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** None enabled: the token route answers as for an unknown source. */
    public static UrlTokens off() {
        return new UrlTokens(Set.of(), source -> Optional.empty());
    }

    public boolean enabledFor(String source) {
        return enabled.contains(source);
    }

    /** The name the token is kept under, in SSM or as {@code WEBHOOK_SECRET_<SOURCE>_URL_TOKEN}. */
    public static String secretName(String source) {
        return source + "-url-token";
    }

    /**
     * Compares in constant time; both sides are hashed first so that not even the length of the
     * expected token shows in the timing. Throws where the secret store cannot be read.
     */
    public Check check(String source, String presented) {
        var expected = secrets.secretFor(secretName(source)).map(String::strip).orElse("");
        if (expected.isEmpty()) {
            return Check.MISSING;
        }
        if (expected.length() < MIN_LENGTH) {
            return Check.TOO_SHORT;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(presented == null ? "" : presented)) ? Check.MATCH : Check.MISMATCH;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
