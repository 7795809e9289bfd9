package io.npsloop.ingest.fuzz;

import io.npsloop.ingest.fetch.FetchQueue;
import io.npsloop.ingest.fetch.PendingFetch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test stand-in for the pending-fetch items in DynamoDB, keeping the port's contract: one entry
 * per source and response id, a second notice of it a duplicate. The real adapter is exercised
 * against DynamoDB Local in {@code FetchingSourcesIntegrationTest}; here the fuzzer only needs
 * intake to get past it.
 */
final class InMemoryFetchQueue implements FetchQueue {

    private final Map<String, PendingFetch> fetches = new ConcurrentHashMap<>();

    @Override
    public Enqueued enqueue(PendingFetch fetch) {
        var key = fetch.notice().source() + "#" + fetch.notice().responseId();
        var prior = fetches.putIfAbsent(key, fetch);
        return prior == null ? new Queued() : new AlreadyQueued(prior.status());
    }
}
