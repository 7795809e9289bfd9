package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceSequenceTest {

    /** −2 log 0.05 */
    private static final double C = 5.991464547107979;

    @Test
    void theTuningMakesTheSequenceNarrowestAtItsTarget() {
        var cs = new ConfidenceSequence(0.05, 100);
        // x = −2 log α + log(1 + x), solved apart: 8.211968; ρ² = x / t*.
        double x = cs.intrinsicTarget();
        assertThat(x).isCloseTo(8.211968, within(1e-6));
        assertThat(x).isCloseTo(C + Math.log(1 + x), within(1e-12));
        assertThat(cs.rhoSquared()).isCloseTo(0.08211968, within(1e-8));
        // At t* the boundary is √(1 + x), its minimum over t.
        assertThat(cs.z(100)).isCloseTo(Math.sqrt(1 + x), within(1e-12)).isCloseTo(3.035122, within(1e-6));
        for (long t = 1; t <= 10_000; t++) {
            assertThat(cs.z(t)).as("t = %d", t).isGreaterThanOrEqualTo(cs.z(100));
        }
        // Waudby-Smith et al.'s closed form, −2 log α + log(1 − 2 log α), is one step of the same fixed point.
        assertThat(C + Math.log(1 + C)).isCloseTo(7.936155, within(1e-6)).isLessThan(x);
    }

    @Test
    void theBoundaryIsTheFormulaComputedByHand() {
        var cs = new ConfidenceSequence(0.05, 100);
        // t = 400: tρ² = 4 × 8.211968 = 32.847872; z = √(33.847872 / 32.847872 × (log 33.847872 + 5.991465)) = 3.130968.
        assertThat(cs.z(400)).isCloseTo(3.130968, within(1e-6));
        // t = 1: tρ² = 0.08211968; z = √(1.08211968 / 0.08211968 × (log 1.08211968 + 5.991465)) = 9.046...
        double v = 0.08211968;
        assertThat(cs.z(1)).isCloseTo(Math.sqrt((1 + v) / v * (Math.log(1 + v) + C)), within(1e-6));
        // Only tρ² matters: the report's target of 5,000 units at 20,000 units is this one at 400.
        assertThat(ConfidenceSequence.CS95.z(20_000)).isCloseTo(cs.z(400), within(1e-12));
    }

    @Test
    void aTargetThreeTimesOffWidensTheSequenceByUnderSixPercent() {
        var cs = ConfidenceSequence.CS95;
        double best = cs.z((long) ConfidenceSequence.TARGET_UNITS);
        assertThat(cs.z((long) ConfidenceSequence.TARGET_UNITS / 3) / best).isBetween(1.0, 1.06);
        assertThat(cs.z((long) ConfidenceSequence.TARGET_UNITS * 3) / best).isBetween(1.0, 1.06);
    }

    @Test
    void itIsAlwaysWiderThanTheFixedIntervalAndShrinksAsUnitsGrow() {
        var cs = ConfidenceSequence.CS95;
        double previousHalfWidth = Double.POSITIVE_INFINITY;
        for (long t = 1; t <= 100_000_000L; t = t < 100 ? t + 1 : t * 11 / 10) {
            double z = cs.z(t);
            assertThat(z).as("t = %d", t).isGreaterThan(Interval.Z95 * 1.5);
            // With a standard deviation per unit fixed, the half-width z_t / √t shrinks at every t.
            double halfWidth = z / Math.sqrt(t);
            assertThat(halfWidth).as("t = %d", t).isLessThan(previousHalfWidth);
            previousHalfWidth = halfWidth;
        }
        // It grows only as √log t: the price of every look at once, at a million and a billion units.
        double v6 = 1e6 * cs.rhoSquared();
        double v9 = 1e9 * cs.rhoSquared();
        assertThat(cs.z(1_000_000)).isCloseTo(3.661166, within(1e-6));
        assertThat(cs.z(1_000_000_000)).isCloseTo(4.505901, within(1e-6));
        assertThat(cs.z(1_000_000_000) / cs.z(1_000_000))
                .isCloseTo(Math.sqrt((Math.log(v9) + C) / (Math.log(v6) + C)), within(1e-3));
    }

    @Test
    void theClusteredSequenceIsNewcombesIntervalWithTheBoundarysZ() {
        // Holdout 4 units (p = 4/7, deff 170/84) against treated 5 units (p = 1/9, deff 1): t = 9, z_9 = 20.305985.
        var holdout = ArmSumsTest.holdout();
        var treated = ArmSums.proportionUnit(2, 0).plus(ArmSums.proportionUnit(2, 1)).plus(ArmSums.proportionUnit(1, 0))
                .plus(ArmSums.proportionUnit(3, 0)).plus(ArmSums.proportionUnit(1, 0));
        var deff = Interval.DesignEffects.of(holdout, treated);
        assertThat(ConfidenceSequence.CS95.z(9)).isCloseTo(20.305985, within(1e-6));
        var sequence = ConfidenceSequence.CS95.clusteredNewcombeDifference(holdout, treated, deff);
        // Wilson and Newcombe on 4/deff of 7/deff against 1 of 9 at z = 20.305985, computed apart.
        assertThat(sequence.lower()).isCloseTo(-0.580752, within(0.000001));
        assertThat(sequence.upper()).isCloseTo(0.901508, within(0.000001));
        assertThat(sequence).isEqualTo(Interval.clusteredNewcombeDifference(holdout, treated, deff, ConfidenceSequence.CS95.z(9)));
    }

    @Test
    void theStudysEffectStaysClearOfZeroUnderEveryLook() {
        // 10,000 against 10,000 customers, 20% against 18%: the fixed interval [0.91, 3.09] points, the sequence [0.26, 3.74].
        var holdout = singles(10_000, 2_000);
        var treated = singles(10_000, 1_800);
        var deff = Interval.DesignEffects.of(holdout, treated);
        var sequence = ConfidenceSequence.CS95.clusteredNewcombeDifference(holdout, treated, deff);
        assertThat(sequence.lower()).isCloseTo(0.002628, within(0.000001));
        assertThat(sequence.upper()).isCloseTo(0.037362, within(0.000001));
    }

    @Test
    void theRatioSequenceIsWaldsWithTheBoundarysZ() {
        // Converted value per promoter: asked, 3 units (1, 100), (2, 0), (1, 50); held out, 2 units (1, 0), (2, 60).
        var asked = ArmSums.unit(1, 100).plus(ArmSums.unit(2, 0)).plus(ArmSums.unit(1, 50));
        var held = ArmSums.unit(1, 0).plus(ArmSums.unit(2, 60));
        double z = ConfidenceSequence.CS95.z(5);
        // r = 150/4 = 37.5, residuals 62.5² + 75² + 12.5² = 9,687.5, Var = 3/2 × 9,687.5 / 16 = 908.203125;
        // r = 20, residuals 20² + 20² = 800, Var = 2 × 800 / 9 = 177.777...; difference 17.5.
        double half = z * Math.sqrt(908.203125 + 1600.0 / 9);
        var sequence = ConfidenceSequence.CS95.ratioDifference(asked, held).orElseThrow();
        assertThat(sequence.lower()).isCloseTo(17.5 - half, within(1e-9));
        assertThat(sequence.upper()).isCloseTo(17.5 + half, within(1e-9));
        assertThat(ConfidenceSequence.CS95.ratioDifference(asked, ArmSums.unit(1, 0))).isEmpty();
    }

    @Test
    void theSequenceHoldsTheFixedIntervalForAnyCounts() {
        var random = new SplittableRandom(20261122);
        for (int i = 0; i < 5_000; i++) {
            var first = randomArm(random);
            var second = randomArm(random);
            var deff = Interval.DesignEffects.of(first, second);
            var fixed = Interval.clusteredNewcombeDifference(first, second, deff, Interval.Z95);
            var sequence = ConfidenceSequence.CS95.clusteredNewcombeDifference(first, second, deff);
            assertThat(sequence.lower()).as("%s against %s", first, second).isLessThanOrEqualTo(fixed.lower() + 1e-12)
                    .isGreaterThanOrEqualTo(-1.0);
            assertThat(sequence.upper()).as("%s against %s", first, second).isGreaterThanOrEqualTo(fixed.upper() - 1e-12)
                    .isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void refusesWhatIsNotASequence() {
        assertThatThrownBy(() -> ConfidenceSequence.CS95.z(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceSequence(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceSequence(1, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceSequence(0.05, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConfidenceSequence(0.05, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ArmSums singles(long members, long churned) {
        return new ArmSums(members, members, churned, members, churned, churned);
    }

    private static ArmSums randomArm(SplittableRandom random) {
        var arm = ArmSums.EMPTY;
        int units = 1 + random.nextInt(60);
        for (int u = 0; u < units; u++) {
            int size = 1 + random.nextInt(6);
            arm = arm.plus(ArmSums.proportionUnit(size, random.nextDouble() < 0.3 ? size : random.nextInt(size + 1)));
        }
        return arm;
    }
}
