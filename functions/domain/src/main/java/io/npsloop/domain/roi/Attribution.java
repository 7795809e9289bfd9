package io.npsloop.domain.roi;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which decision an outcome counts against. An outcome counts for a cohort only if it happened
 * after the decision and within the observation window; otherwise it is kept but unattributed,
 * on the day it happened, so analysts can see outcomes the report could not use.
 */
public sealed interface Attribution {

    /** The day whose counters the outcome changes. */
    LocalDate day();

    /** What the outcome adds to that day. */
    Tally tally();

    record Attributed(Cohort cohort, Tally tally) implements Attribution {
        @Override
        public LocalDate day() {
            return cohort.day();
        }
    }

    record Unattributed(LocalDate day, String reason, Tally tally) implements Attribution {}

    /**
     * @param cohort the customer's latest decision for the outcome's action, if any
     * @param firstChurn for a churn: whether it is the first for this cohort (later ones do not count again)
     */
    static Attribution of(Outcome outcome, Optional<Cohort> cohort, Duration window, boolean firstChurn) {
        Objects.requireNonNull(window, "window");
        var day = LocalDate.ofInstant(outcome.occurredAt(), ZoneOffset.UTC);
        var unattributed = Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1);
        if (cohort.isEmpty()) {
            return new Unattributed(day, "no " + outcome.type().action().wireName() + " decision for this customer", unattributed);
        }
        var decision = cohort.get();
        if (outcome.occurredAt().isBefore(decision.decidedAt())) {
            return new Unattributed(day, "happened before the follow-up decision", unattributed);
        }
        if (outcome.occurredAt().isAfter(decision.decidedAt().plus(window))) {
            return new Unattributed(day, "happened after the observation window of " + window.toDays() + " days", unattributed);
        }
        return new Attributed(decision, Contributions.ofOutcome(outcome, decision.action(), decision.arm(), firstChurn));
    }

    /**
     * The outcome against each decision it measures: a churn counts in the customer's recovery
     * cohort and in their nurture cohort, each experiment seeing every churn of its own customers.
     * When it counts in none, it is one unattributed outcome, with the reason of the customer's
     * latest decision (or, without any, of the type's first action).
     *
     * @param cohorts the customer's latest decision for each of {@link OutcomeType#actions()} they have one for
     * @param firstChurn for a churn: whether it is the first for that cohort
     */
    static List<Attribution> ofEach(Outcome outcome, List<Cohort> cohorts, Duration window, Predicate<Cohort> firstChurn) {
        var attributed = new ArrayList<Attribution>();
        Attribution latestMiss = of(outcome, Optional.empty(), window, true);
        Cohort latest = null;
        for (var cohort : cohorts) {
            var attribution = of(outcome, Optional.of(cohort), window, firstChurn.test(cohort));
            if (attribution instanceof Attributed) {
                attributed.add(attribution);
            } else if (latest == null || cohort.decidedAt().isAfter(latest.decidedAt())) {
                latest = cohort;
                latestMiss = attribution;
            }
        }
        return attributed.isEmpty() ? List.of(latestMiss) : List.copyOf(attributed);
    }
}
