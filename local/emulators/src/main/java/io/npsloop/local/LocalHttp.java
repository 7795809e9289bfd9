package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;

/** What the local tool servers (Zendesk, HubSpot) do alike: answer JSON, and wait out a hang. */
final class LocalHttp {

    private LocalHttp() {}

    /** {@code json} as the body, nulls written as the tools write them; null: no body at all (204). */
    static void answer(HttpExchange exchange, int status, Object json) throws IOException {
        var bytes = json == null ? new byte[0] : JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asBytes(json);
        if (json != null) {
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        }
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException gone) {
            // The client gave up (a hang past its timeout).
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
