package io.npsloop.domain.policy;

/**
 * What the policy needs to know about the B2B account a respondent belongs to: the account's
 * open recovery case, if any, since an account gets one at a time.
 *
 * @param openRecoveryCase the id of the account's recovery case that still needs someone, or null
 * @param version the stored account state's version, checked when the decision is written
 */
public record AccountHistory(String accountId, String openRecoveryCase, long version) {

    public static AccountHistory none(String accountId) {
        return new AccountHistory(accountId, null, 0);
    }
}
