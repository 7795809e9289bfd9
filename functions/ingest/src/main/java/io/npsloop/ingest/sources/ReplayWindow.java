package io.npsloop.ingest.sources;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the time a tool states for an event may be from when the request arrived. Wider than
 * the tools' own retry schedules, so their redeliveries pass, and narrow enough that a captured
 * request cannot be replayed at will later.
 */
public record ReplayWindow(Duration width) {

    public static final ReplayWindow DEFAULT = new ReplayWindow(Duration.ofHours(72));

    public ReplayWindow {
        if (width.isNegative() || width.isZero()) {
            throw new IllegalArgumentException("the replay window must be positive");
        }
    }

    /** Valid when {@code eventAt} lies within the window around {@code now}. */
    public Verification check(String field, Instant eventAt, Instant now) {
        if (Duration.between(eventAt, now).abs().compareTo(width) > 0) {
            return Verification.rejected(field + " is more than " + width.toHours()
                    + " hours away from now; the request was replayed or is too old to be a redelivery");
        }
        return Verification.VALID;
    }
}
