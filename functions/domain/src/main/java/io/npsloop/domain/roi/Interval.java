package io.npsloop.domain.roi;

import java.util.Optional;

/** A two-sided confidence interval, lower bound first. */
public record Interval(double lower, double upper) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("not an interval: [" + lower + ", " + upper + "]");
        }
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /**
     * Wilson's score interval for a proportion of {@code events} in {@code trials}; it stays inside
     * [0, 1] and behaves at 0 and at {@code trials}, where the textbook (Wald) interval does not.
     */
    public static Interval wilson(long events, long trials, double z) {
        if (trials <= 0 || events < 0 || events > trials) {
            throw new IllegalArgumentException(events + " of " + trials);
        }
        return wilson((double) events, (double) trials, z);
    }

    /**
     * {@link #wilson(long, long, double)} on real-valued counts, as the effective counts of a
     * clustered arm are (events and trials divided by its design effect).
     */
    public static Interval wilson(double events, double trials, double z) {
        if (!(trials > 0) || !(events >= 0) || events > trials || Double.isInfinite(trials)) {
            throw new IllegalArgumentException(events + " of " + trials);
        }
        double n = trials;
        double p = events / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 and at all, the bound is exactly 0 or 1; rounding would otherwise leave 1e-17 off.
        double lower = events == 0 ? 0 : Math.max(0, centre - half);
        double upper = events == trials ? 1 : Math.min(1, centre + half);
        return new Interval(lower, upper);
    }

    /**
     * Newcombe's hybrid score interval (his method 10, 1998) for the difference p1 − p2 of two
     * independent proportions, built from each one's Wilson interval.
     */
    public static Interval newcombeDifference(long events1, long trials1, long events2, long trials2, double z) {
        return newcombeDifference((double) events1, (double) trials1, (double) events2, (double) trials2, z);
    }

    private static Interval newcombeDifference(double events1, double trials1, double events2, double trials2, double z) {
        double p1 = events1 / trials1;
        double p2 = events2 / trials2;
        var w1 = wilson(events1, trials1, z);
        var w2 = wilson(events2, trials2, z);
        double difference = p1 - p2;
        double lower = difference - Math.sqrt(square(p1 - w1.lower()) + square(w2.upper() - p2));
        double upper = difference + Math.sqrt(square(w1.upper() - p1) + square(p2 - w2.lower()));
        return new Interval(lower, upper);
    }

    /**
     * How much more each arm's rate varies than if its members were independent: Kish's design
     * effect deff = Σ(yₖ − p nₖ)² / (Σn · p(1 − p)), the variance of the ratio estimate over its
     * binomial variance. Never below 1, so a clustered interval is never narrower than the naive one
     * and one-member units give exactly the naive figures. An arm whose rate is 0 or 1 has no
     * design effect of its own and takes the pooled one of both arms (each arm's residuals around
     * its own rate, summed, over the summed binomial variances); if both are 0 or 1, 1.
     *
     * @param first design effect of the first arm, at least 1
     * @param second design effect of the second arm, at least 1
     */
    public record DesignEffects(double first, double second) {

        public static DesignEffects of(ArmSums first, ArmSums second) {
            requireMembers(first.requireProportion("first arm"), "first arm");
            requireMembers(second.requireProportion("second arm"), "second arm");
            double p1 = first.rate();
            double p2 = second.rate();
            double residuals1 = first.squaredResiduals(p1);
            double residuals2 = second.squaredResiduals(p2);
            double binomial1 = first.members() * p1 * (1 - p1);
            double binomial2 = second.members() * p2 * (1 - p2);
            double pooledBinomial = binomial1 + binomial2;
            double pooled = pooledBinomial > 0 ? floor((residuals1 + residuals2) / pooledBinomial) : 1;
            return new DesignEffects(binomial1 > 0 ? floor(residuals1 / binomial1) : pooled,
                    binomial2 > 0 ? floor(residuals2 / binomial2) : pooled);
        }

        private static void requireMembers(ArmSums arm, String name) {
            if (!(arm.members() > 0)) {
                throw new IllegalArgumentException(name + " has no members, so no rate: " + arm);
            }
        }

        /** Residuals from sums carry rounding (1 + 2e-16 for one-member units): that close to 1 is independence. */
        private static final double ROUNDING = 1e-9;

        private static double floor(double deff) {
            return deff < 1 + ROUNDING ? 1 : deff;
        }
    }

    /**
     * Newcombe's hybrid score interval for the difference of two rates of proportions, first
     * minus second (holdout minus treated for a churn reduction), when members were randomized in
     * units that may move together: {@link #newcombeDifference} on each arm's effective counts
     * n / deff and y / deff ({@link DesignEffects}), as Donner and Klar (2000) adjust a binomial
     * interval for cluster randomization. With one-member units it is exactly {@link #newcombeDifference}.
     *
     * @throws IllegalArgumentException if an arm has no members or is not an arm of proportions
     */
    public static Interval clusteredNewcombeDifference(ArmSums first, ArmSums second, double z) {
        return clusteredNewcombeDifference(first, second, DesignEffects.of(first, second), z);
    }

    /** {@link #clusteredNewcombeDifference(ArmSums, ArmSums, double)} with the design effects already computed. */
    public static Interval clusteredNewcombeDifference(ArmSums first, ArmSums second, DesignEffects deff, double z) {
        if (deff.first() < 1 || deff.second() < 1) {
            throw new IllegalArgumentException("design effects are at least 1: " + deff);
        }
        return newcombeDifference(first.events() / deff.first(), first.members() / deff.first(),
                second.events() / deff.second(), second.members() / deff.second(), z);
    }

    /**
     * Wald interval of the difference of two means per member, first minus second (leads, or
     * converted value, per promoter asked against per promoter held out), with each arm's
     * cluster-robust variance of the ratio estimate r = Σy / Σn (linearized, as Cameron and Miller
     * 2015 give it): Var(r) = K / (K − 1) · Σ(yₖ − r nₖ)² / (Σn)². Nothing bounds these means, so
     * there is no score interval to prefer over Wald here.
     *
     * @return empty when an arm has fewer than two units or no members: its variance cannot be estimated
     */
    public static Optional<Interval> ratioDifference(ArmSums first, ArmSums second, double z) {
        if (first.units() < 2 || second.units() < 2 || !(first.members() > 0) || !(second.members() > 0)) {
            return Optional.empty();
        }
        double r1 = first.rate();
        double r2 = second.rate();
        double half = z * Math.sqrt(ratioVariance(first, r1) + ratioVariance(second, r2));
        double difference = r1 - r2;
        return Optional.of(new Interval(difference - half, difference + half));
    }

    private static double ratioVariance(ArmSums arm, double r) {
        double k = arm.units();
        return k / (k - 1) * arm.squaredResiduals(r) / square(arm.members());
    }

    private static double square(double x) {
        return x * x;
    }
}
