package io.npsloop.ingest;

import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.typeform.TypeformSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/** The sample webhooks in {@code events/webhooks}, and signatures made the way each tool makes them. */
public final class Fixtures {

    public static final String GENERIC_SECRET = "whsec_bG9jYWwtb25seS1nZW5lcmljLXNpZ25pbmcta2V5";
    public static final String TYPEFORM_SECRET = "local-only-typeform-secret";

    private Fixtures() {}

    /** The repository's {@code events} folder, found from wherever the tests run. */
    public static Path events() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events/webhooks"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("events/webhooks not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("events");
    }

    public static String webhook(String name) {
        try {
            return Files.readString(events().resolve("webhooks").resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest time in the Typeform and Delighted samples: shifting by now minus it keeps their order. */
    private static final Instant TYPEFORM_NEWEST = Instant.parse("2026-11-21T15:20:48Z");
    private static final long DELIGHTED_NEWEST = 1_795_256_801L;
    private static final Pattern SUBMITTED_AT = Pattern.compile("\"submitted_at\": \"([^\"]+)\"");
    private static final Pattern EPOCH_TIMES = Pattern.compile("\"(created_at|updated_at)\": ([0-9]+)");

    /**
     * A sample as its tool would send it now: Typeform's and Delighted's signed body times are
     * moved by the same amount (so the samples keep their order), as the replay window expects.
     */
    public static String fresh(String name) {
        var body = webhook(name);
        var now = Instant.now();
        if (name.startsWith("typeform")) {
            var shift = Duration.between(TYPEFORM_NEWEST, now);
            return SUBMITTED_AT.matcher(body).replaceAll(m -> "\"submitted_at\": \"" + Instant.parse(m.group(1)).plus(shift) + "\"");
        }
        if (name.startsWith("delighted")) {
            long shift = now.getEpochSecond() - DELIGHTED_NEWEST;
            return EPOCH_TIMES.matcher(body).replaceAll(m -> "\"" + m.group(1) + "\": " + (Long.parseLong(m.group(2)) + shift));
        }
        return body;
    }

    /** A documented API answer in {@code events/api}, as a survey tool's API would return it. */
    public static String api(String name) {
        try {
            return Files.readString(events().resolve("api").resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, String> genericHeaders(String body, String id, Instant sentAt) {
        var timestamp = Long.toString(sentAt.getEpochSecond());
        return Map.of(
                "content-type", "application/json",
                "webhook-id", id,
                "webhook-timestamp", timestamp,
                "webhook-signature", StandardWebhooks.signature(GENERIC_SECRET, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    public static Map<String, String> typeformHeaders(String body) {
        return Map.of(
                "content-type", "application/json",
                "typeform-signature", TypeformSource.signature(TYPEFORM_SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }
}
