package io.npsloop.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftChange;
import io.npsloop.domain.roi.UpliftEstimator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpliftItemTest {

    @Test
    void theEstimatesAndTheirHistoryReadBackAsWritten() {
        var at = Instant.parse("2026-11-22T11:00:00Z");
        var measured = new TierUplift(Action.RECOVERY, ValueTier.LOW,
                new UpliftEstimator.Estimate(0.05, 0.001, 0.004, 0.01, 0.9, 0.0, 400, 3600, 380.5, 3400.25),
                new BigDecimal("410.00"), new BigDecimal("25"), false);
        var referral = new TierUplift(Action.REFERRAL, ValueTier.HIGH,
                new UpliftEstimator.Estimate(0.02, null, 0.02, 0, 0, 0.02, 0, 0, 0, 0), null, new BigDecimal("10"), null);
        var change = new UpliftChange(Action.RECOVERY, ValueTier.LOW, false, at, new BigDecimal("0.00"), new BigDecimal("25"));
        var stored = new UpliftItem.Stored(at, List.of(measured, referral), List.of(change));

        assertThat(UpliftItem.stored(UpliftItem.item(stored))).isEqualTo(stored);
    }
}
