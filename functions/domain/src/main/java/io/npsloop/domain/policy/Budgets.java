package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.ValueTier;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The budget per action. Holdout decisions are charged as if the customer were contacted: the
 * budget must cut both arms alike, or the control group would hold customers the treated group
 * could not have, and the comparison would no longer be fair.
 */
public record Budgets(Budget recovery, Budget referral) {

    public static final Budgets UNLIMITED = new Budgets(Budget.UNLIMITED, Budget.UNLIMITED);

    public Budgets {
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(referral, "referral");
    }

    public Budget of(Action action) {
        return switch (action) {
            case RECOVERY -> recovery;
            case REFERRAL -> referral;
            // Nurture is light-touch and off by default; it has no budget of its own.
            case NURTURE -> Budget.UNLIMITED;
        };
    }

    public Optional<BudgetCharge> chargeFor(ResponseRecord record, FollowUpPolicy policy, Instant now) {
        var decision = record.decision();
        if (!(decision instanceof FollowUpDecision.Contact) && !(decision instanceof FollowUpDecision.Holdout)) {
            return Optional.empty();
        }
        var action = decision.consideredAction().orElseThrow();
        var budget = of(action);
        if (!budget.isLimited()) {
            return Optional.empty();
        }
        return Optional.of(BudgetCharge.of(action, policy.cost(action), budget, record.valueTier(), now));
    }

    /**
     * The decision that replaces one the budget could not pay for. It keeps its arm: the holdout
     * is charged like the treated, so the budget runs out alike for both and both still count.
     */
    public static FollowUpDecision.NotContacted exhausted(FollowUpDecision decided, BudgetCharge charge, String period, ValueTier tier) {
        var limit = period.equals("daily") ? charge.dailyLimit() : charge.monthlyLimit();
        return new FollowUpDecision.NotContacted(charge.action(), decided.arm().orElse(null), "not contacted: budget; the " + period + " "
                + charge.action().wireName() + " budget open to " + tier.wireName() + " value customers ("
                + limit.toPlainString() + ") is spent", decided.variant().orElse(null));
    }
}
