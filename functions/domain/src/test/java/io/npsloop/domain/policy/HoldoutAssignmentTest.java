package io.npsloop.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HoldoutAssignmentTest {

    private static final int IDS = 100_000;

    /** Binomial share: at 100,000 ids, 4.5 standard deviations is far outside chance. */
    @ParameterizedTest(name = "{0}% held out")
    @ValueSource(doubles = {1, 10, 25, 50})
    void holdsOutTheConfiguredShareWithinStatisticalTolerance(double percent) {
        var holdout = HoldoutAssignment.percent(percent, "program-2026");
        for (var action : Action.values()) {
            int held = 0;
            for (int i = 0; i < IDS; i++) {
                if (holdout.armOf("customer-" + i, action) == Arm.HOLDOUT) {
                    held++;
                }
            }
            double p = percent / 100;
            double tolerance = 4.5 * Math.sqrt(IDS * p * (1 - p));
            assertThat((double) held).as("%s held out of %s for %s", held, IDS, action)
                    .isBetween(IDS * p - tolerance, IDS * p + tolerance);
        }
    }

    @Test
    void theSameCustomerAlwaysGetsTheSameArm() {
        var first = HoldoutAssignment.percent(10, "program-2026");
        var again = HoldoutAssignment.percent(10, "program-2026");
        for (int i = 0; i < 10_000; i++) {
            assertThat(again.armOf("c-" + i, Action.RECOVERY)).isEqualTo(first.armOf("c-" + i, Action.RECOVERY));
        }
        // Pinned (python3: int.from_bytes(sha256(b"nps-loop\0recovery\0cust-1001")[:8], "big") % 10000):
        // a change in the hash would silently reshuffle every running program's arms.
        assertThat(new HoldoutAssignment(1000, "nps-loop").bucket("cust-1001", Action.RECOVERY)).isEqualTo(8951);
    }

    @Test
    void anotherSaltOrActionDrawsIndependentArms() {
        var a = HoldoutAssignment.percent(50, "program-a");
        var b = HoldoutAssignment.percent(50, "program-b");
        int same = 0;
        int sameAcrossActions = 0;
        for (int i = 0; i < IDS; i++) {
            var id = "c-" + i;
            if (a.armOf(id, Action.RECOVERY) == b.armOf(id, Action.RECOVERY)) {
                same++;
            }
            if (a.armOf(id, Action.RECOVERY) == a.armOf(id, Action.REFERRAL)) {
                sameAcrossActions++;
            }
        }
        // Independent 50/50 draws agree half the time.
        assertThat(same).isBetween(IDS / 2 - 1500, IDS / 2 + 1500);
        assertThat(sameAcrossActions).isBetween(IDS / 2 - 1500, IDS / 2 + 1500);
    }

    @Test
    void zeroHoldsOutNobodyAndAHundredEverybody() {
        for (int i = 0; i < 1000; i++) {
            assertThat(HoldoutAssignment.percent(0, "s").armOf("c-" + i, Action.RECOVERY)).isEqualTo(Arm.TREATMENT);
            assertThat(HoldoutAssignment.percent(100, "s").armOf("c-" + i, Action.RECOVERY)).isEqualTo(Arm.HOLDOUT);
        }
    }

    @Test
    void sharesOutsideZeroToAHundredAreRejected() {
        assertThatThrownBy(() -> HoldoutAssignment.percent(-1, "s")).hasMessageContaining("between 0% and 100%");
        assertThatThrownBy(() -> HoldoutAssignment.percent(100.5, "s")).hasMessageContaining("between 0% and 100%");
    }
}
