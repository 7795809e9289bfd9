package io.npsloop.domain.cases;

import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.FollowUpDecision;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A follow-up as the people working it see it: the response and decision behind it, where it
 * stands, what was done, and whether it was escalated for being overdue.
 */
public record FollowUpCase(ResponseRecord record, CaseStatus status, List<CaseEvent> events, Instant escalatedAt) {

    public FollowUpCase {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(status, "status");
        events = List.copyOf(events);
        if (!(record.decision() instanceof FollowUpDecision.Contact)) {
            throw new IllegalArgumentException("only a response with a follow-up has a case");
        }
    }

    /** Cases are named by their follow-up's id. */
    public String id() {
        return record.key().value();
    }

    public FollowUpDecision.Contact followUp() {
        return (FollowUpDecision.Contact) record.decision();
    }

    public boolean isOverdue(Instant now) {
        return status.needsAttention() && followUp().dueAt().isBefore(now);
    }
}
