package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoiReportTest {

    private static final RoiReport.Assumptions COSTS = new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10"));

    @Test
    void theStudyGivesTenPercentLessChurnAndSeventyPercentRoi() {
        // 10,000 contacted and 10,000 held out; 20% of the held out leave, 18% of the contacted.
        var counts = tally(Map.of(
                Counter.RESPONSES, 20_000, Counter.DETRACTORS, 20_000,
                Counter.RECOVERY_TREATED, 10_000, Counter.RECOVERY_TREATED_VALUE, 17_000_000,
                Counter.RECOVERY_TREATED_CHURNED, 1_800,
                Counter.RECOVERY_HOLDOUT, 10_000, Counter.RECOVERY_HOLDOUT_VALUE, 17_000_000,
                Counter.RECOVERY_HOLDOUT_CHURNED, 2_000));

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
        var counts = tally(Map.of(Counter.RESPONSES, 100, Counter.DETRACTORS, 100,
                Counter.RECOVERY_TREATED, 100, Counter.RECOVERY_TREATED_VALUE, 100_000, Counter.RECOVERY_TREATED_CHURNED, 5));

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
        var counts = tally(Map.of(Counter.RESPONSES, 200, Counter.DETRACTORS, 200,
                Counter.RECOVERY_TREATED, 100, Counter.RECOVERY_HOLDOUT, 100, Counter.RECOVERY_TREATED_VALUE, 50_000));

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
        var counts = tally(Map.of(Counter.RESPONSES, 80, Counter.DETRACTORS, 80,
                Counter.RECOVERY_TREATED, 50, Counter.RECOVERY_TREATED_CHURNED, 50, Counter.RECOVERY_TREATED_VALUE, 10_000,
                Counter.RECOVERY_HOLDOUT, 30, Counter.RECOVERY_HOLDOUT_CHURNED, 30));

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
        var counts = tally(Map.of(Counter.RESPONSES, 220, Counter.DETRACTORS, 220,
                Counter.RECOVERY_TREATED, 200, Counter.RECOVERY_TREATED_CHURNED, 36, Counter.RECOVERY_TREATED_VALUE, 340_000,
                Counter.RECOVERY_HOLDOUT, 20, Counter.RECOVERY_HOLDOUT_CHURNED, 4));

        var report = RoiReport.of(counts, COSTS);

        assertThat(report.recovery().churnReduction().relative()).isCloseTo(0.1, within(1e-12));
        // (1.96 + 0.84)² × (0.2 × 0.8 + 0.18 × 0.82) / 0.02² ≈ 6036 per arm.
        assertThat(report.warnings()).singleElement().satisfies(w -> assertThat(w)
                .contains("too small", "20 held out", "each arm needs about 6036 customers"));
    }

    @Test
    void concessionsAndReferralsCountInValueAndCost() {
        var counts = tally(Map.of(
                Counter.RECOVERY_TREATED, 10, Counter.RECOVERY_HOLDOUT, 10, Counter.RECOVERY_TREATED_CONCESSIONS, 150,
                Counter.REFERRAL_ASKED, 40, Counter.REFERRAL_ASKED_LEADS, 12, Counter.REFERRAL_ASKED_CONVERTED, 3,
                Counter.REFERRAL_ASKED_CONVERTED_VALUE, 9_000,
                Counter.REFERRAL_HOLDOUT, 20, Counter.REFERRAL_HOLDOUT_CONVERTED, 1, Counter.REFERRAL_HOLDOUT_CONVERTED_VALUE, 1_000));

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
    void figuresHangTogetherForAnyCounts() {
        var random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long treated = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20_000);
            long holdout = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5_000);
            long treatedChurned = treated == 0 ? 0 : random.nextLong(treated + 1);
            long holdoutChurned = holdout == 0 ? 0 : random.nextLong(holdout + 1);
            long value = random.nextLong(100_000_000);
            var counts = tally(Map.of(Counter.RESPONSES, treated + holdout, Counter.DETRACTORS, treated + holdout,
                    Counter.RECOVERY_TREATED, treated, Counter.RECOVERY_TREATED_CHURNED, treatedChurned,
                    Counter.RECOVERY_TREATED_VALUE, value, Counter.RECOVERY_HOLDOUT, holdout,
                    Counter.RECOVERY_HOLDOUT_CHURNED, holdoutChurned));

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

    private static Tally tally(Map<Counter, ? extends Number> counts) {
        var values = new EnumMap<Counter, BigDecimal>(Counter.class);
        counts.forEach((counter, count) -> values.put(counter, new BigDecimal(count.toString())));
        return Tally.of(values);
    }
}
