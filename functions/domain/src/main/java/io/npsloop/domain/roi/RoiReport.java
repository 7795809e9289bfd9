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
public record RoiReport(Nps nps, Recovery recovery, Referral referral, Nurture nurture, Totals totals,
                        Assumptions assumptions, long unattributedOutcomes, List<String> warnings) {

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

    /**
     * Passives nurtured against passives held out, measured as recovery is: by churn. Without any
     * nurture decision in the period (nurture off, or no passive rationed into an arm) every count
     * is zero and it adds nothing to the totals.
     */
    public record Nurture(long treated, long holdout, long treatedChurned, long holdoutChurned, long treatedRenewed,
                          long holdoutRenewed, Double treatedChurnRate, Double holdoutChurnRate,
                          ChurnReduction churnReduction, Double customersSaved, BigDecimal treatedValue,
                          BigDecimal retainedValue, BigDecimal cost) {

        /** Whether any passive was put in an arm of nurture in the period. */
        public boolean decided() {
            return treated + holdout > 0;
        }
    }

    public record Totals(BigDecimal value, BigDecimal cost, Double roi, Interval roiCi95) {}

    /** What the report takes as given: the cost of one follow-up of each kind, and the confidence level. */
    public record Assumptions(BigDecimal recoveryCost, BigDecimal referralCost, BigDecimal nurtureCost, double confidence) {
        public Assumptions {
            Objects.requireNonNull(recoveryCost, "recoveryCost");
            Objects.requireNonNull(referralCost, "referralCost");
            Objects.requireNonNull(nurtureCost, "nurtureCost");
        }

        public Assumptions(BigDecimal recoveryCost, BigDecimal referralCost, BigDecimal nurtureCost) {
            this(recoveryCost, referralCost, nurtureCost, 0.95);
        }

        /** Where nurture is not in question; a nurture decision then counts at no cost. */
        public Assumptions(BigDecimal recoveryCost, BigDecimal referralCost) {
            this(recoveryCost, referralCost, BigDecimal.ZERO);
        }
    }

    /** The two experiments measured by churn, and how their warnings speak of them. */
    private enum Experiment {
        RECOVERY("No churn has been recorded for these cohorts yet: post churned outcomes before reading the churn figures.",
                "The holdout is too small to tell the follow-ups' effect on churn from chance: the 95%% interval of the "
                        + "churn reduction, [%.4f, %.4f], includes zero (%d treated, %d held out).%s",
                "No detractor was held out in this period, so the effect of recovery cannot be measured: keep a holdout (HOLDOUT_PERCENT).",
                "No detractor was contacted in this period, so there is nothing to measure against the holdout."),
        NURTURE("No churn has been recorded for the nurtured passives or their holdout yet: post churned outcomes before reading nurture's churn figures.",
                "The nurture holdout is too small to tell nurture's effect on churn from chance: the 95%% interval of "
                        + "nurture's churn reduction, [%.4f, %.4f], includes zero (%d treated, %d held out).%s",
                "No passive was held out in this period, so the effect of nurture cannot be measured: keep a holdout (HOLDOUT_PERCENT).",
                "No passive was nurtured in this period, so there is nothing to measure against the nurture holdout.");

        final String noChurn;
        final String tooSmall;
        final String noHoldout;
        final String noneTreated;

        Experiment(String noChurn, String tooSmall, String noHoldout, String noneTreated) {
            this.noChurn = noChurn;
            this.tooSmall = tooSmall;
            this.noHoldout = noHoldout;
            this.noneTreated = noneTreated;
        }
    }

    /** One experiment's churn per arm and what follows from it. */
    private record Churn(Double treatedRate, Double holdoutRate, ChurnReduction reduction, Double saved, BigDecimal retained) {}

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
        var nurture = nurture(counts, assumptions, warnings);
        var value = recovery.retainedValue().add(referral.value()).add(nurture.retainedValue());
        var cost = recovery.cost().add(referral.cost()).add(nurture.cost());
        Double roi = null;
        Interval roiInterval = null;
        if (cost.signum() > 0) {
            roi = value.subtract(cost).divide(cost, PRECISION).doubleValue();
            roiInterval = roiInterval(recovery, nurture, referral.value().doubleValue() - cost.doubleValue(), cost.doubleValue());
        } else if (recovery.treated() + referral.asked() + nurture.treated() > 0) {
            warnings.add("The follow-ups cost nothing under the assumptions given, so ROI is undefined.");
        }
        return new RoiReport(nps, recovery, referral, nurture, new Totals(money(value), money(cost), roi, roiInterval),
                assumptions, counts.count(Counter.OUTCOMES_UNATTRIBUTED), List.copyOf(warnings));
    }

    /**
     * ROI's interval from the churn reductions' intervals, referral value taken as fixed. With one
     * experiment measured it is that one's interval scaled; with both, their distances from the
     * estimate are combined in quadrature (Zou and Donner's MOVER, as Newcombe's interval itself does).
     */
    private static Interval roiInterval(Recovery recovery, Nurture nurture, double other, double cost) {
        var recoveryCi = recovery.churnReduction().ci95();
        var nurtureCi = nurture.churnReduction().ci95();
        if (recoveryCi == null && nurtureCi == null) {
            return null;
        }
        if (nurtureCi == null || recoveryCi == null) {
            var ci = recoveryCi != null ? recoveryCi : nurtureCi;
            double treatedValue = (recoveryCi != null ? recovery.treatedValue() : nurture.treatedValue()).doubleValue();
            return new Interval((treatedValue * ci.lower() + other) / cost, (treatedValue * ci.upper() + other) / cost);
        }
        double recoveryValue = recovery.treatedValue().doubleValue();
        double nurtureValue = nurture.treatedValue().doubleValue();
        double recoveryReduction = recovery.churnReduction().absolute();
        double nurtureReduction = nurture.churnReduction().absolute();
        double estimate = recoveryValue * recoveryReduction + nurtureValue * nurtureReduction + other;
        double below = Math.hypot(recoveryValue * (recoveryReduction - recoveryCi.lower()), nurtureValue * (nurtureReduction - nurtureCi.lower()));
        double above = Math.hypot(recoveryValue * (recoveryCi.upper() - recoveryReduction), nurtureValue * (nurtureCi.upper() - nurtureReduction));
        return new Interval((estimate - below) / cost, (estimate + above) / cost);
    }

    private static Recovery recovery(Tally counts, Assumptions assumptions, List<String> warnings) {
        long treated = counts.count(Counter.RECOVERY_TREATED);
        long holdout = counts.count(Counter.RECOVERY_HOLDOUT);
        long treatedChurned = counts.count(Counter.RECOVERY_TREATED_CHURNED);
        long holdoutChurned = counts.count(Counter.RECOVERY_HOLDOUT_CHURNED);
        var treatedValue = counts.get(Counter.RECOVERY_TREATED_VALUE);
        var concessions = counts.get(Counter.RECOVERY_TREATED_CONCESSIONS).add(counts.get(Counter.RECOVERY_HOLDOUT_CONCESSIONS));
        var cost = assumptions.recoveryCost().multiply(BigDecimal.valueOf(treated)).add(concessions);
        var churn = churn(Experiment.RECOVERY, treated, holdout, treatedChurned, holdoutChurned, treatedValue, warnings);
        return new Recovery(treated, holdout, treatedChurned, holdoutChurned,
                counts.count(Counter.RECOVERY_TREATED_RENEWED), counts.count(Counter.RECOVERY_HOLDOUT_RENEWED),
                churn.treatedRate(), churn.holdoutRate(), churn.reduction(), churn.saved(), money(treatedValue),
                money(churn.retained()), money(concessions), money(cost));
    }

    /** Nurture is measured as recovery is, by churn per arm; it has no concessions. */
    private static Nurture nurture(Tally counts, Assumptions assumptions, List<String> warnings) {
        long treated = counts.count(Counter.NURTURE_TREATED);
        long holdout = counts.count(Counter.NURTURE_HOLDOUT);
        long treatedChurned = counts.count(Counter.NURTURE_TREATED_CHURNED);
        long holdoutChurned = counts.count(Counter.NURTURE_HOLDOUT_CHURNED);
        var treatedValue = counts.get(Counter.NURTURE_TREATED_VALUE);
        var cost = assumptions.nurtureCost().multiply(BigDecimal.valueOf(treated));
        var churn = churn(Experiment.NURTURE, treated, holdout, treatedChurned, holdoutChurned, treatedValue, warnings);
        return new Nurture(treated, holdout, treatedChurned, holdoutChurned,
                counts.count(Counter.NURTURE_TREATED_RENEWED), counts.count(Counter.NURTURE_HOLDOUT_RENEWED),
                churn.treatedRate(), churn.holdoutRate(), churn.reduction(), churn.saved(), money(treatedValue),
                money(churn.retained()), money(cost));
    }

    private static Churn churn(Experiment experiment, long treated, long holdout, long treatedChurned, long holdoutChurned,
                               BigDecimal treatedValue, List<String> warnings) {
        var treatedRate = rate(treatedChurned, treated);
        var holdoutRate = rate(holdoutChurned, holdout);
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
                warnings.add(experiment.noChurn);
            } else if (ci.contains(0)) {
                warnings.add(String.format(Locale.ROOT, experiment.tooSmall,
                        ci.lower(), ci.upper(), treated, holdout, neededPerArm(treatedRate, holdoutRate)));
            }
        } else if (treated + holdout > 0) {
            warnings.add(holdout == 0 ? experiment.noHoldout : experiment.noneTreated);
        }
        return new Churn(treatedRate == null ? null : treatedRate.doubleValue(), holdoutRate == null ? null : holdoutRate.doubleValue(),
                reduction, saved, retained);
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
