package io.npsloop.domain.roi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The return of the follow-ups over a set of cohorts, measured against the holdout. Rates and
 * shares are fractions (0.1 is 10%); a figure that cannot be computed (no one in an arm, no cost)
 * is null, and {@link #warnings()} says why. docs/METHOD.md explains every figure.
 */
public record RoiReport(Nps nps, Recovery recovery, Referral referral, Totals totals, Assumptions assumptions,
                        long unattributedOutcomes, List<String> warnings) {

    public record Nps(Double score, long responses, long promoters, long passives, long detractors) {

        /** NPS = (promoters − detractors) / responses × 100, to one decimal; null without responses. */
        public static Nps of(Tally counts) {
            long responses = counts.count(Counter.RESPONSES);
            long promoters = counts.count(Counter.PROMOTERS);
            long detractors = counts.count(Counter.DETRACTORS);
            Double score = responses == 0 ? null
                    : BigDecimal.valueOf(promoters - detractors).multiply(BigDecimal.valueOf(100))
                            .divide(BigDecimal.valueOf(responses), 1, RoundingMode.HALF_EVEN).doubleValue();
            return new Nps(score, responses, promoters, counts.count(Counter.PASSIVES), detractors);
        }
    }

    /**
     * @param absolute holdout churn rate minus treated churn rate: positive when follow-ups helped
     * @param relative {@code absolute} as a share of the holdout churn rate
     * @param ci95 95% interval of {@code absolute} (Newcombe hybrid score)
     * @param relativeCi95 {@code ci95} divided by the holdout churn rate, taken as fixed
     */
    public record ChurnReduction(Double absolute, Double relative, Interval ci95, Interval relativeCi95) {}

    public record Recovery(long treated, long holdout, long treatedChurned, long holdoutChurned, long treatedRenewed,
                           long holdoutRenewed, Double treatedChurnRate, Double holdoutChurnRate,
                           ChurnReduction churnReduction, Double customersSaved, BigDecimal treatedValue,
                           BigDecimal retainedValue, BigDecimal concessions, BigDecimal cost) {}

    /**
     * @param value converted value among those asked, less what the same number of held-out
     *     promoters brought without being asked
     */
    public record Referral(long asked, long holdout, long leads, long converted, BigDecimal convertedValue,
                           long holdoutLeads, long holdoutConverted, BigDecimal holdoutConvertedValue,
                           BigDecimal value, BigDecimal cost) {}

    public record Totals(BigDecimal value, BigDecimal cost, Double roi, Interval roiCi95) {}

    /** What the report takes as given: the cost of one follow-up of each kind, and the confidence level. */
    public record Assumptions(BigDecimal recoveryCost, BigDecimal referralCost, double confidence) {
        public Assumptions {
            Objects.requireNonNull(recoveryCost, "recoveryCost");
            Objects.requireNonNull(referralCost, "referralCost");
        }

        public Assumptions(BigDecimal recoveryCost, BigDecimal referralCost) {
            this(recoveryCost, referralCost, 0.95);
        }
    }

    private static final MathContext PRECISION = MathContext.DECIMAL128;
    /** Power assumed when saying how large a holdout would have to be. */
    private static final double Z_POWER_80 = 0.8416212335729143;

    /** Computes the report from the summed counters of the period. */
    public static RoiReport of(Tally counts, Assumptions assumptions) {
        var warnings = new ArrayList<String>();
        var nps = Nps.of(counts);
        if (nps.responses() == 0) {
            warnings.add("No responses in this period.");
        }
        var recovery = recovery(counts, assumptions, warnings);
        var referral = referral(counts, assumptions);
        var value = recovery.retainedValue().add(referral.value());
        var cost = recovery.cost().add(referral.cost());
        Double roi = null;
        Interval roiInterval = null;
        if (cost.signum() > 0) {
            roi = value.subtract(cost).divide(cost, PRECISION).doubleValue();
            var ci = recovery.churnReduction().ci95();
            if (ci != null) {
                double treatedValue = recovery.treatedValue().doubleValue();
                double other = referral.value().doubleValue() - cost.doubleValue();
                roiInterval = new Interval(
                        (treatedValue * ci.lower() + other) / cost.doubleValue(),
                        (treatedValue * ci.upper() + other) / cost.doubleValue());
            }
        } else if (recovery.treated() + referral.asked() > 0) {
            warnings.add("The follow-ups cost nothing under the assumptions given, so ROI is undefined.");
        }
        return new RoiReport(nps, recovery, referral, new Totals(money(value), money(cost), roi, roiInterval),
                assumptions, counts.count(Counter.OUTCOMES_UNATTRIBUTED), List.copyOf(warnings));
    }

    private static Recovery recovery(Tally counts, Assumptions assumptions, List<String> warnings) {
        long treated = counts.count(Counter.RECOVERY_TREATED);
        long holdout = counts.count(Counter.RECOVERY_HOLDOUT);
        long treatedChurned = counts.count(Counter.RECOVERY_TREATED_CHURNED);
        long holdoutChurned = counts.count(Counter.RECOVERY_HOLDOUT_CHURNED);
        var treatedRate = rate(treatedChurned, treated);
        var holdoutRate = rate(holdoutChurned, holdout);
        var treatedValue = counts.get(Counter.RECOVERY_TREATED_VALUE);
        var concessions = counts.get(Counter.RECOVERY_TREATED_CONCESSIONS).add(counts.get(Counter.RECOVERY_HOLDOUT_CONCESSIONS));
        var cost = assumptions.recoveryCost().multiply(BigDecimal.valueOf(treated)).add(concessions);

        ChurnReduction reduction = new ChurnReduction(null, null, null, null);
        Double saved = null;
        var retained = BigDecimal.ZERO;
        if (treated > 0 && holdout > 0) {
            var absolute = holdoutRate.subtract(treatedRate);
            Double relative = holdoutRate.signum() == 0 ? null : absolute.divide(holdoutRate, PRECISION).doubleValue();
            var ci = Interval.newcombeDifference(holdoutChurned, holdout, treatedChurned, treated, Interval.Z95);
            Interval relativeCi = holdoutRate.signum() == 0 ? null
                    : new Interval(ci.lower() / holdoutRate.doubleValue(), ci.upper() / holdoutRate.doubleValue());
            reduction = new ChurnReduction(absolute.doubleValue(), relative, ci, relativeCi);
            saved = absolute.multiply(BigDecimal.valueOf(treated)).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
            retained = treatedValue.multiply(absolute, PRECISION);
            if (treatedChurned + holdoutChurned == 0) {
                warnings.add("No churn has been recorded for these cohorts yet: post churned outcomes before reading the churn figures.");
            } else if (ci.contains(0)) {
                warnings.add(String.format(Locale.ROOT,
                        "The holdout is too small to tell the follow-ups' effect on churn from chance: the 95%% interval of the "
                                + "churn reduction, [%.4f, %.4f], includes zero (%d treated, %d held out).%s",
                        ci.lower(), ci.upper(), treated, holdout, neededPerArm(treatedRate, holdoutRate)));
            }
        } else if (treated + holdout > 0) {
            warnings.add(holdout == 0
                    ? "No detractor was held out in this period, so the effect of recovery cannot be measured: keep a holdout (HOLDOUT_PERCENT)."
                    : "No detractor was contacted in this period, so there is nothing to measure against the holdout.");
        }
        return new Recovery(treated, holdout, treatedChurned, holdoutChurned,
                counts.count(Counter.RECOVERY_TREATED_RENEWED), counts.count(Counter.RECOVERY_HOLDOUT_RENEWED),
                treatedRate == null ? null : treatedRate.doubleValue(), holdoutRate == null ? null : holdoutRate.doubleValue(),
                reduction, saved, money(treatedValue), money(retained), money(concessions), money(cost));
    }

    /** How many per arm a two-sided 5% test with 80% power needs to detect the observed difference. */
    private static String neededPerArm(BigDecimal treatedRate, BigDecimal holdoutRate) {
        double p1 = treatedRate.doubleValue();
        double p0 = holdoutRate.doubleValue();
        double difference = p0 - p1;
        if (difference <= 0) {
            return " The treated churned no less than the holdout.";
        }
        double z = Interval.Z95 + Z_POWER_80;
        long perArm = (long) Math.ceil(z * z * (p0 * (1 - p0) + p1 * (1 - p1)) / (difference * difference));
        return " To detect a difference this size reliably (80% power), each arm needs about " + perArm + " customers.";
    }

    private static Referral referral(Tally counts, Assumptions assumptions) {
        long asked = counts.count(Counter.REFERRAL_ASKED);
        long holdout = counts.count(Counter.REFERRAL_HOLDOUT);
        var convertedValue = counts.get(Counter.REFERRAL_ASKED_CONVERTED_VALUE);
        var holdoutValue = counts.get(Counter.REFERRAL_HOLDOUT_CONVERTED_VALUE);
        var value = convertedValue;
        if (holdout > 0 && asked > 0) {
            var baseline = holdoutValue.multiply(BigDecimal.valueOf(asked)).divide(BigDecimal.valueOf(holdout), PRECISION);
            value = convertedValue.subtract(baseline);
        }
        return new Referral(asked, holdout, counts.count(Counter.REFERRAL_ASKED_LEADS),
                counts.count(Counter.REFERRAL_ASKED_CONVERTED), money(convertedValue),
                counts.count(Counter.REFERRAL_HOLDOUT_LEADS), counts.count(Counter.REFERRAL_HOLDOUT_CONVERTED),
                money(holdoutValue), money(value), money(assumptions.referralCost().multiply(BigDecimal.valueOf(asked))));
    }

    private static BigDecimal rate(long events, long trials) {
        return trials == 0 ? null : BigDecimal.valueOf(events).divide(BigDecimal.valueOf(trials), PRECISION);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }
}
