package io.npsloop.domain.cases;

import java.util.Locale;

/** Where a follow-up stands with the people working it: open → contacted → resolved or unresolved → closed. */
public enum CaseStatus {
    OPEN,
    CONTACTED,
    RESOLVED,
    UNRESOLVED,
    CLOSED;

    /** Still needs someone: these are the cases listed by due time and escalated when overdue. */
    public boolean needsAttention() {
        return this == OPEN || this == CONTACTED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CaseStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
