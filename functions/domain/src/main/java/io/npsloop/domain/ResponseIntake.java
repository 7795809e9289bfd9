package io.npsloop.domain;

import java.time.Clock;
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

    public ResponseIntake(FollowUpPolicy policy, Budgets budgets, ValueTiers valueTiers, ResponseStore store, Clock clock) {
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

    public Result accept(SurveyResponse response) {
        var customerId = response.respondent().id();
        var tier = valueTiers.tierOf(response.respondent().annualValue());
        for (int attempt = 1; ; attempt++) {
            var history = customerId == null ? RespondentHistory.NONE : store.history(customerId);
            // Whole seconds: the times people read in messages and exports need no more.
            var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            var record = new ResponseRecord(response, tier, policy.decide(response, history, now), now);
            try {
                var charge = budgets.chargeFor(record, policy, now);
                ResponseStore.StoreOutcome outcome;
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

    private static ResponseRecord withinBudget(ResponseRecord record, BudgetCharge charge, String period) {
        return new ResponseRecord(record.response(), record.valueTier(), Budgets.exhausted(charge, period, record.valueTier()),
                record.receivedAt());
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
