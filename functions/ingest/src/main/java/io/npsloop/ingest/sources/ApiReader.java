package io.npsloop.ingest.sources;

/**
 * Reads a further document from the API a response was read from, such as the survey's question
 * details, with the same token, size limit and sorting of failures as the response itself: a
 * failure leaves {@link #get} unchecked and is handled by the fetch as if the response's own call
 * had failed, so sources need not catch it.
 */
@FunctionalInterface
public interface ApiReader {

    /** None: for reading a response already at hand (tests, replays of a stored body). */
    ApiReader NONE = path -> {
        throw new IllegalStateException("no API to read " + path + " from");
    };

    /** The body of a 200 answer to {@code GET <base URL><path>}. */
    byte[] get(String path);
}
