package io.npsloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.UpliftSource;
import io.npsloop.domain.policy.UpliftUsed;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftEstimator;
import io.npsloop.table.UpliftItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MeasuredUpliftBookTest {

    private static final Instant COMPUTED = Instant.parse("2026-11-22T10:00:00Z");

    private static UpliftItem.Stored stored(Instant at) {
        var low = new TierUplift(Action.RECOVERY, ValueTier.LOW,
                new UpliftEstimator.Estimate(0.05, 0.0, 0.001, 0.002, 0.9, 0.0012345678, 500, 4500, 500, 4500),
                new BigDecimal("400"), new BigDecimal("25"), false);
        var referral = new TierUplift(Action.REFERRAL, ValueTier.LOW,
                new UpliftEstimator.Estimate(0.02, null, 0.02, 0, 0, 0.02, 0, 0, 0, 0), null, new BigDecimal("10"), null);
        return new UpliftItem.Stored(at, List.of(low, referral), List.of());
    }

    @Test
    void aCurrentItemGivesMeasuredUpliftsReadOncePerCachePeriodAndConfiguredOnesWhereItHasNone() {
        var now = new AtomicReference<>(COMPUTED.plus(Duration.ofMinutes(30)));
        var reads = new AtomicInteger();
        var logs = new ArrayList<String>();
        var book = new MeasuredUpliftBook(() -> {
            reads.incrementAndGet();
            return Optional.of(stored(COMPUTED));
        }, PolicySettings.DEFAULTS, Duration.ofMinutes(5), Duration.ofHours(6), clock(now), logs::add);

        assertThat(book.upliftFor(Action.RECOVERY, ValueTier.LOW))
                .isEqualTo(new UpliftUsed(new BigDecimal("0.001235"), UpliftSource.MEASURED, COMPUTED));
        assertThat(book.upliftFor(Action.RECOVERY, ValueTier.HIGH)).isEqualTo(UpliftUsed.configured(new BigDecimal("0.05")));
        assertThat(book.upliftFor(Action.REFERRAL, ValueTier.LOW)).isEqualTo(UpliftUsed.configured(new BigDecimal("0.02")));
        assertThat(reads).hasValue(1);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        book.upliftFor(Action.RECOVERY, ValueTier.LOW);
        assertThat(reads).hasValue(2);
        assertThat(logs).isEmpty();
    }

    @Test
    void aMissingOrStaleItemFallsBackToTheConfiguredUpliftsAndSaysSoOnce() {
        var now = new AtomicReference<>(COMPUTED.plus(Duration.ofHours(7)));
        var logs = new ArrayList<String>();
        var item = new AtomicReference<Optional<UpliftItem.Stored>>(Optional.empty());
        var book = new MeasuredUpliftBook(item::get, PolicySettings.DEFAULTS, Duration.ZERO, Duration.ofHours(6), clock(now), logs::add);

        assertThat(book.upliftFor(Action.RECOVERY, ValueTier.LOW)).isEqualTo(UpliftUsed.configured(new BigDecimal("0.05")));
        item.set(Optional.of(stored(COMPUTED)));
        assertThat(book.upliftFor(Action.RECOVERY, ValueTier.LOW)).isEqualTo(UpliftUsed.configured(new BigDecimal("0.05")));
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0)).contains("configured uplifts are used");

        item.set(Optional.of(stored(now.get().minusSeconds(60))));
        assertThat(book.upliftFor(Action.RECOVERY, ValueTier.LOW).origin()).isEqualTo(UpliftSource.MEASURED);
    }

    private static Clock clock(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
