package io.npsloop.domain.ports;

import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import java.time.Instant;
import java.util.Optional;

/** Port: where the dispatcher learns whether a follow-up still has to go out, and records that it went. */
public interface FollowUpLedger {

    /**
     * The response as stored now if its follow-up is still pending, else empty. Read fresh, not
     * from the stream record: records are redelivered, and a later answer may have changed the
     * decision since.
     */
    Optional<ResponseRecord> pending(ResponseKey key);

    /**
     * Claims the pending follow-up for one publish attempt, recording the attempt before anything
     * is published: empty if it is not pending any more. A claim numbered above 1 means an earlier
     * attempt started and never marked the follow-up sent, so its message may already be out.
     */
    default Optional<Claim> claim(ResponseKey key) {
        return pending(key).map(record -> new Claim(record, 1));
    }

    /** Ends a claim whose publish failed, so the retry need not wait for its lease; the attempt stays counted. */
    default void release(ResponseKey key) {}

    /** Marks the follow-up sent; false if it was no longer pending (someone else sent it). */
    boolean markSent(ResponseKey key, String messageId, Instant sentAt);

    /** The response and its case status if an escalation of it is waiting to be published, else empty. */
    Optional<PendingEscalation> pendingEscalation(ResponseKey key);

    /** As {@link #claim}, for the escalation of an overdue case. */
    default Optional<EscalationClaim> claimEscalation(ResponseKey key) {
        return pendingEscalation(key).map(pending -> new EscalationClaim(pending, 1));
    }

    /** As {@link #release}, for an escalation. */
    default void releaseEscalation(ResponseKey key) {}

    /** Marks the escalation published; false if it was not pending any more. */
    boolean markEscalationSent(ResponseKey key, String messageId, Instant sentAt);

    record PendingEscalation(ResponseRecord record, String caseStatus) {}

    /** A pending escalation held for one publish attempt; {@code attempt} counts from 1. */
    record EscalationClaim(PendingEscalation pending, int attempt) {}

    /** A pending follow-up held for one publish attempt; {@code attempt} counts from 1. */
    record Claim(ResponseRecord record, int attempt) {
        public boolean possibleRepeat() {
            return attempt > 1;
        }
    }
}
