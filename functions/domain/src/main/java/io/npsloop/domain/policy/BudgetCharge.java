package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ValueTier;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What storing a decision takes from the budget: the action's cost, against the day's and the
 * month's counters, each up to the limit the customer's tier may use (null: no cap).
 */
public record BudgetCharge(Action action, BigDecimal cost, String day, String month, BigDecimal dailyLimit, BigDecimal monthlyLimit) {

    public BudgetCharge {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(month, "month");
    }

    /** The charge for a decision, if its action has a cap; holdout decisions are charged too, see {@link Budgets}. */
    public static BudgetCharge of(Action action, BigDecimal cost, Budget budget, ValueTier tier, Instant now) {
        var date = now.atZone(ZoneOffset.UTC).toLocalDate();
        return new BudgetCharge(action, cost, date.toString(), date.toString().substring(0, 7),
                budget.limitFor(budget.daily(), tier), budget.limitFor(budget.monthly(), tier));
    }

    /** Whether the cost alone already exceeds a limit, so no counter needs to be read to know. */
    public String periodTheCostAloneExceeds() {
        if (dailyLimit != null && cost.compareTo(dailyLimit) > 0) {
            return "daily";
        }
        if (monthlyLimit != null && cost.compareTo(monthlyLimit) > 0) {
            return "monthly";
        }
        return null;
    }
}
