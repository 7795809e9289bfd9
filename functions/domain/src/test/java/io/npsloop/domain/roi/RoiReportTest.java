package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoiReportTest {

    private static final RoiReport.Assumptions COSTS = new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10"));
    private static final RoiReport.Assumptions NURTURE_COSTS =
            new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10"), new BigDecimal("5"));

    @Test
    void theStudyGivesTenPercentLessChurnAndSeventyPercentRoi() {
        // 10,000 contacted and 10,000 held out; 20% of the held out leave, 18% of the contacted.
        var counts = tally(Map.of(Counter.RESPONSES, 20_000, Counter.DETRACTORS, 20_000, Counter.RECOVERY_CONTACTS, 10_000))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10_000, 1_800, 17_000_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10_000, 2_000, 17_000_000, 0));

        var report = RoiReport.of(counts, COSTS);

        var recovery = report.recovery();
        assertThat(recovery.treatedChurnRate()).isEqualTo(0.18);
        assertThat(recovery.holdoutChurnRate()).isEqualTo(0.2);
        assertThat(recovery.churnReduction().absolute()).isEqualTo(0.02);
        assertThat(recovery.churnReduction().relative()).isEqualTo(0.1);
        assertThat(recovery.customersSaved()).isEqualTo(200.0);
        assertThat(recovery.retainedValue()).isEqualByComparingTo("340000");
        assertThat(recovery.cost()).isEqualByComparingTo("200000");
        assertThat(report.totals().roi()).isEqualTo(0.7);
        var ci = recovery.churnReduction().ci95();
        assertThat(ci.lower()).isCloseTo(0.0091, within(0.0005));
        assertThat(ci.upper()).isCloseTo(0.0309, within(0.0005));
        assertThat(report.totals().roiCi95().lower()).isCloseTo((17_000_000 * ci.lower() - 200_000) / 200_000, within(1e-9));
        assertThat(report.totals().roiCi95().contains(0.7)).isTrue();
        // Read every day, the effect is still clear of zero: the anytime-valid interval holds the fixed one.
        var cs = recovery.churnReduction().cs95();
        assertThat(cs.lower()).isCloseTo(0.0026, within(0.0005)).isLessThan(ci.lower());
        assertThat(cs.upper()).isCloseTo(0.0374, within(0.0005)).isGreaterThan(ci.upper());
        assertThat(recovery.churnReduction().relativeCs95().lower()).isCloseTo(cs.lower() / 0.2, within(1e-12));
        assertThat(report.totals().roiCs95().lower()).isCloseTo((17_000_000 * cs.lower() - 200_000) / 200_000, within(1e-9));
        assertThat(report.totals().roiCs95().upper()).isCloseTo((17_000_000 * cs.upper() - 200_000) / 200_000, within(1e-9));
        assertThat(report.nps().score()).isEqualTo(-100.0);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void anEmptyPeriodHasNoFiguresAndSaysSo() {
        var report = RoiReport.of(Tally.EMPTY, COSTS);

        assertThat(report.nps().score()).isNull();
        assertThat(report.nps().responses()).isZero();
        assertThat(report.recovery().treatedChurnRate()).isNull();
        assertThat(report.recovery().churnReduction().ci95()).isNull();
        assertThat(report.recovery().retainedValue()).isEqualByComparingTo("0");
        assertThat(report.totals().cost()).isEqualByComparingTo("0");
        assertThat(report.totals().roi()).isNull();
        assertThat(report.warnings()).containsExactly("No responses in this period.");
    }

    @Test
    void withoutAHoldoutNothingIsClaimedAndTheReportSaysWhy() {
        var counts = tally(Map.of(Counter.RESPONSES, 100, Counter.DETRACTORS, 100, Counter.RECOVERY_CONTACTS, 100))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 100, 5, 100_000, 0));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().treatedChurnRate()).isEqualTo(0.05);
        assertThat(report.recovery().holdoutChurnRate()).isNull();
        assertThat(report.recovery().churnReduction().absolute()).isNull();
        assertThat(report.recovery().retainedValue()).isEqualByComparingTo("0");
        // The cost is real even when the return cannot be measured.
        assertThat(report.totals().cost()).isEqualByComparingTo("2000");
        assertThat(report.totals().roi()).isEqualTo(-1.0);
        assertThat(report.totals().roiCi95()).isNull();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("No detractor was held out"));
    }

    @Test
    void withoutChurnTheRatesAreZeroAndTheReportAsksForOutcomes() {
        var counts = tally(Map.of(Counter.RESPONSES, 200, Counter.DETRACTORS, 200, Counter.RECOVERY_CONTACTS, 100))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 100, 0, 50_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 100, 0, 0, 0));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().treatedChurnRate()).isZero();
        assertThat(report.recovery().holdoutChurnRate()).isZero();
        assertThat(report.recovery().churnReduction().absolute()).isZero();
        assertThat(report.recovery().churnReduction().relative()).isNull();
        assertThat(report.recovery().churnReduction().ci95().contains(0)).isTrue();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("No churn has been recorded"));
    }

    @Test
    void whenEveryoneLeavesTheFollowUpsSavedNobody() {
        var counts = tally(Map.of(Counter.RESPONSES, 80, Counter.DETRACTORS, 80, Counter.RECOVERY_CONTACTS, 50))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 50, 50, 10_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 30, 30, 0, 0));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().churnReduction().absolute()).isZero();
        assertThat(report.recovery().churnReduction().relative()).isZero();
        assertThat(report.recovery().customersSaved()).isZero();
        assertThat(report.totals().roi()).isEqualTo(-1.0);
        assertThat(report.recovery().churnReduction().ci95().contains(0)).isTrue();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("too small", "includes zero", "no less than"));
    }

    @Test
    void aSmallHoldoutIsFlaggedWithTheSizeThatWouldBeNeeded() {
        var counts = tally(Map.of(Counter.RESPONSES, 220, Counter.DETRACTORS, 220, Counter.RECOVERY_CONTACTS, 200))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 200, 36, 340_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 20, 4, 0, 0));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().churnReduction().relative()).isCloseTo(0.1, within(1e-12));
        // (1.96 + 0.84)² × (0.2 × 0.8 + 0.18 × 0.82) / 0.02² ≈ 6036 per arm.
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("too small", "20 held out", "each arm needs about 6036 customers"));
    }

    @Test
    void concessionsAndReferralsCountInValueAndCost() {
        var counts = tally(Map.of(Counter.RECOVERY_CONTACTS, 10, Counter.RECOVERY_TREATED_COHORT_CONCESSIONS, 150,
                Counter.REFERRAL_CONTACTS, 40))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10, 0, 0, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10, 0, 0, 0))
                // 40 promoters asked: 12 leads from 4 of them, 3 converted at 3,000 each; 20 held out, one converted at 1,000.
                .plus(promoters(Arm.TREATMENT, 36, 0, 0, 0)).plus(promoters(Arm.TREATMENT, 1, 3, 0, 0))
                .plus(promoters(Arm.TREATMENT, 3, 3, 1, 3_000))
                .plus(promoters(Arm.HOLDOUT, 19, 0, 0, 0)).plus(promoters(Arm.HOLDOUT, 1, 1, 1, 1_000));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().cost()).isEqualByComparingTo("350"); // 10 × 20 + 150
        assertThat(report.referral().cost()).isEqualByComparingTo("400"); // 40 × 10
        // 9,000 brought by those asked, less 40 × (1,000 / 20) the unasked would have brought anyway.
        assertThat(report.referral().value()).isEqualByComparingTo("7000");
        assertThat(report.totals().value()).isEqualByComparingTo("7000");
        assertThat(report.totals().cost()).isEqualByComparingTo("750");
        assertThat(report.totals().roi()).isCloseTo((7000 - 750) / 750.0, within(1e-12));
    }

    @Test
    void nurtureIsMeasuredByChurnAgainstItsHoldoutAsRecoveryIs() {
        // Newcombe's (1998) published example: 56 of 70 against 48 of 80, a difference of 0.2 in [0.0524, 0.3339].
        var counts = tally(Map.of(Counter.RESPONSES, 150, Counter.PASSIVES, 150, Counter.NURTURE_CONTACTS, 80))
                .plus(singles(Action.NURTURE, Arm.TREATMENT, 80, 48, 80_000, 30))
                .plus(singles(Action.NURTURE, Arm.HOLDOUT, 70, 56, 70_000, 0));

        var report = RoiReport.of(counts, NURTURE_COSTS);

        var nurture = report.nurture();
        assertThat(nurture.decided()).isTrue();
        assertThat(nurture.treated()).isEqualTo(80);
        assertThat(nurture.holdout()).isEqualTo(70);
        assertThat(nurture.treatedRenewed()).isEqualTo(30);
        assertThat(nurture.treatedChurnRate()).isEqualTo(0.6);
        assertThat(nurture.holdoutChurnRate()).isEqualTo(0.8);
        assertThat(nurture.churnReduction().absolute()).isCloseTo(0.2, within(1e-12));
        assertThat(nurture.churnReduction().relative()).isCloseTo(0.25, within(1e-12));
        var ci = nurture.churnReduction().ci95();
        assertThat(ci.lower()).isCloseTo(0.0524, within(0.00005));
        assertThat(ci.upper()).isCloseTo(0.3339, within(0.00005));
        assertThat(nurture.customersSaved()).isEqualTo(16.0);
        assertThat(nurture.treatedValue()).isEqualByComparingTo("80000");
        assertThat(nurture.retainedValue()).isEqualByComparingTo("16000");
        assertThat(nurture.cost()).isEqualByComparingTo("400"); // 80 × 5
        // Recovery is untouched by passives.
        assertThat(report.recovery().treated()).isZero();
        assertThat(report.recovery().cost()).isEqualByComparingTo("0");
        assertThat(report.totals().value()).isEqualByComparingTo("16000");
        assertThat(report.totals().cost()).isEqualByComparingTo("400");
        assertThat(report.totals().roi()).isEqualTo(39.0);
        assertThat(report.totals().roiCi95().lower()).isCloseTo((80_000 * ci.lower() - 400) / 400, within(1e-9));
        assertThat(report.totals().roiCi95().upper()).isCloseTo((80_000 * ci.upper() - 400) / 400, within(1e-9));
        // 150 customers are too few for a report read every day: the fixed interval excludes zero, the anytime-valid one
        // does not, and the warning judges by it.
        var cs = nurture.churnReduction().cs95();
        assertThat(ci.contains(0)).isFalse();
        assertThat(cs.contains(0)).isTrue();
        assertThat(cs).isEqualTo(Interval.newcombeDifference(56, 70, 48, 80, ConfidenceSequence.CS95.z(150)));
        assertThat(report.totals().roiCs95().lower()).isCloseTo((80_000 * cs.lower() - 400) / 400, within(1e-9));
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w)
                .startsWith("The nurture holdout is too small to tell nurture's effect on churn from chance yet")
                .contains(String.format(java.util.Locale.ROOT, "(cs95), [%.4f, %.4f], includes zero", cs.lower(), cs.upper())));
    }

    @Test
    void withNurtureOffTheReportIsTheSameAsBefore() {
        var study = tally(Map.of(Counter.RESPONSES, 20_000, Counter.DETRACTORS, 20_000, Counter.RECOVERY_CONTACTS, 10_000,
                Counter.REFERRAL_CONTACTS, 40))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10_000, 1_800, 17_000_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10_000, 2_000, 17_000_000, 0))
                .plus(promoters(Arm.TREATMENT, 39, 0, 0, 0)).plus(promoters(Arm.TREATMENT, 1, 1, 1, 9_000));

        var withoutNurtureCost = RoiReport.of(study, COSTS);
        var withNurtureCost = RoiReport.of(study, NURTURE_COSTS);

        assertThat(withNurtureCost.nurture().decided()).isFalse();
        assertThat(withNurtureCost.nurture().cost()).isEqualByComparingTo("0");
        assertThat(withNurtureCost.nurture().retainedValue()).isEqualByComparingTo("0");
        assertThat(withNurtureCost.nurture().churnReduction().ci95()).isNull();
        assertThat(withNurtureCost.totals()).isEqualTo(withoutNurtureCost.totals());
        assertThat(withNurtureCost.totals().value()).isEqualByComparingTo("349000"); // 340,000 + 9,000
        assertThat(withNurtureCost.totals().cost()).isEqualByComparingTo("200400"); // 200,000 + 40 × 10
        var ci = withNurtureCost.recovery().churnReduction().ci95();
        assertThat(withNurtureCost.totals().roiCi95().lower())
                .isEqualTo((17_000_000 * ci.lower() + 9_000.0 - 200_400.0) / 200_400.0);
        assertThat(withNurtureCost.warnings()).isEqualTo(withoutNurtureCost.warnings()).isEmpty();
    }

    @Test
    void withBothExperimentsTheTotalsAddThemAndTheirIntervalsCombine() {
        var recoveryOnly = tally(Map.of(Counter.RECOVERY_CONTACTS, 10_000))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10_000, 1_800, 17_000_000, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10_000, 2_000, 0, 0));
        var nurtureOnly = tally(Map.of(Counter.NURTURE_CONTACTS, 80))
                .plus(singles(Action.NURTURE, Arm.TREATMENT, 80, 48, 80_000, 0))
                .plus(singles(Action.NURTURE, Arm.HOLDOUT, 70, 56, 0, 0));

        var report = RoiReport.of(recoveryOnly.plus(nurtureOnly), NURTURE_COSTS);

        // Each experiment's figures are what they are alone.
        assertThat(report.recovery()).isEqualTo(RoiReport.of(recoveryOnly, NURTURE_COSTS).recovery());
        assertThat(report.nurture()).isEqualTo(RoiReport.of(nurtureOnly, NURTURE_COSTS).nurture());
        assertThat(report.totals().value()).isEqualByComparingTo("356000"); // 340,000 + 16,000
        assertThat(report.totals().cost()).isEqualByComparingTo("200400"); // 200,000 + 80 × 5
        assertThat(report.totals().roi()).isCloseTo((356_000 - 200_400) / 200_400.0, within(1e-12));
        var r = report.recovery().churnReduction().ci95();
        var n = report.nurture().churnReduction().ci95();
        double below = Math.sqrt(Math.pow(17_000_000 * (0.02 - r.lower()), 2) + Math.pow(80_000 * (0.2 - n.lower()), 2));
        double above = Math.sqrt(Math.pow(17_000_000 * (r.upper() - 0.02), 2) + Math.pow(80_000 * (n.upper() - 0.2), 2));
        assertThat(report.totals().roiCi95().lower()).isCloseTo((155_600 - below) / 200_400, within(1e-9));
        assertThat(report.totals().roiCi95().upper()).isCloseTo((155_600 + above) / 200_400, within(1e-9));
        // Narrower than adding the two intervals' ends, wider than recovery's alone.
        double addedLower = (17_000_000 * r.lower() + 80_000 * n.lower() - 200_400) / 200_400;
        assertThat(report.totals().roiCi95().lower()).isGreaterThan(addedLower)
                .isLessThan((17_000_000 * r.lower() + 16_000 - 200_400) / 200_400);
    }

    @Test
    void aSmallNurtureHoldoutOrNoneIsFlaggedAsNurtures() {
        var small = tally(Map.of(Counter.NURTURE_CONTACTS, 200))
                .plus(singles(Action.NURTURE, Arm.TREATMENT, 200, 36, 200_000, 0))
                .plus(singles(Action.NURTURE, Arm.HOLDOUT, 20, 4, 0, 0));
        var noHoldout = tally(Map.of(Counter.NURTURE_CONTACTS, 20)).plus(singles(Action.NURTURE, Arm.TREATMENT, 20, 0, 20_000, 0));

        assertThat(RoiReport.of(small, NURTURE_COSTS).warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("The nurture holdout is too small").contains("20 held out", "each arm needs about 6036 customers"));
        var unmeasured = RoiReport.of(noHoldout, NURTURE_COSTS);
        assertThat(unmeasured.warnings()).anySatisfy(w -> assertThat(w).startsWith("No passive was held out"));
        assertThat(unmeasured.nurture().retainedValue()).isEqualByComparingTo("0");
        // The cost is real even when the return cannot be measured.
        assertThat(unmeasured.totals().cost()).isEqualByComparingTo("100");
        assertThat(unmeasured.totals().roi()).isEqualTo(-1.0);
        assertThat(unmeasured.totals().roiCi95()).isNull();
    }

    @Test
    void accountsThatLeaveWholeGiveTheSameRatesAndAnIntervalWiderByTheirDesignEffect() {
        // 2,000 accounts of 5 contacts per arm; an account leaves with all its contacts: 18% against 20%.
        var inAccounts = tally(Map.of(Counter.RECOVERY_CONTACTS, 2_000))
                .plus(accounts(Arm.TREATMENT, 2_000, 5, 360)).plus(accounts(Arm.HOLDOUT, 2_000, 5, 400));
        var alone = tally(Map.of(Counter.RECOVERY_CONTACTS, 2_000))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10_000, 1_800, 0, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10_000, 2_000, 0, 0));

        var clustered = RoiReport.of(inAccounts, COSTS).recovery();
        var naive = RoiReport.of(alone, COSTS).recovery();

        assertThat(clustered.treated()).isEqualTo(10_000);
        assertThat(clustered.treatedUnits()).isEqualTo(2_000);
        assertThat(clustered.holdoutUnits()).isEqualTo(2_000);
        assertThat(clustered.churnReduction().absolute()).isEqualTo(naive.churnReduction().absolute());
        // Contacts that leave together tell what one account tells: the design effect is the account's size.
        assertThat(clustered.churnReduction().designEffects().first()).isCloseTo(5, within(1e-9));
        assertThat(clustered.churnReduction().designEffects().second()).isCloseTo(5, within(1e-9));
        assertThat(naive.churnReduction().designEffects().first()).isEqualTo(1);
        double widthRatio = width(clustered.churnReduction().ci95()) / width(naive.churnReduction().ci95());
        assertThat(widthRatio).isCloseTo(Math.sqrt(5), within(0.05));
        // The naive interval excludes zero; the honest one does not.
        assertThat(naive.churnReduction().ci95().contains(0)).isFalse();
        assertThat(clustered.churnReduction().ci95().contains(0)).isTrue();
    }

    @Test
    void daysCountedByTheEarlierRuleAreLeftOutAndNamed() {
        var counts = tally(Map.of(Counter.RECOVERY_TREATED, 40, Counter.RECOVERY_HOLDOUT, 10, Counter.RECOVERY_TREATED_CHURNED, 4,
                Counter.RECOVERY_CONTACTS, 100))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 100, 10, 0, 0))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 100, 12, 0, 0));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.countedBeforeCohorts()).isEqualTo(50);
        assertThat(report.recovery().treated()).isEqualTo(100);
        assertThat(report.recovery().treatedChurned()).isEqualTo(10);
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("counted before unit cohorts (50 decisions"));
    }

    @Test
    void referralValueHasAnIntervalFromThePromotersUnits() {
        var counts = tally(Map.of(Counter.REFERRAL_CONTACTS, 400))
                .plus(promoters(Arm.TREATMENT, 360, 0, 0, 0)).plus(promoters(Arm.TREATMENT, 40, 2, 1, 1_000))
                .plus(promoters(Arm.HOLDOUT, 950, 0, 0, 0)).plus(promoters(Arm.HOLDOUT, 50, 1, 1, 1_000));

        var referral = RoiReport.of(counts, COSTS).referral();

        // 40,000 brought by those asked, less 400 × (50,000 / 1,000).
        assertThat(referral.value()).isEqualByComparingTo("20000");
        assertThat(referral.askedUnits()).isEqualTo(400);
        assertThat(referral.valueCi95().contains(20_000)).isTrue();
        assertThat(referral.valueCi95().lower()).isGreaterThan(0);
        // The anytime-valid interval: the same difference per promoter with z at the 1,400 promoters' units, times 400.
        double z = ConfidenceSequence.CS95.z(1_400);
        double half = (referral.valueCi95().upper() - referral.valueCi95().lower()) / 2 * z / Interval.Z95;
        assertThat(referral.valueCs95().lower()).isCloseTo(20_000 - half, within(1e-6));
        assertThat(referral.valueCs95().upper()).isCloseTo(20_000 + half, within(1e-6));
    }

    private static double width(Interval interval) {
        return interval.upper() - interval.lower();
    }

    /** {@code units} accounts of {@code size} contacts in recovery, {@code churned} of which left whole. */
    private static Tally accounts(Arm arm, long units, long size, long churned) {
        var left = new CohortCount(Action.RECOVERY, arm, DAY, size, BigDecimal.ZERO, size, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
        var stayed = new CohortCount(Action.RECOVERY, arm, DAY, size, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
        return times(left.counts(), churned).plus(times(stayed.counts(), units - churned));
    }

    @Test
    void figuresHangTogetherForAnyCounts() {
        var random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long treated = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20_000);
            long holdout = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5_000);
            long treatedChurned = treated == 0 ? 0 : random.nextLong(treated + 1);
            long holdoutChurned = holdout == 0 ? 0 : random.nextLong(holdout + 1);
            long value = random.nextLong(100_000_000);
            var counts = tally(Map.of(Counter.RESPONSES, treated + holdout, Counter.DETRACTORS, treated + holdout,
                    Counter.RECOVERY_CONTACTS, treated))
                    .plus(singles(Action.RECOVERY, Arm.TREATMENT, treated, treatedChurned, value, 0))
                    .plus(singles(Action.RECOVERY, Arm.HOLDOUT, holdout, holdoutChurned, 0, 0));

            var report = RoiReport.of(counts, COSTS);

            var recovery = report.recovery();
            var totals = report.totals();
            assertThat(totals.cost()).isEqualByComparingTo(BigDecimal.valueOf(20 * treated));
            if (treated > 0 && holdout > 0) {
                double absolute = (double) holdoutChurned / holdout - (double) treatedChurned / treated;
                assertThat(recovery.churnReduction().absolute()).isCloseTo(absolute, within(1e-12));
                assertThat(recovery.churnReduction().ci95().contains(absolute)).isTrue();
                assertThat(recovery.retainedValue().doubleValue()).isCloseTo(value * absolute, within(0.01));
                assertThat(totals.roiCi95().lower()).isLessThanOrEqualTo(totals.roi() + 1e-9);
                assertThat(totals.roiCi95().upper()).isGreaterThanOrEqualTo(totals.roi() - 1e-9);
            } else {
                assertThat(recovery.churnReduction().ci95()).isNull();
                assertThat(recovery.retainedValue()).isEqualByComparingTo("0");
            }
            if (treated == 0) {
                assertThat(totals.roi()).isNull();
            }
        }
    }

    /**
     * {@code units} units of one customer each, {@code churned} of whom left and {@code renewed}
     * renewed, worth {@code value} together: the counters as unit cohorts leave them.
     */
    static Tally singles(Action action, Arm arm, long units, long churned, long value, long renewed) {
        if (units == 0) {
            return Tally.EMPTY;
        }
        var churnedOnes = new CohortCount(action, arm, DAY, 1, BigDecimal.ZERO, 1, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO).counts();
        var stayedOnes = new CohortCount(action, arm, DAY, 1, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO).counts();
        return times(churnedOnes, churned).plus(times(stayedOnes, units - churned))
                .with(Counter.of(action, arm, Counter.Measure.MEMBER_VALUE), BigDecimal.valueOf(value))
                .with(Counter.of(action, arm, Counter.Measure.RENEWED_MEMBERS), BigDecimal.valueOf(renewed));
    }

    /** {@code units} promoters alone in their unit, each with {@code leads} leads and {@code conversions} worth {@code value} each. */
    static Tally promoters(Arm arm, long units, long leads, long conversions, long value) {
        return times(new CohortCount(Action.REFERRAL, arm, DAY, 1, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, leads, conversions,
                BigDecimal.valueOf(value)).counts(), units);
    }

    static Tally times(Tally tally, long times) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        tally.values().forEach((counter, value) -> values.put(counter, value.multiply(BigDecimal.valueOf(times))));
        return Tally.of(values);
    }

    private static final LocalDate DAY = LocalDate.parse("2026-03-10");

    private static Tally tally(Map<Counter, ? extends Number> counts) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        counts.forEach((counter, count) -> values.put(counter, new BigDecimal(count.toString())));
        return Tally.of(values);
    }
}
