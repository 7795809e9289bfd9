package io.npsloop.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * SecureString parameters named {@code <prefix><source>}, fetched on first use and kept for a
 * while, so a container calls SSM once per source rather than once per webhook, and a rotated
 * secret is picked up without a redeploy.
 */
public final class SsmWebhookSecrets implements WebhookSecrets {

    private record Cached(String value, Instant fetchedAt) {}

    private final SsmClient ssm;
    private final String prefix;
    private final Duration maxAge;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public SsmWebhookSecrets(SsmClient ssm, String prefix, Duration maxAge, Clock clock) {
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
        try {
            var value = ssm.getParameter(GetParameterRequest.builder().name(prefix + source).withDecryption(true).build())
                    .parameter()
                    .value();
            cache.put(source, new Cached(value, now));
            return Optional.of(value);
        } catch (ParameterNotFoundException e) {
            // Not cached: once an operator creates it, the next webhook finds it.
            return Optional.empty();
        } catch (SdkException e) {
            // SSM throttled or unreachable: a secret we already had is better than refusing webhooks.
            if (cached != null) {
                return Optional.of(cached.value());
            }
            throw e;
        }
    }
}
