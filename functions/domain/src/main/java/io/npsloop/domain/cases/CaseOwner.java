package io.npsloop.domain.cases;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who works a case: nobody yet, one person (by email) or a team (by name). On the wire and in
 * the table: {@code unassigned}, {@code person:<email>}, {@code team:<name>}.
 */
public record CaseOwner(Kind kind, String name) {

    public enum Kind { UNASSIGNED, PERSON, TEAM }

    public static final CaseOwner UNASSIGNED = new CaseOwner(Kind.UNASSIGNED, null);
    public static final int MAX_NAME = 200;

    public CaseOwner {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.UNASSIGNED) {
            name = null;
        } else if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an owner's name is 1 to " + MAX_NAME + " characters without control characters");
        } else {
            // Emails compare without case, so "mine" finds a case whoever typed the address.
            name = kind == Kind.PERSON ? name.strip().toLowerCase(Locale.ROOT) : name.strip();
        }
    }

    public static CaseOwner person(String email) {
        return new CaseOwner(Kind.PERSON, email);
    }

    public static CaseOwner team(String name) {
        return new CaseOwner(Kind.TEAM, name);
    }

    public String wireName() {
        return switch (kind) {
            case UNASSIGNED -> "unassigned";
            case PERSON -> "person:" + name;
            case TEAM -> "team:" + name;
        };
    }

    public static Optional<CaseOwner> fromWireName(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        try {
            if (wire.equals("unassigned")) {
                return Optional.of(UNASSIGNED);
            }
            if (wire.startsWith("person:")) {
                return Optional.of(person(wire.substring("person:".length())));
            }
            if (wire.startsWith("team:")) {
                return Optional.of(team(wire.substring("team:".length())));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public boolean isPerson(String email) {
        return kind == Kind.PERSON && name.equalsIgnoreCase(email);
    }
}
