package io.npsloop.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftChange;
import io.npsloop.domain.roi.UpliftEstimator;
import io.npsloop.table.UpliftItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpliftReportTest {

    @Test
    void eachTierSaysWhatItsTypicalCustomerIsExpectedToBringAndSinceWhenItIsNotContacted() {
        var since = Instant.parse("2026-11-02T10:00:00Z");
        var low = new TierUplift(Action.RECOVERY, ValueTier.LOW,
                new UpliftEstimator.Estimate(0.05, -0.002, 0.004, 0.01, 0.8, 0.01, 300, 2700, 300, 2700),
                new BigDecimal("410.00"), new BigDecimal("25"), false);
        var referral = new TierUplift(Action.REFERRAL, ValueTier.LOW,
                new UpliftEstimator.Estimate(0.02, null, 0.02, 0, 0, 0.02, 0, 0, 0, 0), null, new BigDecimal("10"), null);
        var stored = new UpliftItem.Stored(since.plusSeconds(86_400), List.of(low, referral),
                List.of(new UpliftChange(Action.RECOVERY, ValueTier.LOW, false, since, new BigDecimal("4.10"), new BigDecimal("25"))));

        var body = ReportApi.uplift(stored);

        @SuppressWarnings("unchecked")
        var tiers = (List<Map<String, Object>>) body.get("tiers");
        assertThat(tiers.get(0)).containsEntry("summary", "low tier: expected 4.10 below cost 25, not contacted since 2026-11-02")
                .containsEntry("origin", "measured").containsEntry("prior", 0.05).containsEntry("measured", -0.002)
                .containsEntry("used", 0.01).containsEntry("since", since.toString()).containsEntry("contacted", false);
        assertThat(tiers.get(1)).containsEntry("origin", "configured").containsEntry("measured", null);
        assertThat((String) tiers.get(1).get("summary")).startsWith("low tier: configured uplift 0.02 (referral is not measured");
        assertThat(body).containsEntry("computedAt", "2026-11-03T10:00:00Z");
    }
}
