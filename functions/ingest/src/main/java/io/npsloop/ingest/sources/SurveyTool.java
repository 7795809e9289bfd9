package io.npsloop.ingest.sources;

import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One survey tool as a unit: its name, its source as the function's settings configure it, what
 * else the functions must know of it, and how it signs a webhook, so that samples can be sent to
 * the local stack and in tests. A tool is added by one line in {@link SurveyTools}.
 */
public interface SurveyTool {

    /** The path segment in {@code POST /webhooks/{source}}, and the source of its responses' keys. */
    String name();

    /** The tool's own settings: the public {@link Setting} constants of its class. */
    default List<Setting> settings() {
        return Setting.declaredIn(getClass());
    }

    /** The tool's source, configured from the function's settings and the parts every tool shares. */
    WebhookSource source(Settings settings, Shared shared);

    /** Where a tool whose webhooks only announce a response is read from; empty while that is not set. */
    default Optional<URI> apiBaseUrl(Settings settings) {
        return Optional.empty();
    }

    /** Request headers that carry a secret themselves, which the quarantine must never keep. */
    default Set<String> secretHeaders(Settings settings) {
        return Set.of();
    }

    /** A made-up secret of the shape the tool's key takes, for the local stack and tests; never for production. */
    String localSecret();

    /**
     * Exactly {@code body} as the tool would post it at {@code sentAt}, with {@code messageId} where
     * its scheme carries one; the body may come back wrapped (Qualtrics posts it inside a form).
     */
    Signed sign(byte[] body, String secret, String messageId, Instant sentAt);

    /** The sample with the times it states moved to {@code now}, since replay windows judge them. */
    default byte[] redate(byte[] sample, Instant now) {
        return sample;
    }

    /** A sample as the tool would send it now: re-dated, then signed. */
    default Signed sign(byte[] sample, String secret, Instant now) {
        return sign(redate(sample, now), secret, "msg_" + UUID.randomUUID(), now);
    }

    /** Parts configured once for every tool. */
    record Shared(Duration tolerance, ReplayWindow window) {}

    /** What a tool would post: its headers, content type first, and the exact body they sign. */
    record Signed(Map<String, String> headers, byte[] body) {

        /** A JSON body and the one header that proves it. */
        public static Signed json(byte[] body, String header, String value) {
            var headers = new LinkedHashMap<String, String>();
            headers.put("content-type", "application/json");
            headers.put(header, value);
            return new Signed(Collections.unmodifiableMap(headers), body);
        }
    }

    /** A comma-separated setting, e.g. of question ids. */
    static List<String> list(Settings settings, Setting setting) {
        return settings.optional(setting).map(value -> List.of(value.split(","))).orElse(List.of());
    }

    /** An http(s) URL setting, checked when the function starts rather than at the first call. */
    static URI url(Settings settings, Setting setting) {
        var name = setting.variable();
        var value = settings.string(setting);
        try {
            var uri = URI.create(value);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an http(s) URL: " + value);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an http(s) URL: " + value, e);
        }
    }
}
