package io.npsloop.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.policy.Action;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassificationTest {

    @ParameterizedTest(name = "score {0} is a {1}")
    @CsvSource({
        "0, DETRACTOR", "1, DETRACTOR", "2, DETRACTOR", "3, DETRACTOR", "4, DETRACTOR", "5, DETRACTOR", "6, DETRACTOR",
        "7, PASSIVE", "8, PASSIVE",
        "9, PROMOTER", "10, PROMOTER"
    })
    void everyScoreHasItsCategory(int score, Category expected) {
        assertThat(new Score(score).category()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 11, 100, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void scoresOutsideZeroToTenAreRejected(int score) {
        assertThatThrownBy(() -> new Score(score))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0 and 10");
    }

    @ParameterizedTest(name = "annual value {0} is {1}")
    @CsvSource({
        "0, LOW", "999.99, LOW", "1000, MEDIUM", "9999.99, MEDIUM", "10000, HIGH", "2500000, HIGH"
    })
    void valueTiersUseInclusiveLowerBounds(BigDecimal annualValue, ValueTier expected) {
        assertThat(ValueTiers.DEFAULT.tierOf(annualValue)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void unknownValueIsItsOwnTier() {
        assertThat(ValueTiers.DEFAULT.tierOf(null)).isEqualTo(ValueTier.UNKNOWN);
    }

    @org.junit.jupiter.api.Test
    void tierThresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new ValueTiers(new BigDecimal("100"), new BigDecimal("1000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("medium <= high");
    }

    @org.junit.jupiter.api.Test
    void wireNamesRoundTrip() {
        for (var category : Category.values()) {
            assertThat(Category.fromWireName(category.wireName())).isEqualTo(category);
        }
        for (var tier : ValueTier.values()) {
            assertThat(ValueTier.fromWireName(tier.wireName())).isEqualTo(tier);
        }
        for (var action : Action.values()) {
            assertThat(Action.fromWireName(action.wireName())).isEqualTo(action);
        }
    }
}
