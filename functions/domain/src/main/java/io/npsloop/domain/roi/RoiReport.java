package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.Counter.Measure;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The return of the follow-ups over a set of unit cohorts, measured against the holdout. Each arm
 * counts every customer worth the follow-up's cost whose unit (account, or customer without one)
 * is in it, whatever was then done; intervals treat the unit, not the customer, as what was
 * randomized. Rates and shares are fractions (0.1 is 10%); a figure that cannot be computed (no
 * one in an arm, no cost) is null, and {@link #warnings()} says why. docs/METHOD.md explains every figure.
 *
 * @param countedBeforeCohorts decisions in the period's days that were counted by the earlier rule
 *     (per decision, joined detractors left out of both arms): not in these figures, and said so
 */
public record RoiReport(Nps nps, Recovery recovery, Referral referral, Nurture nurture, Totals totals,
                        Assumptions assumptions, long unattributedOutcomes, long countedBeforeCohorts, List<String> warnings) {

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
     * @param ci95 95% interval of {@code absolute}: Newcombe's hybrid score interval on each arm's
     *     counts divided by its design effect
     * @param relativeCi95 {@code ci95} divided by the holdout churn rate, taken as fixed
     * @param designEffects how much more each arm's churn rate varies than if its customers were
     *     independent (1 when every unit has one customer); null without churn to measure
     * @param cs95 the anytime-valid 95% interval of {@code absolute} ({@link ConfidenceSequence#CS95}):
     *     the one to read when the report is read as data arrives, and the one the warnings judge by
     * @param relativeCs95 {@code cs95} divided by the holdout churn rate, taken as fixed
     */
    public record ChurnReduction(Double absolute, Double relative, Interval ci95, Interval relativeCi95,
                                 Interval.DesignEffects designEffects, Interval cs95, Interval relativeCs95) {}

    /**
     * @param treated customers counted in the treated arm; {@code treatedUnits} the units they are in
     * @param contacted recoveries a person was asked to do in the period, which is what costs
     */
    public record Recovery(long treated, long holdout, long treatedUnits, long holdoutUnits, long contacted,
                           long treatedChurned, long holdoutChurned, long treatedRenewed,
                           long holdoutRenewed, Double treatedChurnRate, Double holdoutChurnRate,
                           ChurnReduction churnReduction, Double customersSaved, BigDecimal treatedValue,
                           BigDecimal retainedValue, BigDecimal concessions, BigDecimal cost) {}

    /**
     * @param asked promoters counted in the asked arm; {@code askedUnits} the units they are in
     * @param contacted referral asks a person was asked to make in the period, which is what costs
     * @param value converted value among those asked, less what the same number of held-out
     *     promoters brought without being asked
     * @param valueCi95 95% interval of {@code value}, from the cluster-robust interval of the
     *     difference in converted value per promoter; null with fewer than two units in an arm
     * @param valueCs95 the anytime-valid 95% interval of {@code value}, from the same difference; null when
     *     {@code valueCi95} is
     */
    public record Referral(long asked, long holdout, long askedUnits, long holdoutUnits, long contacted, long leads,
                           long converted, BigDecimal convertedValue, long holdoutLeads, long holdoutConverted,
                           BigDecimal holdoutConvertedValue, BigDecimal value, Interval valueCi95, BigDecimal cost,
                           Interval valueCs95) {}

    /**
     * Passives nurtured against passives held out, measured as recovery is: by churn. Without any
     * nurture decision in the period (nurture off, or no passive rationed into an arm) every count
     * is zero and it adds nothing to the totals.
     */
    public record Nurture(long treated, long holdout, long treatedUnits, long holdoutUnits, long contacted,
                          long treatedChurned, long holdoutChurned, long treatedRenewed,
                          long holdoutRenewed, Double treatedChurnRate, Double holdoutChurnRate,
                          ChurnReduction churnReduction, Double customersSaved, BigDecimal treatedValue,
                          BigDecimal retainedValue, BigDecimal cost) {

        /** Whether any passive was put in an arm of nurture in the period. */
        public boolean decided() {
            return treated + holdout > 0;
        }
    }

    /**
     * @param roiCi95 ROI's fixed-sample 95% interval, from the parts' {@code ci95}
     * @param roiCs95 ROI's anytime-valid 95% interval, from the parts' {@code cs95}
     */
    public record Totals(BigDecimal value, BigDecimal cost, Double roi, Interval roiCi95, Interval roiCs95) {}

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
                "The holdout is too small to tell the follow-ups' effect on churn from chance yet: the anytime-valid 95%% "
                        + "interval of the churn reduction (cs95), [%.4f, %.4f], includes zero (%d treated, %d held out).%s",
                "No detractor was held out in this period, so the effect of recovery cannot be measured: keep a holdout (HOLDOUT_PERCENT).",
                "No detractor was contacted in this period, so there is nothing to measure against the holdout."),
        NURTURE("No churn has been recorded for the nurtured passives or their holdout yet: post churned outcomes before reading nurture's churn figures.",
                "The nurture holdout is too small to tell nurture's effect on churn from chance yet: the anytime-valid 95%% "
                        + "interval of nurture's churn reduction (cs95), [%.4f, %.4f], includes zero (%d treated, %d held out).%s",
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

    /** One arm of one action's experiment, summed over the period's unit cohorts. */
    private record ArmCounts(long units, long members, ArmSums churn, ArmSums convertedValue, BigDecimal memberValue,
                       long churned, long renewed, long leadCount, long conversions, BigDecimal converted, BigDecimal concessions) {

        static ArmCounts of(Tally counts, Action action, Arm arm) {
            long units = count(counts, action, arm, Measure.UNITS);
            long members = count(counts, action, arm, Measure.MEMBERS);
            double squared = value(counts, action, arm, Measure.MEMBERS_SQUARED);
            if (action == Action.REFERRAL) {
                return new ArmCounts(units, members, ArmSums.EMPTY,
                        sums(counts, action, arm, units, members, squared, Measure.COHORT_CONVERTED_VALUE,
                        Measure.COHORT_CONVERTED_VALUE_SQUARED, Measure.COHORT_CONVERTED_VALUE_BY_MEMBERS),
                        BigDecimal.ZERO, 0, 0, count(counts, action, arm, Measure.COHORT_LEADS),
                        count(counts, action, arm, Measure.COHORT_CONVERSIONS),
                        counts.get(Counter.of(action, arm, Measure.COHORT_CONVERTED_VALUE)), BigDecimal.ZERO);
            }
            return new ArmCounts(units, members,
                    sums(counts, action, arm, units, members, squared, Measure.CHURNED_MEMBERS, Measure.CHURNED_MEMBERS_SQUARED,
                            Measure.CHURNED_BY_MEMBERS),
                    ArmSums.EMPTY, counts.get(Counter.of(action, arm, Measure.MEMBER_VALUE)),
                    count(counts, action, arm, Measure.CHURNED_MEMBERS), count(counts, action, arm, Measure.RENEWED_MEMBERS), 0, 0,
                    BigDecimal.ZERO,
                    action == Action.RECOVERY ? counts.get(Counter.of(action, arm, Measure.COHORT_CONCESSIONS)) : BigDecimal.ZERO);
        }

        private static ArmSums sums(Tally counts, Action action, Arm arm, long units, long members,
                                    double squared, Measure events, Measure eventsSquared, Measure byMembers) {
            return new ArmSums(units, members, value(counts, action, arm, events), squared, value(counts, action, arm, eventsSquared),
                    value(counts, action, arm, byMembers));
        }

        private static long count(Tally counts, Action action, Arm arm, Measure measure) {
            return counts.count(Counter.of(action, arm, measure));
        }

        private static double value(Tally counts, Action action, Arm arm, Measure measure) {
            return counts.get(Counter.of(action, arm, measure)).doubleValue();
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
        long before = countedBeforeCohorts(counts);
        if (before > 0) {
            warnings.add("Some days of this period were counted before unit cohorts (" + before + " decisions, each customer "
                    + "on their own and detractors who joined an account's case left out): they are not in the recovery, "
                    + "referral and nurture figures, which would otherwise mix two rules. See docs/METHOD.md.");
        }
        var recovery = recovery(counts, assumptions, warnings);
        var referral = referral(counts, assumptions);
        var nurture = nurture(counts, assumptions, warnings);
        var value = recovery.retainedValue().add(referral.value()).add(nurture.retainedValue());
        var cost = recovery.cost().add(referral.cost()).add(nurture.cost());
        Double roi = null;
        Interval roiInterval = null;
        Interval roiSequence = null;
        if (cost.signum() > 0) {
            roi = value.subtract(cost).divide(cost, PRECISION).doubleValue();
            roiInterval = roiInterval(recovery, nurture, referral, cost.doubleValue(), ChurnReduction::ci95, referral.valueCi95());
            roiSequence = roiInterval(recovery, nurture, referral, cost.doubleValue(), ChurnReduction::cs95, referral.valueCs95());
        } else if (recovery.contacted() + referral.contacted() + nurture.contacted() > 0) {
            warnings.add("The follow-ups cost nothing under the assumptions given, so ROI is undefined.");
        }
        return new RoiReport(nps, recovery, referral, nurture, new Totals(money(value), money(cost), roi, roiInterval, roiSequence),
                assumptions, counts.count(Counter.OUTCOMES_UNATTRIBUTED), before, List.copyOf(warnings));
    }

    /**
     * Fewer units than this in either arm of a segment and its figures say nothing: the
     * cluster-robust variance and the design effect are then estimated from too few units to hold
     * their 95% (docs/METHOD.md).
     */
    public static final int MIN_SEGMENT_UNITS = 30;

    /**
     * One segment's figures of one action, computed from the segment's counters as the whole
     * action's are from all of them.
     *
     * @param figures the action's figures in the segment: {@link Recovery}, {@link Referral} or {@link Nurture}
     * @param returns the action's value, cost and ROI in the segment, ROI's interval from the action's own
     * @param tooSmall why the segment is too small to say anything, or null
     */
    public record SegmentFigures<T>(Segment segment, T figures, Totals returns, String tooSmall) {}

    /** Each action's segments that had anyone in an arm, by dimension, then value. */
    public record Segments(List<SegmentFigures<Recovery>> recovery, List<SegmentFigures<Referral>> referral,
                           List<SegmentFigures<Nurture>> nurture) {
        public static final Segments NONE = new Segments(List.of(), List.of(), List.of());
    }

    /**
     * The figures per segment from each segment's summed counters. A segment's cost counts its
     * treated cohorts' contacted members (each once), since contacts are counted per response and
     * a response is in no segment.
     */
    public static Segments segments(Map<Segment, Tally> counts, Assumptions assumptions) {
        var recovery = new ArrayList<SegmentFigures<Recovery>>();
        var referral = new ArrayList<SegmentFigures<Referral>>();
        var nurture = new ArrayList<SegmentFigures<Nurture>>();
        var ordered = new ArrayList<>(counts.keySet());
        ordered.sort(Comparator.comparing(Segment::dimension).thenComparing(Segment::value));
        for (var segment : ordered) {
            if (!segment.dimension().coversEveryCohort()) {
                // Treated cohorts alone: the variants are compared with the whole holdout by variants(),
                // the contact delays are not compared with it at all (timeToContact()).
                continue;
            }
            var tally = withContacts(counts.get(segment));
            // The whole report's warnings are about the whole; a segment's is the too-small rule alone.
            var ignored = new ArrayList<String>();
            var r = recovery(tally, assumptions, ignored);
            if (r.treated() + r.holdout() > 0) {
                recovery.add(new SegmentFigures<>(segment, r, returns(r.retainedValue(), r.cost(),
                        churnParts(r.churnReduction(), ChurnReduction::ci95, r.treatedValue()),
                        churnParts(r.churnReduction(), ChurnReduction::cs95, r.treatedValue())),
                        tooSmall(r.treatedUnits(), r.holdoutUnits())));
            }
            var f = referral(tally, assumptions);
            if (f.asked() + f.holdout() > 0) {
                referral.add(new SegmentFigures<>(segment, f, returns(f.value(), f.cost(), valueParts(f.value(), f.valueCi95()),
                        valueParts(f.value(), f.valueCs95())), tooSmall(f.askedUnits(), f.holdoutUnits())));
            }
            var n = nurture(tally, assumptions, ignored);
            if (n.decided()) {
                nurture.add(new SegmentFigures<>(segment, n, returns(n.retainedValue(), n.cost(),
                        churnParts(n.churnReduction(), ChurnReduction::ci95, n.treatedValue()),
                        churnParts(n.churnReduction(), ChurnReduction::cs95, n.treatedValue())),
                        tooSmall(n.treatedUnits(), n.holdoutUnits())));
            }
        }
        return new Segments(List.copyOf(recovery), List.copyOf(referral), List.copyOf(nurture));
    }

    /** A part's contacts as its treated cohorts' contacted members, since contacts are counted per response. */
    private static Tally withContacts(Tally tally) {
        for (var action : Action.values()) {
            tally = tally.with(Counter.contacts(action), tally.get(Counter.of(action, Arm.TREATMENT, Measure.CONTACTED_MEMBERS)));
        }
        return tally;
    }

    /**
     * Two variants of one action compared: how much better {@code first} did than {@code second},
     * with the same intervals as against the holdout. For recovery, {@code second}'s churn rate
     * minus {@code first}'s; for referral, {@code first}'s converted value per promoter asked minus
     * {@code second}'s. Positive favours {@code first}.
     *
     * @param tooSmall why the pair is too small to say anything, or null
     */
    public record VariantComparison(String first, String second, Double difference, Interval ci95, Interval cs95, String tooSmall) {}

    /**
     * The variants of one action: each against the whole holdout, as a segment of the treated arm
     * is, and each pair against each other.
     */
    public record ActionVariants<T>(List<SegmentFigures<T>> variants, List<VariantComparison> comparisons) {
        public static final ActionVariants<?> NONE = new ActionVariants<>(List.of(), List.of());

        public boolean any() {
            return !variants.isEmpty();
        }
    }

    /** Recovery's and referral's variants; an action without variants has none. */
    public record Variants(ActionVariants<Recovery> recovery, ActionVariants<Referral> referral) {}

    /**
     * The variants' figures from their segments' counters (treated cohorts only) and the holdout's
     * from the whole period's {@code counts}: the holdout is every variant's comparison, drawn by
     * the same hash of the same units. A variant's cost is its cohorts' contacted members and
     * concessions.
     */
    public static Variants variants(Map<Segment, Tally> segments, Tally counts, Assumptions assumptions) {
        var names = new ArrayList<String>();
        segments.keySet().stream().filter(s -> s.dimension() == Segment.Dimension.VARIANT).map(Segment::value).sorted().forEach(names::add);
        var recovery = new ArrayList<SegmentFigures<Recovery>>();
        var referral = new ArrayList<SegmentFigures<Referral>>();
        var recoveryArms = new ArrayList<ArmCounts>();
        var referralArms = new ArrayList<ArmCounts>();
        for (var name : names) {
            var segment = new Segment(Segment.Dimension.VARIANT, name);
            var treated = segments.get(segment);
            if (count(treated, Action.RECOVERY, Measure.UNITS) > 0) {
                var r = recovery(withContacts(treatedOnly(treated, Action.RECOVERY)).plus(holdoutOf(counts, Action.RECOVERY)), assumptions,
                        new ArrayList<>());
                recovery.add(new SegmentFigures<>(segment, r, returns(r.retainedValue(), r.cost(),
                        churnParts(r.churnReduction(), ChurnReduction::ci95, r.treatedValue()),
                        churnParts(r.churnReduction(), ChurnReduction::cs95, r.treatedValue())),
                        tooSmall(r.treatedUnits(), r.holdoutUnits())));
                recoveryArms.add(ArmCounts.of(treated, Action.RECOVERY, Arm.TREATMENT));
            }
            if (count(treated, Action.REFERRAL, Measure.UNITS) > 0) {
                var f = referral(withContacts(treatedOnly(treated, Action.REFERRAL)).plus(holdoutOf(counts, Action.REFERRAL)), assumptions);
                referral.add(new SegmentFigures<>(segment, f, returns(f.value(), f.cost(), valueParts(f.value(), f.valueCi95()),
                        valueParts(f.value(), f.valueCs95())), tooSmall(f.askedUnits(), f.holdoutUnits())));
                referralArms.add(ArmCounts.of(treated, Action.REFERRAL, Arm.TREATMENT));
            }
        }
        return new Variants(new ActionVariants<>(List.copyOf(recovery), comparisons(recovery, recoveryArms, Action.RECOVERY)),
                new ActionVariants<>(List.copyOf(referral), comparisons(referral, referralArms, Action.REFERRAL)));
    }

    private static <T> List<VariantComparison> comparisons(List<SegmentFigures<T>> variants, List<ArmCounts> arms, Action action) {
        var comparisons = new ArrayList<VariantComparison>();
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                comparisons.add(compare(variants.get(i).segment().value(), arms.get(i), variants.get(j).segment().value(), arms.get(j), action));
            }
        }
        return List.copyOf(comparisons);
    }

    /** {@code first} against {@code second}, each a variant's treated cohorts; see {@link VariantComparison}. */
    static VariantComparison compare(String first, ArmCounts a, String second, ArmCounts b, Action action) {
        var small = a.units() >= MIN_SEGMENT_UNITS && b.units() >= MIN_SEGMENT_UNITS ? null
                : "Too small to say anything: fewer than " + MIN_SEGMENT_UNITS + " units (accounts, or customers without one) in a variant ("
                        + a.units() + " " + first + ", " + b.units() + " " + second + ").";
        if (a.members() == 0 || b.members() == 0) {
            return new VariantComparison(first, second, null, null, null, small);
        }
        if (action == Action.REFERRAL) {
            var ci = Interval.ratioDifference(a.convertedValue(), b.convertedValue(), Interval.Z95).orElse(null);
            var cs = ConfidenceSequence.CS95.ratioDifference(a.convertedValue(), b.convertedValue()).orElse(null);
            return new VariantComparison(first, second, a.convertedValue().rate() - b.convertedValue().rate(), ci, cs, small);
        }
        var difference = rate(b.churned(), b.members()).subtract(rate(a.churned(), a.members())).doubleValue();
        var deff = Interval.DesignEffects.of(b.churn(), a.churn());
        return new VariantComparison(first, second, difference, Interval.clusteredNewcombeDifference(b.churn(), a.churn(), deff, Interval.Z95),
                ConfidenceSequence.CS95.clusteredNewcombeDifference(b.churn(), a.churn(), deff), small);
    }

    private static long count(Tally counts, Action action, Measure measure) {
        return counts.count(Counter.of(action, Arm.TREATMENT, measure));
    }

    private static Tally treatedOnly(Tally counts, Action action) {
        var kept = new java.util.EnumMap<Counter, BigDecimal>(Counter.class);
        for (var measure : Measure.values()) {
            if (isCounter(action, Arm.TREATMENT, measure)) {
                kept.put(Counter.of(action, Arm.TREATMENT, measure), counts.get(Counter.of(action, Arm.TREATMENT, measure)));
            }
        }
        return Tally.of(kept);
    }

    /** The holdout's cohorts, less concessions: those are the treated arm's cost, and no variant's. */
    private static Tally holdoutOf(Tally counts, Action action) {
        var kept = new java.util.EnumMap<Counter, BigDecimal>(Counter.class);
        for (var measure : Measure.values()) {
            if (measure != Measure.COHORT_CONCESSIONS && isCounter(action, Arm.HOLDOUT, measure)) {
                kept.put(Counter.of(action, Arm.HOLDOUT, measure), counts.get(Counter.of(action, Arm.HOLDOUT, measure)));
            }
        }
        return Tally.of(kept);
    }

    private static boolean isCounter(Action action, Arm arm, Measure measure) {
        try {
            return Counter.of(action, arm, measure).cohortMeasure();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Churn of the treated recovery customers whose case first recorded contact within one
     * {@link ContactDelay}, or never: observational, not a randomized comparison.
     *
     * @param wilson95 Wilson's 95% interval of {@code churnRate} on the counts divided by the
     *     bucket's design effect (customers of one account move together); null without customers
     */
    public record ContactBucket(ContactDelay delay, long units, long members, long churned, Double churnRate, Interval wilson95) {}

    /** Every bucket in order, empty ones included, from the contact-delay segments' counters. */
    public static List<ContactBucket> timeToContact(Map<Segment, Tally> segments) {
        var buckets = new ArrayList<ContactBucket>();
        for (var delay : ContactDelay.values()) {
            var tally = segments.getOrDefault(new Segment(Segment.Dimension.CONTACT, delay.wireName()), Tally.EMPTY);
            var arm = ArmCounts.of(tally, Action.RECOVERY, Arm.TREATMENT);
            Double rate = null;
            Interval interval = null;
            if (arm.members() > 0) {
                rate = (double) arm.churned() / arm.members();
                var churn = arm.churn();
                double p = churn.rate();
                double binomial = churn.members() * p * (1 - p);
                double deff = binomial > 0 ? Math.max(1, churn.squaredResiduals(p) / binomial) : 1;
                interval = Interval.wilson(churn.events() / deff, churn.members() / deff, Interval.Z95);
            }
            buckets.add(new ContactBucket(delay, arm.units(), arm.members(), arm.churned(), rate, interval));
        }
        return List.copyOf(buckets);
    }

    /** One action's return: ROI and its fixed and anytime-valid intervals, each from the action's one part, as the totals' are. */
    private static Totals returns(BigDecimal value, BigDecimal cost, List<double[]> fixedParts, List<double[]> sequenceParts) {
        if (cost.signum() <= 0) {
            return new Totals(money(value), money(cost), null, null, null);
        }
        double c = cost.doubleValue();
        return new Totals(money(value), money(cost), value.subtract(cost).divide(cost, PRECISION).doubleValue(),
                combined(fixedParts, 0, c), combined(sequenceParts, 0, c));
    }

    private static List<double[]> churnParts(ChurnReduction reduction, Function<ChurnReduction, Interval> churnInterval, BigDecimal treatedValue) {
        var parts = new ArrayList<double[]>();
        churnPart(reduction, churnInterval, treatedValue, parts);
        return parts;
    }

    private static List<double[]> valueParts(BigDecimal value, Interval interval) {
        return interval == null ? List.of() : List.<double[]>of(new double[] {value.doubleValue(), interval.lower(), interval.upper()});
    }

    private static String tooSmall(long treatedUnits, long holdoutUnits) {
        if (treatedUnits >= MIN_SEGMENT_UNITS && holdoutUnits >= MIN_SEGMENT_UNITS) {
            return null;
        }
        return "Too small to say anything: fewer than " + MIN_SEGMENT_UNITS + " units (accounts, or customers without one) in an arm ("
                + treatedUnits + " treated, " + holdoutUnits + " held out).";
    }

    /** Decisions among {@code counts} that the earlier rule counted, each customer on their own. */
    public static long countedBeforeCohorts(Tally counts) {
        return EARLIER_RULE_DECISIONS.stream().mapToLong(counts::count).sum();
    }

    /** The arms' sizes as the earlier rule counted them, one per decision. */
    private static final List<Counter> EARLIER_RULE_DECISIONS = List.of(Counter.RECOVERY_TREATED, Counter.RECOVERY_HOLDOUT,
            Counter.REFERRAL_ASKED, Counter.REFERRAL_HOLDOUT, Counter.NURTURE_TREATED, Counter.NURTURE_HOLDOUT);

    /**
     * ROI's interval from the intervals of each measured experiment's value: recovery's and
     * nurture's churn reductions times their treated value, and referral's value. With one measured
     * it is that one's interval; with more, their distances from the estimate are combined in
     * quadrature (Zou and Donner's MOVER, as Newcombe's interval itself does). What has no interval
     * counts at its estimate. The same for the fixed intervals and for the anytime-valid ones:
     * {@code churnInterval} and {@code referralInterval} say which.
     */
    private static Interval roiInterval(Recovery recovery, Nurture nurture, Referral referral, double cost,
                                        Function<ChurnReduction, Interval> churnInterval, Interval referralInterval) {
        var parts = new ArrayList<double[]>();
        churnPart(recovery.churnReduction(), churnInterval, recovery.treatedValue(), parts);
        churnPart(nurture.churnReduction(), churnInterval, nurture.treatedValue(), parts);
        double fixed = 0;
        if (referralInterval != null) {
            parts.add(new double[] {referral.value().doubleValue(), referralInterval.lower(), referralInterval.upper()});
        } else {
            fixed += referral.value().doubleValue();
        }
        if (churnInterval.apply(recovery.churnReduction()) == null && churnInterval.apply(nurture.churnReduction()) == null) {
            return null;
        }
        return combined(parts, fixed, cost);
    }

    /** ROI's interval from parts (estimate, lower, upper) combined in quadrature, plus what counts at its estimate; null without parts. */
    private static Interval combined(List<double[]> parts, double fixed, double cost) {
        if (parts.isEmpty()) {
            return null;
        }
        double estimate = fixed;
        double below = 0;
        double above = 0;
        for (var part : parts) {
            estimate += part[0];
            below += square(part[0] - part[1]);
            above += square(part[2] - part[0]);
        }
        return new Interval((estimate - Math.sqrt(below) - cost) / cost, (estimate + Math.sqrt(above) - cost) / cost);
    }

    private static void churnPart(ChurnReduction reduction, Function<ChurnReduction, Interval> churnInterval,
                                  BigDecimal treatedValue, List<double[]> parts) {
        var interval = churnInterval.apply(reduction);
        if (interval != null) {
            double value = treatedValue.doubleValue();
            parts.add(new double[] {value * reduction.absolute(), value * interval.lower(), value * interval.upper()});
        }
    }

    private static double square(double x) {
        return x * x;
    }

    private static Recovery recovery(Tally counts, Assumptions assumptions, List<String> warnings) {
        var treated = ArmCounts.of(counts, Action.RECOVERY, Arm.TREATMENT);
        var holdout = ArmCounts.of(counts, Action.RECOVERY, Arm.HOLDOUT);
        long contacted = counts.count(Counter.RECOVERY_CONTACTS);
        var concessions = treated.concessions().add(holdout.concessions());
        var cost = assumptions.recoveryCost().multiply(BigDecimal.valueOf(contacted)).add(concessions);
        var churn = churn(Experiment.RECOVERY, treated, holdout, warnings);
        return new Recovery(treated.members(), holdout.members(), treated.units(), holdout.units(), contacted,
                treated.churned(), holdout.churned(), treated.renewed(), holdout.renewed(),
                churn.treatedRate(), churn.holdoutRate(), churn.reduction(), churn.saved(), money(treated.memberValue()),
                money(churn.retained()), money(concessions), money(cost));
    }

    /** Nurture is measured as recovery is, by churn per arm; it has no concessions. */
    private static Nurture nurture(Tally counts, Assumptions assumptions, List<String> warnings) {
        var treated = ArmCounts.of(counts, Action.NURTURE, Arm.TREATMENT);
        var holdout = ArmCounts.of(counts, Action.NURTURE, Arm.HOLDOUT);
        long contacted = counts.count(Counter.NURTURE_CONTACTS);
        var cost = assumptions.nurtureCost().multiply(BigDecimal.valueOf(contacted));
        var churn = churn(Experiment.NURTURE, treated, holdout, warnings);
        return new Nurture(treated.members(), holdout.members(), treated.units(), holdout.units(), contacted,
                treated.churned(), holdout.churned(), treated.renewed(), holdout.renewed(),
                churn.treatedRate(), churn.holdoutRate(), churn.reduction(), churn.saved(), money(treated.memberValue()),
                money(churn.retained()), money(cost));
    }

    private static Churn churn(Experiment experiment, ArmCounts treatedArm, ArmCounts holdoutArm, List<String> warnings) {
        long treated = treatedArm.members();
        long holdout = holdoutArm.members();
        var treatedRate = rate(treatedArm.churned(), treated);
        var holdoutRate = rate(holdoutArm.churned(), holdout);
        ChurnReduction reduction = new ChurnReduction(null, null, null, null, null, null, null);
        Double saved = null;
        var retained = BigDecimal.ZERO;
        if (treated > 0 && holdout > 0) {
            var absolute = holdoutRate.subtract(treatedRate);
            Double relative = holdoutRate.signum() == 0 ? null : absolute.divide(holdoutRate, PRECISION).doubleValue();
            var deff = Interval.DesignEffects.of(holdoutArm.churn(), treatedArm.churn());
            var ci = Interval.clusteredNewcombeDifference(holdoutArm.churn(), treatedArm.churn(), deff, Interval.Z95);
            var cs = ConfidenceSequence.CS95.clusteredNewcombeDifference(holdoutArm.churn(), treatedArm.churn(), deff);
            // Reported as treated, holdout: the order every other figure of the report uses.
            reduction = new ChurnReduction(absolute.doubleValue(), relative, ci, relativeTo(ci, holdoutRate),
                    new Interval.DesignEffects(deff.second(), deff.first()), cs, relativeTo(cs, holdoutRate));
            saved = absolute.multiply(BigDecimal.valueOf(treated)).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
            retained = treatedArm.memberValue().multiply(absolute, PRECISION);
            if (treatedArm.churned() + holdoutArm.churned() == 0) {
                warnings.add(experiment.noChurn);
            } else if (cs.contains(0)) {
                // Judged by the sequence: a report read daily would otherwise call chance an effect far more than 5% of the time.
                warnings.add(String.format(Locale.ROOT, experiment.tooSmall,
                        cs.lower(), cs.upper(), treated, holdout, neededPerArm(treatedRate, holdoutRate, deff)));
            }
        } else if (treated + holdout > 0) {
            warnings.add(holdout == 0 ? experiment.noHoldout : experiment.noneTreated);
        }
        return new Churn(treatedRate == null ? null : treatedRate.doubleValue(), holdoutRate == null ? null : holdoutRate.doubleValue(),
                reduction, saved, retained);
    }

    /** An interval of the absolute reduction as a share of the holdout's churn rate, taken as fixed; null at 0. */
    private static Interval relativeTo(Interval absolute, BigDecimal holdoutRate) {
        return holdoutRate.signum() == 0 ? null
                : new Interval(absolute.lower() / holdoutRate.doubleValue(), absolute.upper() / holdoutRate.doubleValue());
    }

    /**
     * How many per arm a two-sided 5% test with 80% power needs to detect the observed difference,
     * inflated by the larger design effect: customers of one account tell less than independent ones.
     */
    private static String neededPerArm(BigDecimal treatedRate, BigDecimal holdoutRate, Interval.DesignEffects deff) {
        double p1 = treatedRate.doubleValue();
        double p0 = holdoutRate.doubleValue();
        double difference = p0 - p1;
        if (difference <= 0) {
            return " The treated churned no less than the holdout.";
        }
        double z = Interval.Z95 + Z_POWER_80;
        long perArm = (long) Math.ceil(Math.max(deff.first(), deff.second()) * z * z * (p0 * (1 - p0) + p1 * (1 - p1))
                / (difference * difference));
        return " To detect a difference this size reliably (80% power), each arm needs about " + perArm + " customers.";
    }

    private static Referral referral(Tally counts, Assumptions assumptions) {
        var asked = ArmCounts.of(counts, Action.REFERRAL, Arm.TREATMENT);
        var holdout = ArmCounts.of(counts, Action.REFERRAL, Arm.HOLDOUT);
        long contacted = counts.count(Counter.REFERRAL_CONTACTS);
        var value = asked.converted();
        Interval valueCi = null;
        Interval valueCs = null;
        if (holdout.members() > 0 && asked.members() > 0) {
            var baseline = holdout.converted().multiply(BigDecimal.valueOf(asked.members()))
                    .divide(BigDecimal.valueOf(holdout.members()), PRECISION);
            value = asked.converted().subtract(baseline);
            double scale = asked.members();
            valueCi = Interval.ratioDifference(asked.convertedValue(), holdout.convertedValue(), Interval.Z95)
                    .map(ci -> new Interval(ci.lower() * scale, ci.upper() * scale)).orElse(null);
            valueCs = ConfidenceSequence.CS95.ratioDifference(asked.convertedValue(), holdout.convertedValue())
                    .map(cs -> new Interval(cs.lower() * scale, cs.upper() * scale)).orElse(null);
        }
        return new Referral(asked.members(), holdout.members(), asked.units(), holdout.units(), contacted, asked.leadCount(),
                asked.conversions(), money(asked.converted()), holdout.leadCount(), holdout.conversions(),
                money(holdout.converted()), money(value), valueCi,
                money(assumptions.referralCost().multiply(BigDecimal.valueOf(contacted))), valueCs);
    }

    private static BigDecimal rate(long events, long trials) {
        return trials == 0 ? null : BigDecimal.valueOf(events).divide(BigDecimal.valueOf(trials), PRECISION);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }
}
