package io.npsloop.ingest.quarantine;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A webhook that was not accepted, kept so that nothing a survey tool sent is lost: the raw body,
 * the headers minus secrets, why it was turned away, and what happened when it was replayed.
 *
 * @param id {@code <epoch millis>-<random>}, sortable by arrival
 * @param path the path it was posted to, a URL token redacted; null where it did not come over HTTP
 * @param replayable false where the body was too large to keep or a secret header was needed to verify it
 * @param lastReplayStatus the HTTP status the last replay got, or 0 if never replayed
 */
public record QuarantinedRequest(
        String id,
        Instant receivedAt,
        String source,
        String path,
        int status,
        String outcome,
        String reason,
        Map<String, String> headers,
        String body,
        boolean base64,
        boolean replayable,
        int lastReplayStatus,
        Instant lastReplayAt) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public QuarantinedRequest {
        headers = Map.copyOf(headers);
    }

    /** A fresh id for a request quarantined at {@code at}: the day's partition and arrival order come from it. */
    public static String newId(Instant at) {
        var random = new byte[6];
        RANDOM.nextBytes(random);
        return at.toEpochMilli() + "-" + HexFormat.of().formatHex(random);
    }
}
