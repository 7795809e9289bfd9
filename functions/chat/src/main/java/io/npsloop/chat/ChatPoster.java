package io.npsloop.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Posts one payload to a webhook and says what became of it. Slack answers 200 {@code ok}, 429
 * with Retry-After when a channel gets too much, and 4xx with one error word
 * ({@code invalid_payload}, {@code no_service}, {@code channel_not_found}...); Workflows answers
 * 202 when it takes the request.
 */
public final class ChatPoster {

    /** What became of a post. */
    public sealed interface Outcome {}

    public record Delivered() implements Outcome {}

    /** Worth trying again later: throttled, a server error, or no answer at all. */
    public record TryLater(String error, OptionalLong retryAfterSeconds) implements Outcome {}

    /** Refused in a way that repeating the same post never mends. */
    public record Refused(String error) implements Outcome {}

    private final HttpClient http;
    private final Duration timeout;

    public ChatPoster(Duration timeout) {
        this(HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build(), timeout);
    }

    ChatPoster(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public Outcome post(String url, String json) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Refused("invalid_webhook_url");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new TryLater("unreachable", OptionalLong.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TryLater("interrupted", OptionalLong.empty());
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Delivered();
        }
        var error = errorWord(status, response.body());
        if (status == 429 || status >= 500 || status == 408) {
            return new TryLater(error, retryAfter(response));
        }
        return new Refused(error);
    }

    /** Slack's error word where the body is one ({@code no_service}), else the status: nothing else of a body reaches a log. */
    static String errorWord(int status, String body) {
        var word = body == null ? "" : body.strip().toLowerCase(Locale.ROOT);
        return word.matches("[a-z_]{2,60}") ? word : "http_" + status;
    }

    private static OptionalLong retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return java.util.Optional.of(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
