package io.npsloop.domain;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Classifies a response, decides its follow-up and stores both. Idempotent by the response's key. */
public final class ResponseIntake {

    private final FollowUpPolicy policy;
    private final ValueTiers valueTiers;
    private final ResponseStore store;
    private final Clock clock;

    public ResponseIntake(FollowUpPolicy policy, ValueTiers valueTiers, ResponseStore store, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
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
        // Whole seconds: the times people read in messages and exports need no more.
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var tier = valueTiers.tierOf(response.respondent().annualValue());
        var record = new ResponseRecord(response, tier, policy.decide(response, now), now);
        // Java 17 bytecode: no pattern switch yet.
        if (store.store(record) instanceof ResponseStore.AlreadyStored prior) {
            return new Duplicate(response.key(), prior);
        }
        return new Accepted(record);
    }
}
