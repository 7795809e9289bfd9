package io.npsloop.domain;

import java.time.Clock;
import java.util.Objects;

/**
 * Sends a pending follow-up once. The follow-up is claimed before publishing (a conditional write
 * that counts the attempt) and marked sent after, so a redelivered record that was already handled
 * sends nothing. If the process dies between publishing and marking, the next attempt publishes
 * again, numbered and with the same follow-up id, which lets receivers drop the repeat: a
 * follow-up is never lost, and at worst repeated once per such crash, marked as a possible repeat.
 */
public final class FollowUpDispatcher {

    public enum Outcome {
        SENT,
        /** Sent by a later attempt: an earlier one failed or died before recording it, and may have published it. */
        SENT_AGAIN,
        /** Sent already, or no longer called for. */
        NOT_PENDING
    }

    /** Publishes the escalation of an overdue case, once, as stored now. */
    public Outcome escalate(ResponseKey key) {
        var current = ledger.pendingEscalation(key);
        if (current.isEmpty()) {
            return Outcome.NOT_PENDING;
        }
        var notice = FollowUpNotices.escalation(current.get().record(), current.get().caseStatus());
        var messageId = publisher.publish(notice);
        ledger.markEscalationSent(key, messageId, clock.instant());
        return Outcome.SENT;
    }

    private final FollowUpLedger ledger;
    private final FollowUpPublisher publisher;
    private final Clock clock;

    public FollowUpDispatcher(FollowUpLedger ledger, FollowUpPublisher publisher, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Publishes the follow-up of the response with this key, as it is stored now. */
    public Outcome dispatch(ResponseKey key) {
        var claim = ledger.claim(key);
        if (claim.isEmpty()) {
            return Outcome.NOT_PENDING;
        }
        String messageId;
        try {
            messageId = publisher.publish(FollowUpNotices.render(claim.get().record()), claim.get().attempt());
        } catch (RuntimeException e) {
            try {
                ledger.release(key);
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed); // the lease runs out by itself
            }
            throw e;
        }
        ledger.markSent(key, messageId, clock.instant());
        return claim.get().possibleRepeat() ? Outcome.SENT_AGAIN : Outcome.SENT;
    }
}
