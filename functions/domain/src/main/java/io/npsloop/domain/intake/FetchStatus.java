package io.npsloop.domain.intake;

import java.util.Locale;

/**
 * A response announced by id and read from its tool's API: {@code pending} → {@code fetching} →
 * {@code done}, back to {@code pending} to try again, or {@code quarantined}.
 */
public enum FetchStatus {
    /** Waiting for a try; the only status the fetch stream filter lets through. */
    PENDING,
    FETCHING,
    DONE,
    QUARANTINED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FetchStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
