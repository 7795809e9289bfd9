package io.npsloop.domain.policy;

import java.util.Locale;

/**
 * Where a response's follow-up stands, as stored with it and answered to the survey tool. A
 * decision sets the first status; only {@code pending} moves on, to {@code sent}, once published.
 */
public enum FollowUpStatus {
    /** A follow-up waiting to be published; the only status the dispatch stream filter lets through. */
    PENDING,
    SENT,
    /** In the control group: deliberately not contacted. */
    HOLDOUT,
    /** Considered, but rationed out, in cooldown or held back; the reason says which. */
    NOT_CONTACTED,
    /** Added to the account's open recovery case instead of opening a second one. */
    JOINED_CASE,
    /** No follow-up was considered. */
    NONE;

    /** The stored word: lower case, words joined by {@code -}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FollowUpStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The status a decision is first stored with. */
    public static FollowUpStatus of(FollowUpDecision decision) {
        if (decision instanceof FollowUpDecision.Contact) {
            return PENDING;
        }
        if (decision instanceof FollowUpDecision.Holdout) {
            return HOLDOUT;
        }
        if (decision instanceof FollowUpDecision.JoinedCase) {
            return JOINED_CASE;
        }
        return decision instanceof FollowUpDecision.NotContacted ? NOT_CONTACTED : NONE;
    }
}
