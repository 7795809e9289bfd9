package io.npsloop.domain;

import java.time.Instant;

/** Port: where the dispatcher learns whether a follow-up still has to go out, and records that it went. */
public interface FollowUpLedger {

    /** Reads the current state, not a possibly stale copy: stream records are redelivered. */
    boolean isPending(ResponseKey key);

    /** Marks the follow-up sent; false if it was no longer pending (someone else sent it). */
    boolean markSent(ResponseKey key, String messageId, Instant sentAt);
}
