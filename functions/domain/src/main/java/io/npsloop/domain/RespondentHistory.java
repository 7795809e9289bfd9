package io.npsloop.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy needs to know about a customer's past: when each action last reached them, the
 * arm they were given per action, when they last answered as a detractor, their open recovery
 * case, and their account's.
 *
 * @param openRecoveryCase the id of the customer's recovery case that still needs someone, or null
 * @param account the respondent's account, or null where the survey tool named none
 * @param version the stored state's version, so a decision is only kept if nothing changed meanwhile
 */
public record RespondentHistory(
        Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt, String openRecoveryCase,
        AccountHistory account, long version) {

    public static final RespondentHistory NONE = new RespondentHistory(Map.of(), Map.of(), null, 0);

    public RespondentHistory {
        lastContactAt = lastContactAt.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastContactAt));
        arms = arms.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(arms));
    }

    /** A customer with no open case and no account. */
    public RespondentHistory(Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt, long version) {
        this(lastContactAt, arms, lastDetractorAt, null, null, version);
    }

    public RespondentHistory withAccount(AccountHistory other) {
        return new RespondentHistory(lastContactAt, arms, lastDetractorAt, openRecoveryCase, other, version);
    }

    /** The account's open recovery case, if the respondent has an account and it has one. */
    public Optional<String> accountOpenRecoveryCase() {
        return account == null ? Optional.empty() : Optional.ofNullable(account.openRecoveryCase());
    }

    public Optional<Instant> lastContact(Action action) {
        return Optional.ofNullable(lastContactAt.get(action));
    }

    public Optional<Arm> arm(Action action) {
        return Optional.ofNullable(arms.get(action));
    }

    public boolean isNew() {
        return version == 0;
    }
}
