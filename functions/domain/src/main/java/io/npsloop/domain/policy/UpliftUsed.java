package io.npsloop.domain.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The uplift a decision weighed its action's worth with, kept beside the decision so anyone can
 * tell later why a customer was or was not contacted.
 *
 * @param uplift the share of annual value the action was expected to bring
 * @param origin {@link UpliftSource#MEASURED} only when a current estimate gave it
 * @param estimatedAt when that estimate was computed; null for a configured uplift
 */
public record UpliftUsed(BigDecimal uplift, UpliftSource origin, Instant estimatedAt) {

    public UpliftUsed {
        Objects.requireNonNull(uplift, "uplift");
        Objects.requireNonNull(origin, "origin");
        if ((origin == UpliftSource.MEASURED) != (estimatedAt != null)) {
            throw new IllegalArgumentException("a measured uplift has the time of its estimate, a configured one none");
        }
    }

    public static UpliftUsed configured(BigDecimal uplift) {
        return new UpliftUsed(uplift, UpliftSource.CONFIGURED, null);
    }
}
