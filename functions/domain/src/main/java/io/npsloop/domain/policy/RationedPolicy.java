package io.npsloop.domain.policy;

import io.npsloop.domain.intake.SurveyResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The follow-up policy. In order: who can be contacted at all, which action their answer calls
 * for, whether it is held back (recent detractor, cooldown), whether it is worth its cost, and
 * finally which arm of the experiment the customer is in. Every outcome says why.
 */
public final class RationedPolicy implements FollowUpPolicy {

    private final PolicySettings settings;

    public RationedPolicy(PolicySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PolicySettings settings() {
        return settings;
    }

    @Override
    public FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now) {
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
        if (action == Action.RECOVERY && history.accountOpenRecoveryCase().isPresent()) {
            var open = history.accountOpenRecoveryCase().get();
            return new FollowUpDecision.JoinedCase(open, "account " + history.account().accountId()
                    + " already has an open recovery case " + open + "; added to it");
        }
        if (action == Action.REFERRAL) {
            var open = history.openRecoveryCase() != null ? history.openRecoveryCase() : history.accountOpenRecoveryCase().orElse(null);
            if (open != null) {
                return new FollowUpDecision.NotContacted(action, "referral held back: recovery case " + open + " is still open");
            }
        }
        if (action == Action.REFERRAL && history.lastDetractorAt() != null
                && history.lastDetractorAt().isAfter(now.minus(settings.referralLookback()))) {
            return new FollowUpDecision.NotContacted(action, "referral held back: answered as a detractor on "
                    + day(history.lastDetractorAt()) + ", within the " + settings.referralLookback().toDays() + "-day lookback");
        }
        var lastContact = history.lastContact(action);
        if (lastContact.isPresent() && lastContact.get().isAfter(now.minus(settings.cooldown()))) {
            return new FollowUpDecision.NotContacted(action, "cooldown: last " + action.wireName() + " was on "
                    + day(lastContact.get()) + ", within " + settings.cooldown().toDays() + " days");
        }
        String worth;
        if (respondent.annualValue() == null) {
            if (!settings.contactUnknownValue()) {
                return new FollowUpDecision.NotContacted(action, "not contacted: annual value unknown");
            }
            worth = "annual value unknown, contacted by default";
        } else {
            var saved = respondent.annualValue().multiply(settings.uplift(action)).setScale(2, RoundingMode.HALF_UP);
            var cost = settings.cost(action).setScale(2, RoundingMode.HALF_UP);
            if (saved.compareTo(cost) <= 0) {
                return new FollowUpDecision.NotContacted(action,
                        "not contacted: expected value " + saved.toPlainString() + " does not exceed the cost " + cost.toPlainString());
            }
            worth = "expected value " + saved.toPlainString() + " exceeds the cost " + cost.toPlainString();
        }
        // People of one account share an arm: an account's follow-up reaches all of them or none.
        var unit = respondent.accountId() != null ? "account:" + respondent.accountId() : respondent.id();
        var arm = history.arm(action).orElseGet(() -> settings.holdout().armOf(unit, action));
        var label = switch (action) {
            case RECOVERY -> "detractor: service recovery";
            case REFERRAL -> "promoter: referral ask";
            case NURTURE -> "passive: nurture";
        };
        if (arm == Arm.HOLDOUT) {
            return new FollowUpDecision.Holdout(action, label + "; holdout arm (control group), not contacted; " + worth);
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
