package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArmSumsTest {

    /** Units (members, events): (3, 3), (1, 0), (2, 0), (1, 1). */
    static ArmSums holdout() {
        return ArmSums.proportionUnit(3, 3).plus(ArmSums.proportionUnit(1, 0)).plus(ArmSums.proportionUnit(2, 0))
                .plus(ArmSums.proportionUnit(1, 1));
    }

    @Test
    void unitsAddUpToTheSumsOfTheArm() {
        assertThat(holdout()).isEqualTo(new ArmSums(4, 7, 4, 15, 10, 10));
        assertThat(holdout().rate()).isEqualTo(4.0 / 7);
        assertThat(ArmSums.EMPTY.plus(holdout())).isEqualTo(holdout());
    }

    @Test
    void daysAddUpInAnyOrder() {
        var monday = ArmSums.unit(2, 1).plus(ArmSums.unit(5, 0));
        var tuesday = ArmSums.unit(1, 1);
        assertThat(monday.plus(tuesday)).isEqualTo(tuesday.plus(monday)).isEqualTo(new ArmSums(3, 8, 2, 30, 2, 3));
    }

    @Test
    void residualsComeFromTheSumsAlone() {
        // Around p = 4/7: (3 − 12/7)² + (4/7)² + (8/7)² + (3/7)² = 170/49.
        assertThat(holdout().squaredResiduals(4.0 / 7)).isCloseTo(170.0 / 49, within(1e-12));
        // One-member units with identical outcomes leave no residual; rounding must not make it negative.
        assertThat(new ArmSums(3, 3, 3, 3, 3, 3).squaredResiduals(1)).isZero();
    }

    @Test
    void valuesNeedNotBeProportions() {
        // Converted value per promoter: 250.5 from a unit of 2 promoters.
        var value = ArmSums.unit(2, 250.5);
        assertThat(value.isProportion()).isFalse();
        assertThat(value.rate()).isEqualTo(125.25);
        assertThatThrownBy(() -> value.requireProportion("treated arm"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("treated arm is not an arm of proportions");
        assertThatThrownBy(() -> ArmSums.proportionUnit(2, 3)).hasMessageContaining("unit is not an arm of proportions");
    }

    @Test
    void sumsThatNoUnitsCouldGiveAreRefused() {
        // Σy ≤ Σn alone does not make a proportion: units (2, 0) and (1, 2) give Σy = 2 ≤ Σn = 3, Σyn = 2 < Σy² = 4.
        assertThat(ArmSums.unit(2, 0).plus(ArmSums.unit(1, 2)).isProportion()).isFalse();
        assertThatThrownBy(() -> new ArmSums(-1, 0, 0, 0, 0, 0)).hasMessageContaining("units must not be negative: -1");
        assertThatThrownBy(() -> new ArmSums(1, -2, 0, 4, 0, 0)).hasMessageContaining("members must be a finite number, not negative: -2");
        assertThatThrownBy(() -> new ArmSums(1, 1, Double.NaN, 1, 0, 0)).hasMessageContaining("events must be a finite number");
        assertThatThrownBy(() -> new ArmSums(1, 1, 0, Double.POSITIVE_INFINITY, 0, 0)).hasMessageContaining("membersSquared");
        assertThatThrownBy(() -> new ArmSums(0, 3, 1, 9, 1, 3)).hasMessageContaining("an arm without units has no members or events");
        assertThatThrownBy(() -> ArmSums.EMPTY.rate()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no members in the arm");
    }
}
