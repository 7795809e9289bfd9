package io.npsloop.domain.roi;

import java.time.Duration;
import java.util.Objects;

/**
 * How long after the answer a treated recovery unit's case first recorded contact with the
 * customer: the buckets the report shows churn by. Observational: who is reached fast differs from
 * who is reached late, so the buckets' churn are not effects of speed (docs/METHOD.md).
 */
public enum ContactDelay {
    UNDER_1H("under-1h", "under 1 hour"),
    FROM_1H_TO_4H("1-4h", "1 to 4 hours"),
    FROM_4H_TO_24H("4-24h", "4 to 24 hours"),
    FROM_1D_TO_3D("1-3d", "1 to 3 days"),
    OVER_3D("over-3d", "over 3 days"),
    /** A case was opened and has recorded no contact (yet). */
    NEVER("never", "never contacted");

    private final String wireName;
    private final String label;

    ContactDelay(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** The bucket of a delay; a contact recorded before the answer's time (clocks apart) counts as immediate. */
    public static ContactDelay of(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.compareTo(Duration.ofHours(1)) < 0) {
            return UNDER_1H;
        }
        if (delay.compareTo(Duration.ofHours(4)) < 0) {
            return FROM_1H_TO_4H;
        }
        if (delay.compareTo(Duration.ofHours(24)) < 0) {
            return FROM_4H_TO_24H;
        }
        if (delay.compareTo(Duration.ofDays(3)) < 0) {
            return FROM_1D_TO_3D;
        }
        return OVER_3D;
    }

    public String wireName() {
        return wireName;
    }

    public String label() {
        return label;
    }

    public static ContactDelay fromWireName(String name) {
        for (var delay : values()) {
            if (delay.wireName.equals(name)) {
                return delay;
            }
        }
        throw new IllegalArgumentException("no contact delay '" + name + "'");
    }
}
