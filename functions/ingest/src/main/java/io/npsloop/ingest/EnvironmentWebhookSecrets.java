package io.npsloop.ingest;

import io.npsloop.config.Settings;
import java.util.Optional;

/** {@code WEBHOOK_SECRET_<SOURCE>} variables: for the local stack and tests, never for production secrets. */
public final class EnvironmentWebhookSecrets implements WebhookSecrets {

    private final Settings settings;

    public EnvironmentWebhookSecrets(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<String> secretFor(String source) {
        // e.g. surveymonkey-api-token: WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN
        return settings.optional(IngestSettings.WEBHOOK_SECRET_SOURCE.member(source));
    }
}
