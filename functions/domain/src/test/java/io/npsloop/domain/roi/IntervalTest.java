package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void wilsonMatchesPublishedValues() {
        // Newcombe (1998), single proportions: 81/263 and the boundary cases 0/10 and 10/10.
        var a = Interval.wilson(81, 263, Interval.Z95);
        assertThat(a.lower()).isCloseTo(0.2553, within(0.00005));
        assertThat(a.upper()).isCloseTo(0.3662, within(0.00005));
        var none = Interval.wilson(0, 10, Interval.Z95);
        assertThat(none.lower()).isZero();
        assertThat(none.upper()).isCloseTo(0.2775, within(0.00005));
        var all = Interval.wilson(10, 10, Interval.Z95);
        assertThat(all.lower()).isCloseTo(0.7225, within(0.00005));
        assertThat(all.upper()).isEqualTo(1.0);
    }

    @Test
    void newcombeDifferenceMatchesPublishedValues() {
        // Newcombe (1998), differences, method 10: 56/70 − 48/80 and 9/10 − 3/10.
        var a = Interval.newcombeDifference(56, 70, 48, 80, Interval.Z95);
        assertThat(a.lower()).isCloseTo(0.0524, within(0.00005));
        assertThat(a.upper()).isCloseTo(0.3339, within(0.00005));
        var b = Interval.newcombeDifference(9, 10, 3, 10, Interval.Z95);
        assertThat(b.lower()).isCloseTo(0.1705, within(0.00005));
        assertThat(b.upper()).isCloseTo(0.8090, within(0.00005));
    }

    @Test
    void everyDifferenceIntervalHoldsItsEstimateAndStaysWithinBounds() {
        var random = new SplittableRandom(20261122);
        for (int i = 0; i < 20_000; i++) {
            long n1 = 1 + random.nextInt(5_000);
            long n2 = 1 + random.nextInt(5_000);
            long e1 = random.nextLong(n1 + 1);
            long e2 = random.nextLong(n2 + 1);
            var ci = Interval.newcombeDifference(e1, n1, e2, n2, Interval.Z95);
            double estimate = (double) e1 / n1 - (double) e2 / n2;
            assertThat(ci.lower()).as("%d/%d − %d/%d", e1, n1, e2, n2).isBetween(-1.0, estimate + 1e-12);
            assertThat(ci.upper()).as("%d/%d − %d/%d", e1, n1, e2, n2).isBetween(estimate - 1e-12, 1.0);
        }
    }

    @Test
    void wilsonOnRealCountsAgreesWithWholeCounts() {
        assertThat(Interval.wilson(81.0, 263.0, Interval.Z95)).isEqualTo(Interval.wilson(81, 263, Interval.Z95));
        assertThat(Interval.wilson(0.0, 4.5, Interval.Z95).lower()).isZero();
        assertThat(Interval.wilson(4.5, 4.5, Interval.Z95).upper()).isEqualTo(1.0);
        assertThatThrownBy(() -> Interval.wilson(5.0, 4.5, Interval.Z95)).hasMessage("5.0 of 4.5");
        assertThatThrownBy(() -> Interval.wilson(1.0, 0.0, Interval.Z95)).hasMessage("1.0 of 0.0");
        assertThatThrownBy(() -> Interval.wilson(Double.NaN, 3.0, Interval.Z95)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Units (members, churned): (2, 0), (2, 1), (1, 0), (3, 0), (1, 0). */
    private static ArmSums treated() {
        return ArmSums.proportionUnit(2, 0).plus(ArmSums.proportionUnit(2, 1)).plus(ArmSums.proportionUnit(1, 0))
                .plus(ArmSums.proportionUnit(3, 0)).plus(ArmSums.proportionUnit(1, 0));
    }

    @Test
    void clusteredDifferenceOnHandComputedArms() {
        // Holdout (ArmSumsTest): p = 4/7, residuals 170/49, binomial 7 · 4/7 · 3/7 = 84/49, deff = 170/84.
        // Treated: p = 1/9, residuals 64/81, binomial 72/81, deff 8/9, floored to 1.
        var deff = Interval.DesignEffects.of(ArmSumsTest.holdout(), treated());
        assertThat(deff.first()).isCloseTo(170.0 / 84, within(1e-12));
        assertThat(deff.second()).isEqualTo(1.0);
        // Newcombe on 4/deff of 7/deff against 1 of 9, computed apart.
        var ci = Interval.clusteredNewcombeDifference(ArmSumsTest.holdout(), treated(), Interval.Z95);
        assertThat(ci.lower()).isCloseTo(-0.053228, within(0.000001));
        assertThat(ci.upper()).isCloseTo(0.796295, within(0.000001));
        var naive = Interval.newcombeDifference(4, 7, 1, 9, Interval.Z95);
        assertThat(naive.lower()).isCloseTo(0.004329, within(0.000001));
        assertThat(ci.upper() - ci.lower()).isGreaterThan(naive.upper() - naive.lower());
    }

    @Test
    void oneMemberUnitsGiveExactlyTheNaiveInterval() {
        // StudyTest's program: 2,000 of 10,000 held out churned, 1,800 of 10,000 treated.
        var holdout = new ArmSums(10_000, 10_000, 2_000, 10_000, 2_000, 2_000);
        var treated = new ArmSums(10_000, 10_000, 1_800, 10_000, 1_800, 1_800);
        var ci = Interval.clusteredNewcombeDifference(holdout, treated, Interval.Z95);
        assertThat(ci).isEqualTo(Interval.newcombeDifference(2_000, 10_000, 1_800, 10_000, Interval.Z95));
        assertThat(ci.lower()).isCloseTo(0.0091, within(0.00005));
        assertThat(ci.upper()).isCloseTo(0.0309, within(0.00005));
        assertThat(Interval.DesignEffects.of(holdout, treated)).isEqualTo(new Interval.DesignEffects(1, 1));

        var random = new SplittableRandom(20261123);
        for (int i = 0; i < 2_000; i++) {
            long n1 = 1 + random.nextInt(3_000);
            long n2 = 1 + random.nextInt(3_000);
            long e1 = random.nextLong(n1 + 1);
            long e2 = random.nextLong(n2 + 1);
            var one = new ArmSums(n1, n1, e1, n1, e1, e1);
            var two = new ArmSums(n2, n2, e2, n2, e2, e2);
            assertThat(Interval.clusteredNewcombeDifference(one, two, Interval.Z95)).as("%d/%d − %d/%d", e1, n1, e2, n2)
                    .isEqualTo(Interval.newcombeDifference(e1, n1, e2, n2, Interval.Z95));
        }
    }

    @Test
    void accountsWhoseContactsShareTheirOutcomeWidenTheIntervalBySquareRootOfTheirSize() {
        for (int m : new int[] {2, 4, 9}) {
            // Every customer of StudyTest's program becomes an account of m contacts who all churn or all stay.
            var holdout = new ArmSums(10_000, 10_000.0 * m, 2_000.0 * m, 10_000.0 * m * m, 2_000.0 * m * m, 2_000.0 * m * m);
            var treated = new ArmSums(10_000, 10_000.0 * m, 1_800.0 * m, 10_000.0 * m * m, 1_800.0 * m * m, 1_800.0 * m * m);
            var deff = Interval.DesignEffects.of(holdout, treated);
            assertThat(deff.first()).isCloseTo(m, within(1e-9));
            assertThat(deff.second()).isCloseTo(m, within(1e-9));
            var clustered = Interval.clusteredNewcombeDifference(holdout, treated, Interval.Z95);
            var naive = Interval.newcombeDifference(2_000L * m, 10_000L * m, 1_800L * m, 10_000L * m, Interval.Z95);
            double ratio = (clustered.upper() - clustered.lower()) / (naive.upper() - naive.lower());
            assertThat(ratio).as("m = %d", m).isCloseTo(Math.sqrt(m), within(0.01 * Math.sqrt(m)));
            // m copies of a customer carry what one did: the interval is the customers' own.
            var customers = Interval.newcombeDifference(2_000, 10_000, 1_800, 10_000, Interval.Z95);
            assertThat(clustered.lower()).isCloseTo(customers.lower(), within(1e-9));
            assertThat(clustered.upper()).isCloseTo(customers.upper(), within(1e-9));
        }
    }

    @Test
    void anArmWithNoOrAllEventsTakesThePooledDesignEffect() {
        // No churn held out: units (2, 0), (3, 0). Treated: (2, 2), (2, 0), (1, 1), p = 0.6,
        // residuals 0.8² + 1.2² + 0.4² = 2.24 over 5 · 0.6 · 0.4 = 1.2.
        var none = ArmSums.proportionUnit(2, 0).plus(ArmSums.proportionUnit(3, 0));
        var some = ArmSums.proportionUnit(2, 2).plus(ArmSums.proportionUnit(2, 0)).plus(ArmSums.proportionUnit(1, 1));
        var deff = Interval.DesignEffects.of(none, some);
        assertThat(deff.first()).isCloseTo(2.24 / 1.2, within(1e-12));
        assertThat(deff.second()).isCloseTo(2.24 / 1.2, within(1e-12));
        // Pooled with an arm of independent members, the effect is theirs: 1.
        var independent = new ArmSums(5, 5, 2, 5, 2, 2);
        assertThat(Interval.DesignEffects.of(independent, none).second()).isEqualTo(1.0);
        // Both arms at 0 or 1: nothing to pool, so 1.
        var all = ArmSums.proportionUnit(4, 4).plus(ArmSums.proportionUnit(1, 1));
        assertThat(Interval.DesignEffects.of(none, all)).isEqualTo(new Interval.DesignEffects(1, 1));
        var ci = Interval.clusteredNewcombeDifference(none, all, Interval.Z95);
        assertThat(ci).isEqualTo(Interval.newcombeDifference(0, 5, 5, 5, Interval.Z95));
    }

    @Test
    void clusteredDifferenceRefusesWhatIsNotTwoArmsOfProportions() {
        var value = ArmSums.unit(2, 7);
        assertThatThrownBy(() -> Interval.clusteredNewcombeDifference(value, treated(), Interval.Z95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first arm is not an arm of proportions");
        assertThatThrownBy(() -> Interval.clusteredNewcombeDifference(treated(), ArmSums.EMPTY, Interval.Z95))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("second arm has no members");
        assertThatThrownBy(() -> Interval.clusteredNewcombeDifference(treated(), treated(),
                new Interval.DesignEffects(0.5, 1), Interval.Z95)).hasMessageContaining("design effects are at least 1");
    }

    @Test
    void ratioDifferenceOnHandComputedArms() {
        // Holdout r = 4/7, K = 4: Var = 4/3 · (170/49) / 7²; treated r = 1/9, K = 5: Var = 5/4 · (64/81) / 9².
        var ci = Interval.ratioDifference(ArmSumsTest.holdout(), treated(), Interval.Z95).orElseThrow();
        double half = Interval.Z95 * Math.sqrt(4.0 / 3 * 170 / 49 / 49 + 5.0 / 4 * 64 / 81 / 81);
        assertThat(ci.lower()).isCloseTo(4.0 / 7 - 1.0 / 9 - half, within(1e-12)).isCloseTo(-0.179599, within(0.000001));
        assertThat(ci.upper()).isCloseTo(1.100234, within(0.000001));
    }

    @Test
    void ratioDifferenceOfValuesIsNotBoundedByOne() {
        // Converted value per promoter: 3 units asked bringing 100, 0 and 500 from 1, 2 and 2 promoters;
        // 2 units held out bringing 0 and 50 from 1 and 1.
        var asked = ArmSums.unit(1, 100).plus(ArmSums.unit(2, 0)).plus(ArmSums.unit(2, 500));
        var heldOut = ArmSums.unit(1, 0).plus(ArmSums.unit(1, 50));
        var ci = Interval.ratioDifference(asked, heldOut, Interval.Z95).orElseThrow();
        // r = 120 and 25; residuals (100 − 120)² + (0 − 240)² + (500 − 240)² = 125,600 and 25² + 25² = 1,250.
        double half = Interval.Z95 * Math.sqrt(3.0 / 2 * 125_600 / 25 + 2.0 / 1 * 1_250 / 4);
        assertThat(ci.lower()).isCloseTo(95 - half, within(1e-9));
        assertThat(ci.upper()).isCloseTo(95 + half, within(1e-9)).isGreaterThan(1);
    }

    @Test
    void ratioDifferenceNeedsTwoUnitsInEachArm() {
        var one = ArmSums.unit(3, 1);
        var two = ArmSums.unit(3, 1).plus(ArmSums.unit(1, 0));
        assertThat(Interval.ratioDifference(one, two, Interval.Z95)).isEmpty();
        assertThat(Interval.ratioDifference(two, one, Interval.Z95)).isEmpty();
        assertThat(Interval.ratioDifference(two, ArmSums.EMPTY, Interval.Z95)).isEmpty();
        assertThat(Interval.ratioDifference(two, two, Interval.Z95)).isPresent();
    }
}
