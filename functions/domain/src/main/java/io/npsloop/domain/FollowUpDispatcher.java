package io.npsloop.domain;

import java.time.Clock;
import java.util.Objects;

/**
 * Sends a pending follow-up once. The stored state is read before publishing and the follow-up is
 * marked sent after, so a redelivered record that was already handled sends nothing. If the
 * process dies between publishing and marking, the next attempt publishes again with the same
 * follow-up id, which lets receivers drop the repeat: a follow-up is never lost.
 */
public final class FollowUpDispatcher {

    public enum Outcome {
        SENT,
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
        var current = ledger.pending(key);
        if (current.isEmpty()) {
            return Outcome.NOT_PENDING;
        }
        var messageId = publisher.publish(FollowUpNotices.render(current.get()));
        ledger.markSent(key, messageId, clock.instant());
        return Outcome.SENT;
    }
}
