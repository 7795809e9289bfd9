package io.npsloop.domain.policy;

import java.util.Map;

/**
 * What the policy needs to know about the B2B account a respondent belongs to: the account's
 * open recovery case, if any, since an account gets one at a time, and the account's latest
 * cohort per action, since an account is one unit of the experiment.
 *
 * @param openRecoveryCase the id of the account's recovery case that still needs someone, or null
 * @param version the stored account state's version, checked when the decision is written
 */
public record AccountHistory(String accountId, String openRecoveryCase, long version, Map<Action, UnitCohort> unitCohorts) {

    public AccountHistory {
        unitCohorts = Map.copyOf(unitCohorts);
    }

    public AccountHistory(String accountId, String openRecoveryCase, long version) {
        this(accountId, openRecoveryCase, version, Map.of());
    }

    public static AccountHistory none(String accountId) {
        return new AccountHistory(accountId, null, 0);
    }
}
