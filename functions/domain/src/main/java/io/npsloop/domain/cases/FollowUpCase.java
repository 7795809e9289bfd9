package io.npsloop.domain.cases;

import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.FollowUpDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A follow-up as the people working it see it: the response and decision behind it, where it
 * stands, what was done, whether it was escalated for being overdue, who owns it and in which
 * team, and the people a promoter referred.
 */
public record FollowUpCase(ResponseRecord record, CaseStatus status, List<CaseEvent> events, Instant escalatedAt,
                           CaseOwner owner, String team, List<Referral> referrals) {

    public FollowUpCase {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(status, "status");
        events = List.copyOf(events);
        owner = owner == null ? CaseOwner.UNASSIGNED : owner;
        referrals = referrals == null ? List.of() : List.copyOf(referrals);
        if (!(record.decision() instanceof FollowUpDecision.Contact)) {
            throw new IllegalArgumentException("only a response with a follow-up has a case");
        }
    }

    public FollowUpCase(ResponseRecord record, CaseStatus status, List<CaseEvent> events, Instant escalatedAt) {
        this(record, status, events, escalatedAt, CaseOwner.UNASSIGNED, null, List.of());
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

    /** The case after the events, as far as owner and team go. */
    public FollowUpCase withEvents(CaseStatus next, List<CaseEvent> added, List<Referral> people) {
        var newOwner = owner;
        var newTeam = team;
        for (var event : added) {
            if (event.owner() != null) {
                newOwner = event.owner();
                if (event.team() != null) {
                    newTeam = event.team();
                }
            }
        }
        var all = new ArrayList<>(events);
        all.addAll(added);
        var allPeople = new ArrayList<>(referrals);
        allPeople.addAll(people);
        return new FollowUpCase(record, next, all, escalatedAt, newOwner, newTeam, allPeople);
    }

    /** When it was first contacted, if it was. */
    public Optional<Instant> contactedAt() {
        return events.stream().filter(e -> e.type() == CaseEvent.Type.CONTACTED).map(CaseEvent::at).findFirst();
    }
}
