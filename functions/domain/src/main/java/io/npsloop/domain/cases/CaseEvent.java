package io.npsloop.domain.cases;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One step a person took on a case, with time, who and a note. A {@code note} records
 * something without moving the case; every other type moves it to the status of the same name.
 */
public record CaseEvent(Type type, Instant at, String by, String note) {

    public enum Type {
        CONTACTED,
        RESOLVED,
        UNRESOLVED,
        CLOSED,
        NOTE;

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
    }

    /**
     * The status after this event, or empty if it is not allowed from {@code current}:
     * open → contacted, unresolved (could not reach them) or closed; contacted → resolved or
     * unresolved; resolved and unresolved → closed; a note anywhere but on a closed case.
     */
    public Optional<CaseStatus> next(CaseStatus current) {
        return switch (type) {
            case NOTE -> current == CaseStatus.CLOSED ? Optional.empty() : Optional.of(current);
            case CONTACTED -> current == CaseStatus.OPEN ? Optional.of(CaseStatus.CONTACTED) : Optional.empty();
            case RESOLVED -> current == CaseStatus.CONTACTED ? Optional.of(CaseStatus.RESOLVED) : Optional.empty();
            case UNRESOLVED -> current == CaseStatus.OPEN || current == CaseStatus.CONTACTED
                    ? Optional.of(CaseStatus.UNRESOLVED) : Optional.empty();
            case CLOSED -> current == CaseStatus.CLOSED ? Optional.empty() : Optional.of(CaseStatus.CLOSED);
        };
    }
}
