package io.npsloop.domain;

import java.time.Clock;
import java.util.Objects;

/**
 * Sends a pending follow-up once. The state is checked before publishing and the follow-up is
 * marked sent after, so a redelivered record that was already handled sends nothing. If the
 * process dies between publishing and marking, the next attempt publishes again with the same
 * follow-up id, which lets receivers drop the repeat: a follow-up is never lost.
 */
public final class FollowUpDispatcher {

    public enum Outcome {
        SENT,
        ALREADY_SENT
    }

    private final FollowUpLedger ledger;
    private final FollowUpPublisher publisher;
    private final Clock clock;

    public FollowUpDispatcher(FollowUpLedger ledger, FollowUpPublisher publisher, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome dispatch(ResponseRecord record) {
        if (!ledger.isPending(record.key())) {
            return Outcome.ALREADY_SENT;
        }
        var messageId = publisher.publish(FollowUpNotices.render(record));
        ledger.markSent(record.key(), messageId, clock.instant());
        return Outcome.SENT;
    }
}
