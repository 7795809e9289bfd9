package io.npsloop.domain;

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

    /** Marks the follow-up sent; false if it was no longer pending (someone else sent it). */
    boolean markSent(ResponseKey key, String messageId, Instant sentAt);

    /** The response and its case status if an escalation of it is waiting to be published, else empty. */
    Optional<PendingEscalation> pendingEscalation(ResponseKey key);

    /** Marks the escalation published; false if it was not pending any more. */
    boolean markEscalationSent(ResponseKey key, String messageId, Instant sentAt);

    record PendingEscalation(ResponseRecord record, String caseStatus) {}
}
