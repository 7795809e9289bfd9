package io.npsloop.domain.cases;

import java.util.Locale;

/** An overdue case's escalation: {@code pending} once marked, {@code sent} once published. */
public enum EscalationStatus {
    PENDING,
    SENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EscalationStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
