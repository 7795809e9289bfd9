package io.npsloop.local.stack;

import io.npsloop.config.Settings;
import io.npsloop.ingest.IngestSettings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.mapped.Mapped;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Signs a body the way each survey tool does, with the secret the local stack's functions use. */
final class Signer {

    private Signer() {}

    static Map<String, String> headers(String source, byte[] body, Map<String, String> environment) {
        return sign(source, body, environment).headers();
    }

    /** Where the tool posts: {@code /webhooks/<source>}, or with its URL token where its recipe takes one. */
    static String path(String source, Map<String, String> environment) {
        var tool = SurveyTools.named(source, new Settings(environment));
        if (tool.isPresent() && tool.get() instanceof Mapped mapped && mapped.takesUrlToken()) {
            var token = environment.get(IngestSettings.WEBHOOK_SECRET_SOURCE.member(source + "-url-token").variable());
            if (token == null) {
                throw new IllegalArgumentException("no URL token for source '" + source + "'");
            }
            return "/webhooks/" + source + "/" + token;
        }
        return "/webhooks/" + source;
    }

    /** Signs a sample as its tool would send it now, its stated times moved to now for the replay window. */
    static SurveyTool.Signed sign(String source, byte[] body, Map<String, String> environment) {
        // The built-in tools and any configured in the stack's MAPPED_SOURCES.
        var tool = SurveyTools.named(source, new Settings(environment))
                .orElseThrow(() -> new IllegalArgumentException("cannot sign for source '" + source + "'"));
        var secret = environment.get("WEBHOOK_SECRET_" + source.toUpperCase(Locale.ROOT));
        if (secret == null) {
            throw new IllegalArgumentException("no signing secret for source '" + source + "'");
        }
        return tool.sign(body, secret, Instant.now());
    }
}
