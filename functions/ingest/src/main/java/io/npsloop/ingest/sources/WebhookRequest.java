package io.npsloop.ingest.sources;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A webhook as it arrived: header names case-insensitive, the body as the exact bytes that were signed. */
public final class WebhookRequest {

    private final Map<String, String> headers;
    private final byte[] body;

    public WebhookRequest(Map<String, String> headers, byte[] body) {
        var normalized = new TreeMap<String, String>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    normalized.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        this.headers = normalized;
        this.body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every header's name, in lower case. */
    public java.util.Set<String> headerNames() {
        return java.util.Collections.unmodifiableSet(headers.keySet());
    }

    public byte[] body() {
        return body;
    }
}
