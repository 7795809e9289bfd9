package io.npsloop.domain.policy;

import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.intake.ValueTiers;
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
 *
 * <p>Worth is annual value × uplift against cost, the uplift from an {@link UpliftBook}: the
 * settings' (configured), or the one measured per action and value tier. While uplift is measured,
 * a unit below cost that the configured uplift would have contacted may still be drawn into the
 * experiment ({@link PolicySettings.Learning}), so a tier that stops being contacted keeps being measured.
 */
public final class RationedPolicy implements FollowUpPolicy {

    private final PolicySettings settings;
    private final ValueTiers tiers;
    private final UpliftBook uplifts;
    private final PlaybookVariants variants;

    /** The policy on the configured uplifts. */
    public RationedPolicy(PolicySettings settings) {
        this(settings, ValueTiers.DEFAULT, UpliftBook.configured(settings), PlaybookVariants.NONE);
    }

    /** The policy on the configured uplifts, with playbook variants. */
    public RationedPolicy(PolicySettings settings, PlaybookVariants variants) {
        this(settings, ValueTiers.DEFAULT, UpliftBook.configured(settings), variants);
    }

    /** The policy on {@code uplifts}, without playbook variants. */
    public RationedPolicy(PolicySettings settings, ValueTiers tiers, UpliftBook uplifts) {
        this(settings, tiers, uplifts, PlaybookVariants.NONE);
    }

    /**
     * @param tiers the tiers {@link #decide} puts a customer in ({@link #rate} is given the tier)
     * @param uplifts the uplift per action and tier
     * @param variants the playbook variants drawn within the treated arm
     */
    public RationedPolicy(PolicySettings settings, ValueTiers tiers, UpliftBook uplifts, PlaybookVariants variants) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.uplifts = Objects.requireNonNull(uplifts, "uplifts");
        this.variants = Objects.requireNonNull(variants, "variants");
    }

    public PolicySettings settings() {
        return settings;
    }

    @Override
    public FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now) {
        return rate(response, tiers.tierOf(response.respondent().annualValue()), history, now).decision();
    }

    @Override
    public Rated rate(SurveyResponse response, ValueTier tier, RespondentHistory history, Instant now) {
        var rated = rateArm(response, tier, history, now);
        // Drawn within the treated arm from the same unit the arm was drawn for.
        return response.respondent().isAnonymous() ? rated
                : new Rated(variants.assign(rated.decision(), unitOf(response)), rated.uplift());
    }

    /** The randomization unit: an account, or a customer without one. */
    static String unitOf(SurveyResponse response) {
        var respondent = response.respondent();
        return respondent.accountId() != null ? "account:" + respondent.accountId() : respondent.id();
    }

    private Rated rateArm(SurveyResponse response, ValueTier tier, RespondentHistory history, Instant now) {
        var respondent = response.respondent();
        if (respondent.isAnonymous()) {
            return new Rated(new FollowUpDecision.NoFollowUp("anonymous respondent: nobody to contact"), null);
        }
        Action action;
        switch (response.category()) {
            case DETRACTOR -> action = Action.RECOVERY;
            case PROMOTER -> action = Action.REFERRAL;
            default -> {
                if (!settings.nurture().enabled()) {
                    return new Rated(new FollowUpDecision.NoFollowUp("passive: no follow-up"), null);
                }
                action = Action.NURTURE;
            }
        }
        var uplift = uplifts.upliftFor(action, tier);
        return new Rated(decide(response, history, now, action, uplift), uplift);
    }

    private FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now, Action action, UpliftUsed uplift) {
        var respondent = response.respondent();
        var holdout = settings.segmentHoldout();
        // People of one account share an arm: an account's follow-up reaches all of them or none.
        var unit = unitOf(response);
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
            var saved = respondent.annualValue().multiply(uplift.uplift()).setScale(2, RoundingMode.HALF_UP);
            var cost = settings.cost(action).setScale(2, RoundingMode.HALF_UP);
            var measured = uplift.origin() == UpliftSource.MEASURED
                    ? " at the measured uplift " + uplift.uplift().stripTrailingZeros().toPlainString() + " of " + uplift.estimatedAt() : "";
            if (saved.compareTo(cost) <= 0) {
                notWorth = "not contacted: expected value " + saved.toPlainString() + " does not exceed the cost " + cost.toPlainString()
                        + measured;
                // Below cost as measured, but not as configured: a drawn share stays in the experiment, so the tier keeps
                // being measured; its holdout stays whole, since holding out costs nothing.
                var configured = respondent.annualValue().multiply(settings.uplift(action)).setScale(2, RoundingMode.HALF_UP);
                if (!measured.isEmpty() && configured.compareTo(cost) > 0) {
                    var drawn = history.unitCohort(action).map(UnitCohort::arm).or(() -> history.arm(action))
                            .orElseGet(() -> holdout.armOf(unit, action) == Arm.HOLDOUT ? Arm.HOLDOUT
                                    : holdout.drawn(unit, action, settings.learning().explorationBasisPoints()) ? Arm.TREATMENT : null);
                    if (drawn != null) {
                        worth = "explored: expected value " + saved.toPlainString() + " does not exceed the cost " + cost.toPlainString()
                                + measured + ", but its unit is drawn to keep the tier measured";
                        notWorth = null;
                    }
                }
            } else {
                worth = "expected value " + saved.toPlainString() + " exceeds the cost " + cost.toPlainString() + measured;
            }
        }
        var arm = notWorth != null ? null : history.unitCohort(action).map(UnitCohort::arm)
                .or(() -> history.arm(action)).orElseGet(() -> holdout.armOf(unit, action));
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
