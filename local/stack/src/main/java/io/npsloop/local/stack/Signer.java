package io.npsloop.local.stack;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Signs a body the way each survey tool does, with the secret the local stack's functions use. */
final class Signer {

    private Signer() {}

    static Map<String, String> headers(String source, byte[] body, Map<String, String> environment) {
        return sign(source, body, environment).headers();
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
