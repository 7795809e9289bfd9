package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.UnitCohort;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which unit cohort an outcome counts in. An outcome counts for a cohort only if it happened after
 * the customer joined it (or, for an account's outcome, after the cohort started) and within the
 * observation window; otherwise it is kept but unattributed, on the day it happened, so analysts
 * can see outcomes the report could not use.
 */
public sealed interface Attribution {

    /** The day whose counters the outcome changes. */
    LocalDate day();

    /**
     * A unit cohort an outcome may count in, as the customer's or the account's state names it.
     *
     * @param member the token the cohort counts the customer by, or null for an account's outcome
     * @param since when the customer joined the cohort, or when it started for an account's outcome
     */
    record Target(String cohortId, Action action, Arm arm, LocalDate cohortDay, String member, Instant since) {
        public Target {
            Objects.requireNonNull(cohortId, "cohortId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(arm, "arm");
            Objects.requireNonNull(cohortDay, "cohortDay");
            Objects.requireNonNull(since, "since");
        }

        /** The cohort a customer was last counted in, from when they joined it. */
        public static Target member(UnitCohort.Membership membership) {
            var cohort = membership.cohort();
            return new Target(cohort.id(), cohort.action(), cohort.arm(), cohort.day(), membership.token(), membership.joinedAt());
        }

        /** An account's latest cohort, from when it started. */
        public static Target unit(UnitCohort cohort) {
            return new Target(cohort.id(), cohort.action(), cohort.arm(), cohort.day(), null, cohort.startedAt());
        }
    }

    record Attributed(Target target) implements Attribution {
        @Override
        public LocalDate day() {
            return target.cohortDay();
        }
    }

    /** Counted only as {@link Counter#OUTCOMES_UNATTRIBUTED}, on the day it happened. */
    record Unattributed(LocalDate day, String reason) implements Attribution {
        public Tally tally() {
            return Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1);
        }
    }

    static Attribution of(Outcome outcome, Target target, Duration window) {
        Objects.requireNonNull(window, "window");
        var day = LocalDate.ofInstant(outcome.occurredAt(), ZoneOffset.UTC);
        if (outcome.occurredAt().isBefore(target.since())) {
            return new Unattributed(day, outcome.namesAccount() ? "happened before the account's cohort started"
                    : "happened before the customer was counted in the experiment");
        }
        if (outcome.occurredAt().isAfter(target.since().plus(window))) {
            return new Unattributed(day, "happened after the observation window of " + window.toDays() + " days");
        }
        return new Attributed(target);
    }

    /**
     * The outcome against each cohort it measures: a churn counts in the customer's recovery cohort
     * and in their nurture cohort, each experiment seeing every churn of its own customers. When it
     * counts in none, it is one unattributed outcome, with the reason of the latest cohort it
     * missed (or, without any, that there is none).
     *
     * @param targets the latest cohort, for each of {@link OutcomeType#actions()}, that the customer or account is in
     */
    static List<Attribution> ofEach(Outcome outcome, List<Target> targets, Duration window) {
        var attributed = new ArrayList<Attribution>();
        Attribution latestMiss = new Unattributed(LocalDate.ofInstant(outcome.occurredAt(), ZoneOffset.UTC),
                "no " + outcome.type().action().wireName() + " decision for this " + (outcome.namesAccount() ? "account" : "customer"));
        Target latest = null;
        for (var target : targets) {
            if (!outcome.type().actions().contains(target.action())) {
                continue;
            }
            var attribution = of(outcome, target, window);
            if (attribution instanceof Attributed) {
                attributed.add(attribution);
            } else if (latest == null || target.since().isAfter(latest.since())) {
                latest = target;
                latestMiss = attribution;
            }
        }
        return attributed.isEmpty() ? List.of(latestMiss) : List.copyOf(attributed);
    }
}
