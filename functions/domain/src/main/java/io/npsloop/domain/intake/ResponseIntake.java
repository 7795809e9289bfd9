package io.npsloop.domain.intake;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.BudgetCharge;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.FollowUpPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.ports.ResponseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Classifies a response, decides its follow-up on the customer's history and stores both.
 * Idempotent by the response's key. The decision is only kept if the history it was made on is
 * still current: two answers from one customer at once cannot both pass a cooldown.
 */
public final class ResponseIntake {

    /** Each lost race means another response of the same customer was stored; a handful always suffices. */
    static final int ATTEMPTS = 8;

    private final FollowUpPolicy policy;
    private final Budgets budgets;
    private final ValueTiers valueTiers;
    private final ResponseStore store;
    private final Clock clock;
    private final Duration wave;

    public ResponseIntake(FollowUpPolicy policy, Budgets budgets, ValueTiers valueTiers, ResponseStore store, Clock clock) {
        this(policy, budgets, valueTiers, store, clock, Duration.ZERO);
    }

    /**
     * @param wave how long after a customer's first answer to a survey their further answers to it
     *     revise that answer instead of being new responses; zero turns this off
     */
    public ResponseIntake(
            FollowUpPolicy policy, Budgets budgets, ValueTiers valueTiers, ResponseStore store, Clock clock, Duration wave) {
        this.wave = Objects.requireNonNull(wave, "wave");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
        this.valueTiers = Objects.requireNonNull(valueTiers, "valueTiers");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public sealed interface Result {}

    /** Stored for the first time. */
    public record Accepted(ResponseRecord record) implements Result {}

    /** A retry of a response already stored: nothing new was created. */
    public record Duplicate(ResponseKey key, ResponseStore.AlreadyStored prior) implements Result {}

    /**
     * A later version of a stored response replaced it. Its follow-up was decided again only if
     * the category changed and the follow-up had not gone out yet; otherwise the first decision holds.
     */
    public record Revised(ResponseRecord record, boolean decidedAgain, String priorStatus) implements Result {}

    /** The customer's data was erased on request: nothing is stored, so a late retry cannot bring it back. */
    public record Erased(ResponseKey key) implements Result {}

    public Result accept(SurveyResponse response) {
        return accept(response, false);
    }

    /**
     * @param update the survey tool says this delivery updates a response it sent before; an
     *     update that arrives first is stored like a new response
     */
    public Result accept(SurveyResponse response, boolean update) {
        var result = create(response);
        if (update && result instanceof Duplicate) {
            return revise(response);
        }
        return result;
    }

    private Result create(SurveyResponse response) {
        var customerId = response.respondent().id();
        var tier = valueTiers.tierOf(response.respondent().annualValue());
        for (int attempt = 1; ; attempt++) {
            var history = customerId == null ? RespondentHistory.NONE : store.history(customerId, response.respondent().accountId());
            if (customerId != null && history.isNew() && store.erased(customerId)) {
                return new Erased(response.key());
            }
            // Whole seconds: the times people read in messages and exports need no more.
            var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            if (history.counts(response.key())) {
                return finish(response, tier, history, now);
            }
            var earlier = history.earlierAnswerInWave(response.surveyId(), response.key(), now, wave);
            if (earlier.isPresent()) {
                // A repeat answer within the survey wave revises the first one and never adds a follow-up.
                return revise(new SurveyResponse(earlier.get(), response.surveyId(), response.respondent(), response.score(),
                        response.comment(), response.submittedAt()));
            }
            var rated = policy.rate(response, tier, history, now);
            var record = new ResponseRecord(response, tier, rated.decision(), now, rated.uplift());
            try {
                var charge = budgets.chargeFor(record, policy, now);
                ResponseStore.StoreResult outcome;
                if (charge.isEmpty()) {
                    outcome = store.store(record, history);
                } else {
                    var tooDear = charge.get().periodTheCostAloneExceeds();
                    if (tooDear != null) {
                        record = withinBudget(record, charge.get(), tooDear);
                        outcome = store.store(record, history);
                    } else {
                        try {
                            outcome = store.store(record, history, charge.get());
                        } catch (ResponseStore.BudgetExhaustedException e) {
                            record = withinBudget(record, charge.get(), e.period());
                            outcome = store.store(record, history);
                        }
                    }
                }
                // Java 17 bytecode: no pattern switch yet.
                if (outcome instanceof ResponseStore.AlreadyStored prior) {
                    return new Duplicate(response.key(), prior);
                }
                return new Accepted(record);
            } catch (ResponseStore.ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /**
     * An earlier delivery of this response updated the customer's state and then failed (or a
     * concurrent one is finishing): store the response with the decision the state counted, or,
     * where the state no longer keeps it, with one made now, which no longer changes the state.
     * The store also redoes the unit cohort write that delivery may not have reached.
     */
    private Result finish(SurveyResponse response, ValueTier tier, RespondentHistory history, Instant now) {
        var record = history.decidedBefore(response.key())
                .map(earlier -> new ResponseRecord(response, tier, earlier.decision(), earlier.receivedAt()))
                .orElseGet(() -> {
                    var rated = policy.rate(response, tier, history, now);
                    return new ResponseRecord(response, tier, rated.decision(), now, rated.uplift());
                });
        var outcome = store.complete(record, history);
        if (outcome instanceof ResponseStore.AlreadyStored prior) {
            return new Duplicate(response.key(), prior);
        }
        return new Accepted(record);
    }

    private Result revise(SurveyResponse response) {
        var customerId = response.respondent().id();
        var tier = valueTiers.tierOf(response.respondent().annualValue());
        for (int attempt = 1; ; attempt++) {
            var stored = store.find(response.key()).orElseThrow(() -> new IllegalStateException("stored response vanished"));
            var prior = stored.record();
            if (prior.response().equals(response)) {
                var action = prior.decision().consideredAction().map(Action::wireName).orElse("none");
                return new Duplicate(response.key(), new ResponseStore.AlreadyStored(prior.category(), action, stored.status()));
            }
            var history = customerId == null ? RespondentHistory.NONE : store.history(customerId, response.respondent().accountId());
            boolean decideAgain = !stored.followUpSent() && prior.category() != response.category();
            // Budgets are not charged again on revision: the first decision already was, if it needed to be.
            var rated = decideAgain
                    ? policy.rate(response, tier, history, clock.instant().truncatedTo(ChronoUnit.SECONDS))
                    : new FollowUpPolicy.Rated(prior.decision(), prior.uplift());
            var revised = new ResponseRecord(response, tier, rated.decision(), prior.receivedAt(), rated.uplift());
            try {
                store.revise(revised, stored, history);
                return new Revised(revised, decideAgain, stored.status());
            } catch (ResponseStore.ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static ResponseRecord withinBudget(ResponseRecord record, BudgetCharge charge, String period) {
        return new ResponseRecord(record.response(), record.valueTier(), Budgets.exhausted(record.decision(), charge, period, record.valueTier()),
                record.receivedAt(), record.uplift());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep((long) (10 * attempt * (0.5 + Math.random())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a concurrent update", e);
        }
    }
}
