package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ValueTier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The uplifts last estimated from the holdout, per action and value tier, as the policy uses them:
 * never below 0. An action or tier without an estimate (referral, a tier never counted) falls back
 * to the configured uplift.
 *
 * @param computedAt when the estimates were computed
 */
public record MeasuredUplifts(Instant computedAt, Map<Action, Map<ValueTier, BigDecimal>> used) {

    public MeasuredUplifts {
        Objects.requireNonNull(computedAt, "computedAt");
        var copy = new EnumMap<Action, Map<ValueTier, BigDecimal>>(Action.class);
        used.forEach((action, tiers) -> {
            var byTier = new EnumMap<ValueTier, BigDecimal>(ValueTier.class);
            tiers.forEach((tier, uplift) -> {
                if (uplift.signum() < 0 || uplift.compareTo(BigDecimal.ONE) > 0) {
                    throw new IllegalArgumentException("a used uplift is a share from 0 to 1: " + action + " " + tier + " " + uplift);
                }
                byTier.put(tier, uplift);
            });
            copy.put(action, Map.copyOf(byTier));
        });
        used = Map.copyOf(copy);
    }

    /** A book that gives these estimates and the settings' uplift where there is none. */
    public UpliftBook over(PolicySettings settings) {
        return (action, tier) -> {
            var uplift = used.getOrDefault(action, Map.of()).get(tier);
            return uplift == null ? UpliftUsed.configured(settings.uplift(action)) : new UpliftUsed(uplift, UpliftSource.MEASURED, computedAt);
        };
    }
}
