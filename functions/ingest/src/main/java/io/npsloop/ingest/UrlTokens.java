package io.npsloop.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import io.npsloop.ingest.sources.WebhookRequest;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
    private final Set<String> tokenHeaders;

    /**
     * @param tokenHeaders headers that carry a tool's own shared token (AskNicely's), which count as its signature
     */
    public UrlTokens(Collection<String> enabled, WebhookSecrets secrets, Collection<String> tokenHeaders) {
        this.enabled = Set.copyOf(enabled);
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.tokenHeaders = tokenHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** None enabled: the token route answers as for an unknown source. */
    public static UrlTokens off() {
        return new UrlTokens(Set.of(), source -> Optional.empty(), Set.of());
    }

    /**
     * Whether the request carries a tool's own proof, which is then checked even on the token route:
     * a header named {@code ...signature} (every tool that signs in a header names it so) or a tool's token header.
     */
    public boolean signed(WebhookRequest request) {
        return request.headerNames().stream().anyMatch(name -> name.endsWith("signature") || tokenHeaders.contains(name));
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
