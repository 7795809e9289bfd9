package io.npsloop.local.stack;

import io.npsloop.ingest.sources.AskNicelyFields;
import io.npsloop.ingest.sources.DelightedSource;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.TypeformSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Signs a body the way each survey tool does, with the secret the local stack's functions use. */
final class Signer {

    private Signer() {}

    static Map<String, String> headers(String source, byte[] body, Map<String, String> environment) {
        var secret = environment.get("WEBHOOK_SECRET_" + source.toUpperCase(Locale.ROOT));
        if (secret == null) {
            throw new IllegalArgumentException("no signing secret for source '" + source + "'");
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("content-type", "application/json");
        switch (source) {
            case "generic", "formbricks" -> {
                var id = "msg_" + UUID.randomUUID();
                var timestamp = Long.toString(Instant.now().getEpochSecond());
                headers.put("webhook-id", id);
                headers.put("webhook-timestamp", timestamp);
                headers.put("webhook-signature", StandardWebhooks.signature(secret, id, timestamp, body));
            }
            case "typeform" -> headers.put("typeform-signature", TypeformSource.signature(secret, body));
            case "delighted" -> headers.put("x-delighted-webhook-signature", DelightedSource.signature(secret, body));
            case "asknicely" -> headers.put(AskNicelyFields.DEFAULT_TOKEN_HEADER.toLowerCase(Locale.ROOT), secret);
            default -> throw new IllegalArgumentException("cannot sign for source '" + source + "'");
        }
        return headers;
    }
}
