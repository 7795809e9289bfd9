package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.FetchStatus;

/** Where notices wait for their response to be fetched; one entry per response, however often it is announced. */
public interface FetchQueue {

    sealed interface Enqueued {}

    /** Recorded now; a worker will fetch it. */
    record Queued() implements Enqueued {}

    /** Already recorded (a retry of the notice); {@code status} is where that one is now. */
    record AlreadyQueued(FetchStatus status) implements Enqueued {}

    /**
     * Records the notice unless the same response is already recorded; one that went to the
     * quarantine, or whose try died holding it, is recorded afresh, which is how a replay or a
     * later delivery sends it through again.
     */
    Enqueued enqueue(PendingFetch fetch);
}
