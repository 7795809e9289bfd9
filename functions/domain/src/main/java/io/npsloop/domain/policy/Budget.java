package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ValueTier;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Caps on what one action may cost per day and per month, in the currency of annual values.
 * When a cap comes near, higher-value customers go first: low-value customers may use the cap
 * up to {@code 100 - 2 × reservePercent} percent, medium and unknown up to {@code 100 - reservePercent},
 * high-value customers all of it.
 *
 * @param daily the cap per UTC day, or null for none
 * @param monthly the cap per UTC month, or null for none
 */
public record Budget(BigDecimal daily, BigDecimal monthly, int reservePercent) {

    public static final Budget UNLIMITED = new Budget(null, null, 20);

    public Budget {
        if (daily != null && daily.signum() < 0 || monthly != null && monthly.signum() < 0) {
            throw new IllegalArgumentException("budget caps must not be negative");
        }
        if (reservePercent < 0 || reservePercent > 50) {
            throw new IllegalArgumentException("the share reserved for higher tiers must be from 0 to 50 percent, was " + reservePercent);
        }
    }

    public boolean isLimited() {
        return daily != null || monthly != null;
    }

    /** How much of {@code cap} customers of this tier may use. */
    public BigDecimal limitFor(BigDecimal cap, ValueTier tier) {
        if (cap == null) {
            return null;
        }
        int percent = switch (tier) {
            case HIGH -> 100;
            case MEDIUM, UNKNOWN -> 100 - reservePercent;
            case LOW -> 100 - 2 * reservePercent;
        };
        return cap.multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
    }
}
