package io.npsloop.domain.cases;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step a person took on a case, with time, who and a note. {@code contacted},
 * {@code resolved}, {@code unresolved} and {@code closed} move the case to the status of the same
 * name; the others record something without moving it: a note, a contact attempt, a claim or an
 * assignment (with the owner and team they give the case), an outcome or referrals recorded.
 *
 * @param owner for a claim or an assignment: who owns the case after it
 * @param team for an assignment to a team, or the team of who worked it
 * @param channel for an attempt: how
 * @param reached for an attempt: whether it reached the customer
 * @param reasonCode what the case was about, as the person saw it
 */
public record CaseEvent(Type type, Instant at, String by, String note,
                        CaseOwner owner, String team, ContactChannel channel, Boolean reached, ReasonCode reasonCode) {

    public enum Type {
        CONTACTED,
        RESOLVED,
        UNRESOLVED,
        CLOSED,
        NOTE,
        ATTEMPTED,
        CLAIMED,
        ASSIGNED,
        OUTCOME,
        REFERRED;

        /** The types {@code POST /cases/{id}/events} takes; the others come with the desk's own fields. */
        public static final Set<Type> RECORDED_BY_API = EnumSet.of(CONTACTED, RESOLVED, UNRESOLVED, CLOSED, NOTE);

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> fromWireName(String name) {
            for (var type : values()) {
                if (type.wireName().equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public CaseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        note = note == null || note.isBlank() ? null : note.strip();
        if ((type == Type.CLAIMED || type == Type.ASSIGNED) && owner == null) {
            throw new IllegalArgumentException("a claim or an assignment names the owner");
        }
        if (type == Type.ATTEMPTED && (channel == null || reached == null)) {
            throw new IllegalArgumentException("an attempt names its channel and whether it reached them");
        }
    }

    public CaseEvent(Type type, Instant at, String by, String note) {
        this(type, at, by, note, null, null, null, null, null);
    }

    /**
     * The status after this event, or empty if it is not allowed from {@code current}:
     * open → contacted, unresolved (could not reach them) or closed; contacted → resolved or
     * unresolved; resolved and unresolved → closed; a note, an attempt, an outcome or referrals
     * anywhere but on a closed case; a claim or an assignment only while the case needs someone.
     */
    public Optional<CaseStatus> next(CaseStatus current) {
        return switch (type) {
            case NOTE, ATTEMPTED, OUTCOME, REFERRED -> current == CaseStatus.CLOSED ? Optional.empty() : Optional.of(current);
            case CLAIMED, ASSIGNED -> current.needsAttention() ? Optional.of(current) : Optional.empty();
            case CONTACTED -> current == CaseStatus.OPEN ? Optional.of(CaseStatus.CONTACTED) : Optional.empty();
            case RESOLVED -> current == CaseStatus.CONTACTED ? Optional.of(CaseStatus.RESOLVED) : Optional.empty();
            case UNRESOLVED -> current == CaseStatus.OPEN || current == CaseStatus.CONTACTED
                    ? Optional.of(CaseStatus.UNRESOLVED) : Optional.empty();
            case CLOSED -> current == CaseStatus.CLOSED ? Optional.empty() : Optional.of(CaseStatus.CLOSED);
        };
    }
}
