package io.npsloop.ingest;

import io.npsloop.aws.SignedJsonCalls;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SecureString parameters named {@code <prefix><source>}, fetched on first use and kept for a
 * while, so a container calls SSM once per source rather than once per webhook, and a rotated
 * secret is picked up without a redeploy. {@code GetParameter} is called as a signed request rather
 * than through the SSM client, which would add 5 MB to the jar for this one call.
 */
public final class SsmWebhookSecrets implements WebhookSecrets {

    private record Cached(String value, Instant fetchedAt) {}

    /** Thrown when SSM cannot be asked or answers an error other than "not found". */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SignedJsonCalls ssm;
    private final String prefix;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public SsmWebhookSecrets(SignedJsonCalls ssm, String prefix, Duration maxAge, Clock clock) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Optional<String> secretFor(String source) {
        var now = clock.instant();
        var cached = cache.get(source);
        if (cached != null && cached.fetchedAt().plus(maxAge).isAfter(now)) {
            return Optional.of(cached.value());
        }
        RuntimeException failure;
        try {
            var answer = ssm.call("GetParameter", Map.of("Name", prefix + source, "WithDecryption", true));
            if (answer.status() == 200 && answer.body().get("Parameter") instanceof Map<?, ?> parameter
                    && parameter.get("Value") instanceof String value) {
                cache.put(source, new Cached(value, now));
                return Optional.of(value);
            }
            if (answer.status() == 400 && answer.errorType().equals("ParameterNotFound")) {
                // Not cached: once an operator creates it, the next webhook finds it.
                return Optional.empty();
            }
            // Throttled, denied or failing: the type names it; the message could quote the parameter.
            failure = new UnavailableException("SSM GetParameter answered " + answer.status() + " " + answer.errorType(), null);
        } catch (UncheckedIOException e) {
            failure = new UnavailableException("SSM unreachable", e);
        }
        // A secret we already had is better than refusing webhooks.
        if (cached != null) {
            return Optional.of(cached.value());
        }
        throw failure;
    }
}
