package io.npsloop.domain.roi;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import java.math.BigDecimal;
import java.util.EnumMap;

/** What one stored response or outcome adds to its day's counters. */
public final class Contributions {

    private Contributions() {}

    /**
     * A response counts once in the NPS figures; if its decision put the customer in an arm of
     * recovery, referral or nurture, it also counts in that arm, with the customer's annual value
     * where churn is measured (unknown counts as zero). Customers not contacted for cost or cooldown, or who joined an account's
     * case, are in neither arm: the comparison is between like and like.
     */
    public static Tally ofResponse(Category category, FollowUpDecision decision, BigDecimal annualValue) {
        var counts = new EnumMap<Counter, BigDecimal>(Counter.class);
        counts.put(Counter.RESPONSES, BigDecimal.ONE);
        counts.put(switch (category) {
            case PROMOTER -> Counter.PROMOTERS;
            case PASSIVE -> Counter.PASSIVES;
            case DETRACTOR -> Counter.DETRACTORS;
        }, BigDecimal.ONE);
        var action = decision.consideredAction().orElse(null);
        var arm = decision.arm().orElse(null);
        var value = annualValue == null ? BigDecimal.ZERO : annualValue;
        if (action == Action.RECOVERY && arm != null) {
            counts.put(arm == Arm.TREATMENT ? Counter.RECOVERY_TREATED : Counter.RECOVERY_HOLDOUT, BigDecimal.ONE);
            counts.put(arm == Arm.TREATMENT ? Counter.RECOVERY_TREATED_VALUE : Counter.RECOVERY_HOLDOUT_VALUE, value);
        } else if (action == Action.REFERRAL && arm != null) {
            counts.put(arm == Arm.TREATMENT ? Counter.REFERRAL_ASKED : Counter.REFERRAL_HOLDOUT, BigDecimal.ONE);
        } else if (action == Action.NURTURE && arm != null) {
            counts.put(arm == Arm.TREATMENT ? Counter.NURTURE_TREATED : Counter.NURTURE_HOLDOUT, BigDecimal.ONE);
            counts.put(arm == Arm.TREATMENT ? Counter.NURTURE_TREATED_VALUE : Counter.NURTURE_HOLDOUT_VALUE, value);
        }
        return Tally.of(counts);
    }

    /** An attributed outcome, in the arm of its type's first action. A repeated churn adds nothing. */
    public static Tally ofOutcome(Outcome outcome, Arm arm, boolean firstChurn) {
        return ofOutcome(outcome, outcome.type().action(), arm, firstChurn);
    }

    /**
     * An attributed outcome, in the arm of a cohort of {@code action}. A repeated churn adds
     * nothing, nor does an outcome that does not measure {@code action}.
     */
    public static Tally ofOutcome(Outcome outcome, Action action, Arm arm, boolean firstChurn) {
        if (!outcome.type().actions().contains(action)) {
            return Tally.EMPTY;
        }
        boolean treated = arm == Arm.TREATMENT;
        if (action == Action.NURTURE) {
            return switch (outcome.type()) {
                case CHURNED -> firstChurn
                        ? Tally.of(treated ? Counter.NURTURE_TREATED_CHURNED : Counter.NURTURE_HOLDOUT_CHURNED, 1)
                        : Tally.EMPTY;
                case RENEWED -> Tally.of(treated ? Counter.NURTURE_TREATED_RENEWED : Counter.NURTURE_HOLDOUT_RENEWED, 1);
                default -> Tally.EMPTY;
            };
        }
        return switch (outcome.type()) {
            case CHURNED -> firstChurn
                    ? Tally.of(treated ? Counter.RECOVERY_TREATED_CHURNED : Counter.RECOVERY_HOLDOUT_CHURNED, 1)
                    : Tally.EMPTY;
            case RENEWED -> Tally.of(treated ? Counter.RECOVERY_TREATED_RENEWED : Counter.RECOVERY_HOLDOUT_RENEWED, 1);
            case CONCESSION -> Tally.EMPTY.with(
                    treated ? Counter.RECOVERY_TREATED_CONCESSIONS : Counter.RECOVERY_HOLDOUT_CONCESSIONS, outcome.value());
            case REFERRAL_LEAD -> Tally.of(treated ? Counter.REFERRAL_ASKED_LEADS : Counter.REFERRAL_HOLDOUT_LEADS, 1);
            case REFERRAL_CONVERTED -> Tally.of(treated ? Counter.REFERRAL_ASKED_CONVERTED : Counter.REFERRAL_HOLDOUT_CONVERTED, 1)
                    .with(treated ? Counter.REFERRAL_ASKED_CONVERTED_VALUE : Counter.REFERRAL_HOLDOUT_CONVERTED_VALUE,
                            outcome.value());
        };
    }
}
