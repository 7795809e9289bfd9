package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.FetchStatus;
import io.npsloop.ingest.sources.ResponseNotice;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A verified notice whose response is still to be read from the tool's API, with the request as it
 * arrived, so that if it cannot be fetched it goes to the quarantine and can be replayed.
 *
 * @param headers only the headers needed to verify the body again (signatures and content type)
 * @param attempts fetches tried so far
 */
public record PendingFetch(
        ResponseNotice notice,
        String body,
        Map<String, String> headers,
        Instant receivedAt,
        int attempts,
        FetchStatus status,
        String lastError) {

    public PendingFetch {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(status, "status");
    }

    /** A notice just verified, not tried yet. */
    public static PendingFetch arrived(ResponseNotice notice, String body, Map<String, String> headers, Instant receivedAt) {
        return new PendingFetch(notice, body, headers, receivedAt, 0, FetchStatus.PENDING, null);
    }
}
