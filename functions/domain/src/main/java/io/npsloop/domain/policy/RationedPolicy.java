package io.npsloop.domain.policy;

import io.npsloop.domain.intake.SurveyResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The follow-up policy. In order: who can be contacted at all, which action their answer calls
 * for, whether it is worth its cost, which arm of the experiment the customer's unit is in, and,
 * in the treated arm, whether it joins the account's open case or is held back (an open case, a
 * recent detractor answer, cooldown). Every outcome says why.
 */
public final class RationedPolicy implements FollowUpPolicy {

    private final PolicySettings settings;
    private final PlaybookVariants variants;

    public RationedPolicy(PolicySettings settings) {
        this(settings, PlaybookVariants.NONE);
    }

    public RationedPolicy(PolicySettings settings, PlaybookVariants variants) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.variants = Objects.requireNonNull(variants, "variants");
    }

    public PolicySettings settings() {
        return settings;
    }

    @Override
    public FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now) {
        var decision = decideArm(response, history, now);
        // Drawn within the treated arm from the same unit the arm was drawn for.
        return response.respondent().isAnonymous() ? decision : variants.assign(decision, unitOf(response));
    }

    /** The randomization unit: an account, or a customer without one. */
    static String unitOf(SurveyResponse response) {
        var respondent = response.respondent();
        return respondent.accountId() != null ? "account:" + respondent.accountId() : respondent.id();
    }

    private FollowUpDecision decideArm(SurveyResponse response, RespondentHistory history, Instant now) {
        var respondent = response.respondent();
        if (respondent.isAnonymous()) {
            return new FollowUpDecision.NoFollowUp("anonymous respondent: nobody to contact");
        }
        Action action;
        switch (response.category()) {
            case DETRACTOR -> action = Action.RECOVERY;
            case PROMOTER -> action = Action.REFERRAL;
            default -> {
                if (!settings.nurture().enabled()) {
                    return new FollowUpDecision.NoFollowUp("passive: no follow-up");
                }
                action = Action.NURTURE;
            }
        }
        // Worth its cost or not depends on the answer alone, never on the arm: whatever is worth it
        // counts in its arm below, whatever happens next, so both arms count the same population.
        String worth = null;
        String notWorth = null;
        if (respondent.annualValue() == null) {
            if (settings.contactUnknownValue()) {
                worth = "annual value unknown, contacted by default";
            } else {
                notWorth = "not contacted: annual value unknown";
            }
        } else {
            var saved = respondent.annualValue().multiply(settings.uplift(action)).setScale(2, RoundingMode.HALF_UP);
            var cost = settings.cost(action).setScale(2, RoundingMode.HALF_UP);
            if (saved.compareTo(cost) <= 0) {
                notWorth = "not contacted: expected value " + saved.toPlainString() + " does not exceed the cost " + cost.toPlainString();
            } else {
                worth = "expected value " + saved.toPlainString() + " exceeds the cost " + cost.toPlainString();
            }
        }
        // People of one account share an arm: an account's follow-up reaches all of them or none.
        var unit = unitOf(response);
        var arm = notWorth != null ? null : history.unitCohort(action).map(UnitCohort::arm)
                .or(() -> history.arm(action)).orElseGet(() -> settings.holdout().armOf(unit, action));
        var label = switch (action) {
            case RECOVERY -> "detractor: service recovery";
            case REFERRAL -> "promoter: referral ask";
            case NURTURE -> "passive: nurture";
        };
        if (arm == Arm.HOLDOUT) {
            return new FollowUpDecision.Holdout(action, label + "; holdout arm (control group), not contacted; " + worth);
        }
        if (action == Action.RECOVERY && history.accountOpenRecoveryCase().isPresent()) {
            var open = history.accountOpenRecoveryCase().get();
            return new FollowUpDecision.JoinedCase(open, arm, "account " + history.account().accountId()
                    + " already has an open recovery case " + open + "; added to it");
        }
        if (notWorth != null) {
            return new FollowUpDecision.NotContacted(action, notWorth);
        }
        if (action == Action.REFERRAL) {
            var open = history.openRecoveryCase() != null ? history.openRecoveryCase() : history.accountOpenRecoveryCase().orElse(null);
            if (open != null) {
                return new FollowUpDecision.NotContacted(action, arm, "referral held back: recovery case " + open + " is still open");
            }
        }
        if (action == Action.REFERRAL && history.lastDetractorAt() != null
                && history.lastDetractorAt().isAfter(now.minus(settings.referralLookback()))) {
            return new FollowUpDecision.NotContacted(action, arm, "referral held back: answered as a detractor on "
                    + day(history.lastDetractorAt()) + ", within the " + settings.referralLookback().toDays() + "-day lookback");
        }
        var lastContact = history.lastContact(action);
        if (lastContact.isPresent() && lastContact.get().isAfter(now.minus(settings.cooldown()))) {
            return new FollowUpDecision.NotContacted(action, arm, "cooldown: last " + action.wireName() + " was on "
                    + day(lastContact.get()) + ", within " + settings.cooldown().toDays() + " days");
        }
        return new FollowUpDecision.Contact(action, now.plus(settings.sla(action)), label + "; " + worth);
    }

    @Override
    public BigDecimal cost(Action action) {
        return settings.cost(action);
    }

    private static String day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

}
