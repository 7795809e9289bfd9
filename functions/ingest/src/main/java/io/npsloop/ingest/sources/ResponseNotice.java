package io.npsloop.ingest.sources;

import java.time.Instant;
import java.util.Objects;

/**
 * A tool's authentic word that a response was completed, carrying its ids but not its answers,
 * which are then fetched from the tool's API.
 *
 * @param eventId the tool's id for this delivery, kept for tracing; the response id is what deduplicates
 * @param eventAt when the tool says the event happened, or null where it does not say
 */
public record ResponseNotice(String source, String surveyId, String responseId, String eventId, Instant eventAt) {

    public ResponseNotice {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(surveyId, "surveyId");
        Objects.requireNonNull(responseId, "responseId");
    }
}
