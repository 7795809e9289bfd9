package io.npsloop.domain.roi;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.Counter.Measure;
import io.npsloop.domain.roi.Segment.Dimension;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One action's uplift in one value tier, as the schedule estimates it from the tier's segment
 * counters, with what it means for the tier's typical customer.
 *
 * @param estimate prior, measured and used uplift and the evidence; for referral the configured
 *     uplift alone (see {@link #of})
 * @param typicalValue the tier's mean annual value over both arms' customers; null without any
 * @param contacted whether the typical customer is worth the cost at the used uplift: typical
 *     value × used &gt; cost; null without a typical value
 */
public record TierUplift(Action action, ValueTier tier, UpliftEstimator.Estimate estimate, BigDecimal typicalValue,
                         BigDecimal cost, Boolean contacted) {

    /** The tiers whose value is known: uplift only weighs a known value. */
    public static final List<ValueTier> TIERS = List.of(ValueTier.HIGH, ValueTier.MEDIUM, ValueTier.LOW);

    public TierUplift {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(cost, "cost");
    }

    /** Whether the uplift was measured: referral's is kept on the configured one. */
    public boolean measured() {
        return action != Action.REFERRAL;
    }

    /** Typical value × used uplift, to cents; null without a typical value. */
    public BigDecimal expected() {
        return typicalValue == null ? null
                : typicalValue.multiply(BigDecimal.valueOf(estimate.used()), MathContext.DECIMAL64).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * Every action × known tier from the segments' summed counters. Recovery and nurture are
     * measured by churn. Referral stays on its configured uplift: its counters hold converted value
     * per promoter but not the promoters' annual value, so there is no share of annual value to
     * measure, and conversions arrive months after the ask.
     *
     * @param priors the configured uplift of each action
     * @param costs the cost of one follow-up of each action
     */
    public static List<TierUplift> of(Map<Segment, Tally> segments, Map<Action, BigDecimal> priors, Map<Action, BigDecimal> costs,
                                      UpliftEstimator estimator) {
        var uplifts = new ArrayList<TierUplift>();
        for (var action : Action.values()) {
            for (var tier : TIERS) {
                var counts = segments.getOrDefault(new Segment(Dimension.TIER, tier.wireName()), Tally.EMPTY);
                double prior = priors.get(action).doubleValue();
                var holdout = churn(counts, action, Arm.HOLDOUT);
                var treated = churn(counts, action, Arm.TREATMENT);
                var estimate = action == Action.REFERRAL
                        ? new UpliftEstimator.Estimate(prior, null, prior, 0, 0, prior,
                                counts.count(Counter.of(action, Arm.HOLDOUT, Measure.UNITS)),
                                counts.count(Counter.of(action, Arm.TREATMENT, Measure.UNITS)), 0, 0)
                        : estimator.estimate(prior, holdout, treated);
                BigDecimal typical = null;
                if (action != Action.REFERRAL && holdout.members() + treated.members() > 0) {
                    var value = counts.get(Counter.of(action, Arm.HOLDOUT, Measure.MEMBER_VALUE))
                            .add(counts.get(Counter.of(action, Arm.TREATMENT, Measure.MEMBER_VALUE)));
                    typical = value.divide(BigDecimal.valueOf(holdout.members() + treated.members()), 2, RoundingMode.HALF_UP);
                }
                var cost = costs.get(action);
                var tierUplift = new TierUplift(action, tier, estimate, typical, cost, null);
                var expected = tierUplift.expected();
                uplifts.add(new TierUplift(action, tier, estimate, typical, cost, expected == null ? null : expected.compareTo(cost) > 0));
            }
        }
        return List.copyOf(uplifts);
    }

    private static ArmSums churn(Tally counts, Action action, Arm arm) {
        if (action == Action.REFERRAL) {
            return ArmSums.EMPTY;
        }
        return new ArmSums(counts.count(Counter.of(action, arm, Measure.UNITS)),
                counts.get(Counter.of(action, arm, Measure.MEMBERS)).doubleValue(),
                counts.get(Counter.of(action, arm, Measure.CHURNED_MEMBERS)).doubleValue(),
                counts.get(Counter.of(action, arm, Measure.MEMBERS_SQUARED)).doubleValue(),
                counts.get(Counter.of(action, arm, Measure.CHURNED_MEMBERS_SQUARED)).doubleValue(),
                counts.get(Counter.of(action, arm, Measure.CHURNED_BY_MEMBERS)).doubleValue());
    }
}
