package io.npsloop.ingest;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.MeasuredUplifts;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.UpliftBook;
import io.npsloop.domain.policy.UpliftUsed;
import io.npsloop.table.UpliftItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The measured uplifts as the webhook's path uses them: the schedule's item, read at most once per
 * {@code cacheFor}, never computed here. While the item is missing, stale (older than
 * {@code maxAge}) or unreadable, the configured uplifts are used, and that is logged once per spell.
 */
final class MeasuredUpliftBook implements UpliftBook {

    private final Supplier<Optional<UpliftItem.Stored>> read;
    private final PolicySettings settings;
    private final Duration cacheFor;
    private final Duration maxAge;
    private final Clock clock;
    private final Consumer<String> log;
    private final UpliftBook configured;
    private Optional<UpliftItem.Stored> stored = Optional.empty();
    private Instant readAt;
    private boolean fellBack;

    MeasuredUpliftBook(Supplier<Optional<UpliftItem.Stored>> read, PolicySettings settings, Duration cacheFor, Duration maxAge,
                       Clock clock, Consumer<String> log) {
        this.read = Objects.requireNonNull(read, "read");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.configured = UpliftBook.configured(settings);
    }

    @Override
    public UpliftUsed upliftFor(Action action, ValueTier tier) {
        return current().upliftFor(action, tier);
    }

    private synchronized UpliftBook current() {
        var now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(cacheFor))) {
            try {
                stored = read.get();
            } catch (RuntimeException e) {
                // Keep what was read last: a throttled read must not stop intake.
                log.accept("{\"level\":\"WARN\",\"message\":\"uplift item unreadable\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            }
            readAt = now;
        }
        if (stored.isEmpty() || stored.get().computedAt().isBefore(now.minus(maxAge))) {
            if (!fellBack) {
                fellBack = true;
                log.accept("{\"level\":\"WARN\",\"message\":\"no current measured uplift: the configured uplifts are used\",\"computedAt\":"
                        + stored.map(s -> "\"" + s.computedAt() + "\"").orElse("null") + "}");
            }
            return configured;
        }
        fellBack = false;
        return uplifts(stored.get()).over(settings);
    }

    /**
     * The used uplift of each measured action × tier with evidence, to six decimals as decisions
     * state it; a tier without customers in both arms keeps the configured uplift, and says so.
     */
    static MeasuredUplifts uplifts(UpliftItem.Stored stored) {
        var used = new EnumMap<Action, Map<ValueTier, BigDecimal>>(Action.class);
        for (var uplift : stored.estimates()) {
            if (uplift.measured() && uplift.estimate().measured() != null) {
                used.computeIfAbsent(uplift.action(), a -> new EnumMap<>(ValueTier.class)).put(uplift.tier(),
                        BigDecimal.valueOf(uplift.estimate().used()).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros());
            }
        }
        return new MeasuredUplifts(stored.computedAt(), used);
    }
}
