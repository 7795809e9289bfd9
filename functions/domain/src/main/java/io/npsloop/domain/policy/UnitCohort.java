package io.npsloop.domain.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A unit of randomization (an account, or a customer without one) in one arm of one action's
 * experiment, from its first response worth the action's cost through the observation window.
 * Every such response of the unit in that time counts in it, once per customer, whatever the
 * policy then did with it: the arms count the same kind of population, and the unit that was
 * randomized is the unit the report analyses.
 *
 * @param id opaque, so the cohort's stored counts name no one
 */
public record UnitCohort(String id, Action action, Arm arm, Instant startedAt) {

    public UnitCohort {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The day (UTC) whose counters the cohort adds to. */
    public LocalDate day() {
        return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }

    /** Whether a response at {@code at} still falls in this cohort. */
    public boolean admits(Instant at, Duration window) {
        return at.isBefore(startedAt.plus(window));
    }

    /**
     * A customer's place in a unit cohort: the opaque token the cohort counts them by, so their
     * churn counts once however often it is reported, and when they joined.
     */
    public record Membership(UnitCohort cohort, String token, Instant joinedAt) {
        public Membership {
            Objects.requireNonNull(cohort, "cohort");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(joinedAt, "joinedAt");
        }
    }

    /**
     * What counting a response in its arm takes: join the unit's current cohort, or start one.
     *
     * @param cohort the cohort counted in (new when {@code starts})
     * @param starts whether this response starts the cohort
     * @param joins whether the customer is new to it (false: already counted, nothing to add)
     */
    public record Enrolment(UnitCohort cohort, boolean starts, boolean joins) {

        /**
         * Where a response with {@code decision} counts, if it counts anywhere.
         *
         * @param newId an id for a cohort this response starts
         */
        public static Optional<Enrolment> of(FollowUpDecision decision, RespondentHistory history, Instant receivedAt,
                                                       Duration window, Supplier<String> newId) {
            var action = decision.consideredAction().orElse(null);
            var arm = decision.arm().orElse(null);
            if (action == null || arm == null) {
                return Optional.empty();
            }
            var current = history.unitCohort(action)
                    .filter(cohort -> cohort.arm() == arm && cohort.admits(receivedAt, window));
            if (current.isEmpty()) {
                return Optional.of(new Enrolment(new UnitCohort(newId.get(), action, arm, receivedAt), true, true));
            }
            boolean member = history.membership(action).filter(m -> m.cohort().id().equals(current.get().id())).isPresent();
            return Optional.of(new Enrolment(current.get(), false, !member));
        }
    }
}
