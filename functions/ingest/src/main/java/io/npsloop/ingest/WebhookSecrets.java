package io.npsloop.ingest;

import java.util.Optional;

/** Where each source's webhook signing secret is kept. */
@FunctionalInterface
public interface WebhookSecrets {

    Optional<String> secretFor(String source);

    default WebhookSecrets orElse(WebhookSecrets next) {
        return source -> secretFor(source).or(() -> next.secretFor(source));
    }
}
