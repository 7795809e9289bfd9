package io.npsloop.domain.intake;

import java.math.BigDecimal;
import java.util.Objects;

/** Annual value thresholds: at or above {@code high} is HIGH, at or above {@code medium} is MEDIUM. */
public record ValueTiers(BigDecimal high, BigDecimal medium) {

    public static final ValueTiers DEFAULT = new ValueTiers(new BigDecimal("10000"), new BigDecimal("1000"));

    public ValueTiers {
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(medium, "medium");
        if (medium.signum() < 0 || high.compareTo(medium) < 0) {
            throw new IllegalArgumentException(
                    "value tier thresholds need 0 <= medium <= high, got medium=" + medium + " high=" + high);
        }
    }

    public ValueTier tierOf(BigDecimal annualValue) {
        if (annualValue == null) {
            return ValueTier.UNKNOWN;
        }
        if (annualValue.compareTo(high) >= 0) {
            return ValueTier.HIGH;
        }
        return annualValue.compareTo(medium) >= 0 ? ValueTier.MEDIUM : ValueTier.LOW;
    }
}
