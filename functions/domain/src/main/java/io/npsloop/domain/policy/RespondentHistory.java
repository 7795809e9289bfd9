package io.npsloop.domain.policy;

import io.npsloop.domain.intake.ResponseKey;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the policy needs to know about a customer's past: when each action last reached them, the
 * arm they were given per action, when they last answered as a detractor, their open recovery
 * case, and their account's.
 *
 * @param openRecoveryCase the id of the customer's recovery case that still needs someone, or null
 * @param account the respondent's account, or null where the survey tool named none
 * @param version the stored state's version, so a decision is only kept if nothing changed meanwhile
 * @param counted the responses this state already counts
 * @param recentDecisions decisions of the last days kept on the state, so that a delivery that
 *     failed after counting its response can be finished with the decision it was counted with
 * @param unitCohorts the customer's own latest unit cohort per action, when they have no account
 * @param memberships the unit cohort the customer was last counted in, per action
 */
public record RespondentHistory(
        Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt, String openRecoveryCase,
        AccountHistory account, Map<String, WaveAnswer> waves, long version, Set<ResponseKey> counted,
        Map<ResponseKey, DecidedAnswer> recentDecisions, Map<Action, UnitCohort> unitCohorts,
        Map<Action, UnitCohort.Membership> memberships) {

    public static final RespondentHistory NONE = new RespondentHistory(Map.of(), Map.of(), null, 0);

    /** The customer's first answer to a survey: later answers to it within the wave revise this one. */
    public record WaveAnswer(ResponseKey key, Instant at) {}

    /**
     * A decision as the state recorded it when it counted the response, and when that response
     * arrived.
     *
     * @param membership the unit cohort place the response gave the customer, or null: a retry
     *     writes it to the cohort again, so a delivery that failed after counting it loses no count
     */
    public record DecidedAnswer(FollowUpDecision decision, Instant receivedAt, UnitCohort.Membership membership) {

        public DecidedAnswer(FollowUpDecision decision, Instant receivedAt) {
            this(decision, receivedAt, null);
        }
    }

    public RespondentHistory {
        lastContactAt = lastContactAt.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastContactAt));
        arms = arms.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(arms));
        waves = Map.copyOf(waves);
        counted = Set.copyOf(counted);
        recentDecisions = Map.copyOf(recentDecisions);
        unitCohorts = Map.copyOf(unitCohorts);
        memberships = Map.copyOf(memberships);
    }

    public RespondentHistory(Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt,
                             String openRecoveryCase, AccountHistory account, Map<String, WaveAnswer> waves, long version,
                             Set<ResponseKey> counted, Map<ResponseKey, DecidedAnswer> recentDecisions) {
        this(lastContactAt, arms, lastDetractorAt, openRecoveryCase, account, waves, version, counted, recentDecisions,
                Map.of(), Map.of());
    }

    public RespondentHistory(Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt,
                             String openRecoveryCase, AccountHistory account, Map<String, WaveAnswer> waves, long version) {
        this(lastContactAt, arms, lastDetractorAt, openRecoveryCase, account, waves, version, Set.of(), Map.of());
    }

    /** A customer with no open case, no account and no earlier answers. */
    public RespondentHistory(Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt, long version) {
        this(lastContactAt, arms, lastDetractorAt, null, null, Map.of(), version);
    }

    public RespondentHistory(Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt,
                             String openRecoveryCase, AccountHistory account, long version) {
        this(lastContactAt, arms, lastDetractorAt, openRecoveryCase, account, Map.of(), version);
    }

    public RespondentHistory withAccount(AccountHistory other) {
        return new RespondentHistory(lastContactAt, arms, lastDetractorAt, openRecoveryCase, other, waves, version, counted,
                recentDecisions, unitCohorts, memberships);
    }

    /**
     * The latest cohort of the respondent's unit of randomization for {@code action}: their
     * account's, or their own without an account.
     */
    public Optional<UnitCohort> unitCohort(Action action) {
        return Optional.ofNullable(account != null ? account.unitCohorts().get(action) : unitCohorts.get(action));
    }

    public Optional<UnitCohort.Membership> membership(Action action) {
        return Optional.ofNullable(memberships.get(action));
    }

    /** Whether this state already counts the response: an earlier delivery of it got that far. */
    public boolean counts(ResponseKey key) {
        return counted.contains(key);
    }

    /** The decision an earlier delivery of this response was counted with, if the state still keeps it. */
    public Optional<DecidedAnswer> decidedBefore(ResponseKey key) {
        return Optional.ofNullable(recentDecisions.get(key));
    }

    /** The earlier answer to this survey that {@code key} should revise, if it falls within the wave. */
    public Optional<ResponseKey> earlierAnswerInWave(String surveyId, ResponseKey key, Instant now, java.time.Duration wave) {
        var earlier = waves.get(surveyId);
        if (earlier == null || earlier.key().equals(key) || wave.isZero() || !earlier.at().isAfter(now.minus(wave))) {
            return Optional.empty();
        }
        return Optional.of(earlier.key());
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
