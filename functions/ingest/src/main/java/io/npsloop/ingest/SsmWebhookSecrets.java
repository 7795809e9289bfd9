package io.npsloop.ingest;

import io.npsloop.aws.SignedJsonCalls;
import io.npsloop.aws.SsmParameters;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * SecureString parameters named {@code <prefix><source>}, read through {@link SsmParameters} and
 * kept for {@code maxAge}, so a container calls SSM once per source rather than once per webhook,
 * and a rotated secret is picked up without a redeploy. A missing one is asked for again next
 * time: once an operator creates it, the next webhook finds it. SSM unavailable: a secret already
 * read is kept, else {@link SsmParameters.UnavailableException}.
 */
public final class SsmWebhookSecrets implements WebhookSecrets {

    private final SsmParameters parameters;
    private final String prefix;

    public SsmWebhookSecrets(SignedJsonCalls ssm, String prefix, Duration maxAge, Clock clock) {
        this.parameters = new SsmParameters(ssm, maxAge, SsmParameters.Missing.ASKED_AGAIN, clock);
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    }

    @Override
    public Optional<String> secretFor(String source) {
        return parameters.get(prefix + source);
    }
}
