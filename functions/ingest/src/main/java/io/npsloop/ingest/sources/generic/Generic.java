package io.npsloop.ingest.sources.generic;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;

/** The product's own format, signed per Standard Webhooks. */
public final class Generic implements SurveyTool {

    public static final Generic TOOL = new Generic();

    private Generic() {}

    @Override
    public String name() {
        return GenericSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new GenericSource(new StandardWebhooks(shared.tolerance()));
    }

    @Override
    public String localSecret() {
        return "whsec_bG9jYWwtb25seS1nZW5lcmljLXNpZ25pbmcta2V5";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return StandardWebhooks.signed(body, secret, messageId, sentAt);
    }
}
