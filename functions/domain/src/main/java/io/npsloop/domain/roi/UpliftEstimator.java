package io.npsloop.domain.roi;

/**
 * The uplift of an action measured by churn (recovery, nurture) in one segment, as a share of
 * annual value: the holdout's churn rate minus the treated arm's, starting at the configured uplift
 * and moving to the measured one as the segment's evidence grows (docs/METHOD.md, "Measured uplift").
 *
 * <p>Each arm's churn rate gets a beta prior of {@code priorStrength} pseudo-customers, centred so
 * that the prior difference is the configured uplift u₀: around the segment's pooled churn rate c,
 * the holdout's at c + u₀/2 and the treated arm's at c − u₀/2. Each arm's counts are divided by its
 * design effect (customers of one account move together), the beta posteriors' means and
 * variances give the difference's, and the uplift used is a low quantile of its normal
 * approximation, with the spread weighed by the evidence's share of the smaller arm: with no
 * evidence it is u₀ exactly, with much it is the posterior's quantile. Never below 0.
 *
 * @param priorStrength pseudo-customers per arm the configured uplift counts as
 * @param quantile the posterior quantile used, e.g. 0.2: lower is more cautious
 */
public record UpliftEstimator(double priorStrength, double quantile) {

    public static final UpliftEstimator DEFAULT = new UpliftEstimator(100, 0.2);

    /** Prior churn rates stay this far inside (0, 1), where the beta prior is proper. */
    static final double EDGE = 0.001;

    public UpliftEstimator {
        if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
            throw new IllegalArgumentException("prior strength is a positive number of customers: " + priorStrength);
        }
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile is between 0 and 1: " + quantile);
        }
    }

    /**
     * @param prior the configured uplift u₀
     * @param measured the raw difference of churn rates, holdout minus treated; null without members in an arm
     * @param mean the posterior mean of the difference
     * @param sd the posterior standard deviation of the difference
     * @param weight the evidence's share n / (n + strength) of the smaller arm's effective customers n
     * @param used mean − z · sd · weight, at least 0 and at most 1: what the policy rations with
     * @param holdoutUnits units (accounts, or customers without one) in the holdout
     * @param holdoutCustomers effective customers of the holdout: its customers over its design effect
     */
    public record Estimate(double prior, Double measured, double mean, double sd, double weight, double used,
                           long holdoutUnits, long treatedUnits, double holdoutCustomers, double treatedCustomers) {}

    public Estimate estimate(double prior, ArmSums holdout, ArmSums treated) {
        boolean both = holdout.members() > 0 && treated.members() > 0;
        var deff = both ? Interval.DesignEffects.of(holdout, treated) : new Interval.DesignEffects(1, 1);
        double n0 = holdout.members() / deff.first();
        double y0 = holdout.events() / deff.first();
        double n1 = treated.members() / deff.second();
        double y1 = treated.events() / deff.second();
        double pooled = n0 + n1 > 0 ? (y0 + y1) / (n0 + n1) : 0.5;
        double treatedPrior = Math.max(EDGE, Math.min(pooled - prior / 2, 1 - prior - EDGE));
        double holdoutPrior = Math.min(1 - EDGE, treatedPrior + prior);
        var holdoutPosterior = Beta.posterior(priorStrength, holdoutPrior, y0, n0);
        var treatedPosterior = Beta.posterior(priorStrength, treatedPrior, y1, n1);
        double mean = holdoutPosterior.mean() - treatedPosterior.mean();
        double sd = Math.sqrt(holdoutPosterior.variance() + treatedPosterior.variance());
        double smaller = both ? Math.min(n0, n1) : 0;
        double weight = smaller / (smaller + priorStrength);
        double used = Math.max(0, Math.min(1, mean - normalQuantile(1 - quantile) * sd * weight));
        return new Estimate(prior, both ? holdout.rate() - treated.rate() : null, mean, sd, weight, used,
                holdout.units(), treated.units(), n0, n1);
    }

    /** Beta(α, β) as a mean and variance: α = s·m + y, β = s·(1 − m) + n − y. */
    record Beta(double alpha, double beta) {
        static Beta posterior(double strength, double priorMean, double events, double trials) {
            return new Beta(strength * priorMean + events, strength * (1 - priorMean) + trials - events);
        }

        double mean() {
            return alpha / (alpha + beta);
        }

        /** αβ / ((α + β)²(α + β + 1)) = mean (1 − mean) / (α + β + 1). */
        double variance() {
            double total = alpha + beta;
            return mean() * (1 - mean()) / (total + 1);
        }
    }

    /**
     * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error
     * below 1.2e-9): ample for a decision threshold.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p is between 0 and 1: " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
