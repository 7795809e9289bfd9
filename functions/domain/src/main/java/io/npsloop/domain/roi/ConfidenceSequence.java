package io.npsloop.domain.roi;

import java.util.Optional;

/**
 * Anytime-valid intervals: a confidence sequence holds the truth at every look at once with
 * probability 1 − α, however often the report is read and whenever reading stops, where a fixed
 * 95% interval holds it 95% of the time at one look planned in advance. This is the asymptotic
 * confidence sequence of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas (2024), from Robbins'
 * normal mixture (as Howard, Ramdas, McAuliffe and Sekhon 2021 give it): the fixed interval's
 * z becomes, after t randomized units (both arms),
 *
 * <pre>z_t = √( (tρ² + 1) / (tρ²) · (log(tρ² + 1) − 2 log α) )</pre>
 *
 * applied to the same estimate and the same cluster-robust standard error. ρ is fixed before the
 * data: ρ² = x / t*, which makes the sequence narrowest at {@code targetUnits} t*, with x solving
 * x = −2 log α + log(1 + x) (there z_t = √(1 + x), 3.04 at 95%). Any fixed ρ keeps the guarantee;
 * the target only moves where the sequence is narrowest.
 *
 * @param alpha the chance that the truth is outside the sequence at some look
 * @param targetUnits the units (both arms) at which the sequence should be narrowest
 */
public record ConfidenceSequence(double alpha, double targetUnits) {

    /**
     * Where the report's sequences are narrowest: a program of about 5,000 accounts over a quarter.
     * Three times more or fewer units widen them by under 6%.
     */
    public static final double TARGET_UNITS = 5_000;

    /** The report's: 95%, narrowest at {@link #TARGET_UNITS}. */
    public static final ConfidenceSequence CS95 = new ConfidenceSequence(0.05, TARGET_UNITS);

    public ConfidenceSequence {
        if (!(alpha > 0 && alpha < 1) || !(targetUnits >= 1) || Double.isInfinite(targetUnits)) {
            throw new IllegalArgumentException("not a confidence sequence: alpha " + alpha + ", target " + targetUnits);
        }
    }

    /** tρ² at t = t*: the x solving x = −2 log α + log(1 + x), which minimizes z there. */
    public double intrinsicTarget() {
        double c = -2 * Math.log(alpha);
        // The fixed point contracts by 1 / (1 + x) < 1/7 a step: 40 steps are far past double precision.
        double x = c;
        for (int i = 0; i < 40; i++) {
            x = c + Math.log1p(x);
        }
        return x;
    }

    /** The mixture's tuning, ρ² = x / t*. */
    public double rhoSquared() {
        return intrinsicTarget() / targetUnits;
    }

    /** The multiplier of the standard error after {@code units} randomized units, both arms together. */
    public double z(long units) {
        if (units < 1) {
            throw new IllegalArgumentException("a confidence sequence needs at least one unit: " + units);
        }
        double v = units * rhoSquared();
        return Math.sqrt((v + 1) / v * (Math.log1p(v) - 2 * Math.log(alpha)));
    }

    /**
     * {@link Interval#clusteredNewcombeDifference(ArmSums, ArmSums, Interval.DesignEffects, double)}
     * (first minus second) with z_t at both arms' units: each arm's Wilson interval on its
     * effective counts is the score form of the same normal boundary, and stays inside [0, 1]
     * when an arm has no churn yet.
     */
    public Interval clusteredNewcombeDifference(ArmSums first, ArmSums second, Interval.DesignEffects deff) {
        return Interval.clusteredNewcombeDifference(first, second, deff, z(first.units() + second.units()));
    }

    /** {@link Interval#ratioDifference(ArmSums, ArmSums, double)} (first minus second) with z_t at both arms' units. */
    public Optional<Interval> ratioDifference(ArmSums first, ArmSums second) {
        if (first.units() + second.units() < 1) {
            return Optional.empty();
        }
        return Interval.ratioDifference(first, second, z(first.units() + second.units()));
    }
}
