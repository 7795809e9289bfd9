package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ValueTier;

/** The uplift the policy rations an action with, for a customer of a value tier. */
@FunctionalInterface
public interface UpliftBook {

    UpliftUsed upliftFor(Action action, ValueTier tier);

    /** The settings' uplift of each action, whatever the tier: the rationing the policy has always done. */
    static UpliftBook configured(PolicySettings settings) {
        return (action, tier) -> UpliftUsed.configured(settings.uplift(action));
    }
}
