package io.npsloop.domain.roi;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When an action's typical customer of a tier started or stopped being worth contacting at the
 * measured uplift: the tier's first estimate, then each time it crossed the cost.
 *
 * @param expected the typical value × used uplift at that time
 */
public record UpliftChange(Action action, ValueTier tier, boolean contacted, Instant at, BigDecimal expected, BigDecimal cost) {

    /** Changes kept: a tier crossing its cost every hour for two days still fits one small item. */
    public static final int KEPT = 48;

    public UpliftChange {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(cost, "cost");
    }

    /** The history with a change for each measured tier whose state differs from its last one, the newest {@link #KEPT}. */
    public static List<UpliftChange> next(List<UpliftChange> history, List<TierUplift> now, Instant at) {
        var next = new ArrayList<>(history);
        for (var uplift : now) {
            if (!uplift.measured() || uplift.contacted() == null) {
                continue;
            }
            var last = last(next, uplift.action(), uplift.tier());
            if (last == null || last.contacted() != uplift.contacted()) {
                next.add(new UpliftChange(uplift.action(), uplift.tier(), uplift.contacted(), at, uplift.expected(), uplift.cost()));
            }
        }
        return List.copyOf(next.subList(Math.max(0, next.size() - KEPT), next.size()));
    }

    /** The newest change of an action and tier, or null. */
    public static UpliftChange last(List<UpliftChange> history, Action action, ValueTier tier) {
        for (int i = history.size() - 1; i >= 0; i--) {
            var change = history.get(i);
            if (change.action() == action && change.tier() == tier) {
                return change;
            }
        }
        return null;
    }
}
