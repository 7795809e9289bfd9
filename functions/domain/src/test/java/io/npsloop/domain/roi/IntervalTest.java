package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
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
}
