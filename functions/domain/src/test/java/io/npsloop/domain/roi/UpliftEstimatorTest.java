package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.Counter.Measure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpliftEstimatorTest {

    private static final UpliftEstimator ESTIMATOR = new UpliftEstimator(100, 0.2);

    /** {@code units} units of {@code size} customers each, {@code churnedUnits} of them churned whole. */
    private static ArmSums arm(int units, int size, int churnedUnits) {
        var sums = ArmSums.EMPTY;
        for (int i = 0; i < units; i++) {
            sums = sums.plus(ArmSums.proportionUnit(size, i < churnedUnits ? size : 0));
        }
        return sums;
    }

    @Test
    void withoutEvidenceTheUpliftUsedIsTheConfiguredOne() {
        var estimate = ESTIMATOR.estimate(0.05, ArmSums.EMPTY, ArmSums.EMPTY);

        assertThat(estimate.used()).isEqualTo(0.05, within(1e-12));
        assertThat(estimate.mean()).isEqualTo(0.05, within(1e-12));
        assertThat(estimate.weight()).isZero();
        assertThat(estimate.measured()).isNull();
    }

    @Test
    void theBetaPosteriorsOfAHundredCustomersPerArmAgreeWithTheHandComputation() {
        // Pooled churn c = 50/200 = 0.25; priors 0.275 (holdout) and 0.225 (treated), 100 pseudo-customers each:
        // holdout Beta(27.5 + 30, 72.5 + 70) = Beta(57.5, 142.5), mean 0.2875, variance 0.2875 · 0.7125 / 201;
        // treated Beta(22.5 + 20, 77.5 + 80) = Beta(42.5, 157.5), mean 0.2125, variance 0.2125 · 0.7875 / 201.
        var estimate = ESTIMATOR.estimate(0.05, arm(100, 1, 30), arm(100, 1, 20));

        assertThat(estimate.measured()).isEqualTo(0.10, within(1e-12));
        assertThat(estimate.mean()).isEqualTo(0.075, within(1e-12));
        double variance = (0.2875 * 0.7125 + 0.2125 * 0.7875) / 201;
        assertThat(estimate.sd()).isEqualTo(Math.sqrt(variance), within(1e-12));
        assertThat(estimate.weight()).isEqualTo(0.5, within(1e-12));
        // 20th percentile: z = 0.8416212; the spread weighs half, as the evidence is half the posterior.
        assertThat(estimate.used()).isEqualTo(0.075 - 0.8416212335729143 * Math.sqrt(variance) * 0.5, within(1e-8));
        assertThat(estimate.used()).isEqualTo(0.056892, within(1e-6));
    }

    @Test
    void customersOfOneAccountCountOnceThroughTheDesignEffect() {
        // Accounts of two who churn together: design effect 2, so 100 customers per arm weigh as 50.
        var estimate = ESTIMATOR.estimate(0.05, arm(50, 2, 15), arm(50, 2, 10));

        assertThat(estimate.holdoutCustomers()).isEqualTo(50, within(1e-9));
        assertThat(estimate.treatedCustomers()).isEqualTo(50, within(1e-9));
        // (100 · 0.05 + 50 · 0.10) / 150: the prior's pseudo-customers against the effective ones.
        assertThat(estimate.mean()).isEqualTo(10.0 / 150, within(1e-12));
        assertThat(estimate.weight()).isEqualTo(50.0 / 150, within(1e-12));
    }

    @Test
    void muchEvidenceOfNoEffectTakesTheUpliftToZeroAndNeverBelow() {
        var estimate = ESTIMATOR.estimate(0.05, arm(20_000, 1, 4_000), arm(20_000, 1, 4_000));

        assertThat(estimate.measured()).isEqualTo(0, within(1e-12));
        assertThat(estimate.used()).isZero();
        assertThat(estimate.mean()).isLessThan(0.001);
    }

    @Test
    void muchEvidenceOfALargeEffectMovesTheUpliftToItsLowQuantile() {
        var estimate = ESTIMATOR.estimate(0.05, arm(20_000, 1, 6_000), arm(20_000, 1, 4_000));

        assertThat(estimate.used()).isBetween(0.09, 0.0998);
    }

    @Test
    void theNormalQuantileMatchesTables() {
        assertThat(UpliftEstimator.normalQuantile(0.8)).isEqualTo(0.8416212335729143, within(1e-8));
        assertThat(UpliftEstimator.normalQuantile(0.975)).isEqualTo(1.959963984540054, within(1e-8));
        assertThat(UpliftEstimator.normalQuantile(0.5)).isEqualTo(0, within(1e-12));
        assertThat(UpliftEstimator.normalQuantile(0.001)).isEqualTo(-3.090232306167813, within(1e-7));
    }

    @Test
    void tiersAreEstimatedFromTheirSegmentsAndReferralStaysConfigured() {
        var low = new HashMap<Counter, BigDecimal>();
        put(low, Arm.HOLDOUT, Measure.UNITS, 20_000);
        put(low, Arm.HOLDOUT, Measure.MEMBERS, 20_000);
        put(low, Arm.HOLDOUT, Measure.MEMBERS_SQUARED, 20_000);
        put(low, Arm.HOLDOUT, Measure.CHURNED_MEMBERS, 4_000);
        put(low, Arm.HOLDOUT, Measure.CHURNED_MEMBERS_SQUARED, 4_000);
        put(low, Arm.HOLDOUT, Measure.CHURNED_BY_MEMBERS, 4_000);
        put(low, Arm.HOLDOUT, Measure.MEMBER_VALUE, 10_000_000);
        put(low, Arm.TREATMENT, Measure.UNITS, 20_000);
        put(low, Arm.TREATMENT, Measure.MEMBERS, 20_000);
        put(low, Arm.TREATMENT, Measure.MEMBERS_SQUARED, 20_000);
        put(low, Arm.TREATMENT, Measure.CHURNED_MEMBERS, 4_000);
        put(low, Arm.TREATMENT, Measure.CHURNED_MEMBERS_SQUARED, 4_000);
        put(low, Arm.TREATMENT, Measure.CHURNED_BY_MEMBERS, 4_000);
        put(low, Arm.TREATMENT, Measure.MEMBER_VALUE, 10_000_000);
        var segments = Map.of(new Segment(Segment.Dimension.TIER, "low"), Tally.of(low));
        var priors = Map.of(Action.RECOVERY, new BigDecimal("0.05"), Action.REFERRAL, new BigDecimal("0.02"),
                Action.NURTURE, new BigDecimal("0.01"));
        var costs = Map.of(Action.RECOVERY, new BigDecimal("25"), Action.REFERRAL, new BigDecimal("10"), Action.NURTURE, new BigDecimal("5"));

        var uplifts = TierUplift.of(segments, priors, costs, ESTIMATOR);

        assertThat(uplifts).hasSize(9);
        var recoveryLow = find(uplifts, Action.RECOVERY, ValueTier.LOW);
        assertThat(recoveryLow.typicalValue()).isEqualByComparingTo("500");
        assertThat(recoveryLow.estimate().used()).isZero();
        assertThat(recoveryLow.expected()).isEqualByComparingTo("0");
        assertThat(recoveryLow.contacted()).isFalse();
        var recoveryHigh = find(uplifts, Action.RECOVERY, ValueTier.HIGH);
        assertThat(recoveryHigh.estimate().used()).isEqualTo(0.05, within(1e-12));
        assertThat(recoveryHigh.contacted()).isNull();
        var referralLow = find(uplifts, Action.REFERRAL, ValueTier.LOW);
        assertThat(referralLow.measured()).isFalse();
        assertThat(referralLow.estimate().used()).isEqualTo(0.02, within(1e-12));
        assertThat(referralLow.estimate().measured()).isNull();
    }

    @Test
    void theHistoryKeepsEachCrossingOfTheCostAndIsBounded() {
        var at = Instant.parse("2026-11-01T00:00:00Z");
        var contacted = uplift(true);
        var notContacted = uplift(false);

        var history = UpliftChange.next(List.of(), List.of(contacted), at);
        history = UpliftChange.next(history, List.of(contacted), at.plusSeconds(3600));
        assertThat(history).hasSize(1);
        history = UpliftChange.next(history, List.of(notContacted), at.plusSeconds(7200));
        assertThat(history).hasSize(2);
        assertThat(UpliftChange.last(history, Action.RECOVERY, ValueTier.LOW).contacted()).isFalse();
        assertThat(UpliftChange.last(history, Action.RECOVERY, ValueTier.LOW).at()).isEqualTo(at.plusSeconds(7200));

        for (int i = 0; i < 100; i++) {
            history = UpliftChange.next(history, List.of(i % 2 == 0 ? contacted : notContacted), at.plusSeconds(10_000L + i));
        }
        assertThat(history).hasSize(UpliftChange.KEPT);
    }

    private static TierUplift uplift(boolean contacted) {
        var estimate = new UpliftEstimator.Estimate(0.05, 0.0, 0.01, 0.01, 0.5, contacted ? 0.06 : 0.01, 100, 100, 100, 100);
        return new TierUplift(Action.RECOVERY, ValueTier.LOW, estimate, new BigDecimal("500"), new BigDecimal("25"), contacted);
    }

    private static TierUplift find(List<TierUplift> uplifts, Action action, ValueTier tier) {
        return uplifts.stream().filter(u -> u.action() == action && u.tier() == tier).findFirst().orElseThrow();
    }

    private static void put(Map<Counter, BigDecimal> counts, Arm arm, Measure measure, long value) {
        counts.put(Counter.of(Action.RECOVERY, arm, measure), BigDecimal.valueOf(value));
    }
}
