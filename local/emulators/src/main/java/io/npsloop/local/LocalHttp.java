package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the local tool servers (Zendesk, HubSpot) do alike: answer JSON, wait out a hang, and post a signed webhook. */
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

    /** Base64 of HMAC-SHA256 over {@code text}: how both tools sign their webhooks, over different texts. */
    static String hmacSha256Base64(byte[] key, String text) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Posts a webhook's JSON body with its headers; the receiver's status, or -1 when it could not be reached. */
    static int deliver(URI target, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        try {
            return HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
