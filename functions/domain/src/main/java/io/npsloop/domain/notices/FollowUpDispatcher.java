package io.npsloop.domain.notices;

import io.npsloop.domain.cases.ActionLinks;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.ports.FollowUpLedger;
import io.npsloop.domain.ports.FollowUpPublisher;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Sends a pending follow-up once. The follow-up is claimed before publishing (a conditional write
 * that counts the attempt) and marked sent after, so a redelivered record that was already handled
 * sends nothing. If the process dies between publishing and marking, the next attempt publishes
 * again, numbered and with the same follow-up id, which lets receivers drop the repeat: a
 * follow-up is never lost, and at worst repeated once per such crash, marked as a possible repeat.
 */
public final class FollowUpDispatcher {

    public enum Result {
        SENT,
        /** Sent by a later attempt: an earlier one failed or died before recording it, and may have published it. */
        SENT_AGAIN,
        /** Sent already, or no longer called for. */
        NOT_PENDING
    }

    /** Publishes the escalation of an overdue case, once, as stored now; claimed and numbered like a follow-up. */
    public Result escalate(ResponseKey key) {
        var claim = ledger.claimEscalation(key);
        if (claim.isEmpty()) {
            return Result.NOT_PENDING;
        }
        var pending = claim.get().pending();
        var messageId = publishReleasingOnFailure(() -> FollowUpNotices.escalation(pending.record(), pending.caseStatus(),
                links.forRecord(pending.record(), clock.instant())), claim.get().attempt(), () -> ledger.releaseEscalation(key));
        ledger.markEscalationSent(key, messageId, clock.instant());
        return claim.get().attempt() > 1 ? Result.SENT_AGAIN : Result.SENT;
    }

    private final FollowUpLedger ledger;
    private final FollowUpPublisher publisher;
    private final Clock clock;
    private final ActionLinks links;

    /** Messages without links. */
    public FollowUpDispatcher(FollowUpLedger ledger, FollowUpPublisher publisher, Clock clock) {
        this(ledger, publisher, clock, ActionLinks.NONE);
    }

    /** Each message carries the signed links that record a step on its case, made when it is sent. */
    public FollowUpDispatcher(FollowUpLedger ledger, FollowUpPublisher publisher, Clock clock, ActionLinks links) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.links = Objects.requireNonNull(links, "links");
    }

    /** The notice is made here too: reading the link keys can fail, and the claim is released then as well. */
    private String publishReleasingOnFailure(Supplier<FollowUpNotice> notice, int attempt, Runnable release) {
        try {
            return publisher.publish(notice.get(), attempt);
        } catch (RuntimeException e) {
            try {
                release.run();
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed); // the lease runs out by itself
            }
            throw e;
        }
    }

    /** Publishes the follow-up of the response with this key, as it is stored now. */
    public Result dispatch(ResponseKey key) {
        var claim = ledger.claim(key);
        if (claim.isEmpty()) {
            return Result.NOT_PENDING;
        }
        var record = claim.get().record();
        var messageId = publishReleasingOnFailure(() -> FollowUpNotices.render(record, links.forRecord(record, clock.instant())),
                claim.get().attempt(), () -> ledger.release(key));
        ledger.markSent(key, messageId, clock.instant());
        return claim.get().possibleRepeat() ? Result.SENT_AGAIN : Result.SENT;
    }
}
