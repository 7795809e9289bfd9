package io.npsloop.domain.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the policy decided for one response, always with the reason, which is stored beside it. */
public sealed interface FollowUpDecision {

    String reason();

    /** The action this response was considered for, if any. */
    default Optional<Action> consideredAction() {
        return Optional.empty();
    }

    /** The experiment arm, for responses eligible for an action: treated or held out. */
    default Optional<Arm> arm() {
        return Optional.empty();
    }

    /** A person should act by {@code dueAt}. */
    record Contact(Action action, Instant dueAt, String reason) implements FollowUpDecision {
        public Contact {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(action);
        }

        @Override
        public Optional<Arm> arm() {
            return Optional.of(Arm.TREATMENT);
        }
    }

    /** Eligible, but in the control group: deliberately not contacted, so the effect can be measured. */
    record Holdout(Action action, String reason) implements FollowUpDecision {
        public Holdout {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(action);
        }

        @Override
        public Optional<Arm> arm() {
            return Optional.of(Arm.HOLDOUT);
        }
    }

    /** Considered for an action but not contacted: not worth its cost, in cooldown, or held back. */
    record NotContacted(Action action, String reason) implements FollowUpDecision {
        public NotContacted {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(action);
        }
    }

    /**
     * A detractor of an account that already has an open recovery case: not a second case, but
     * added to that one, so the people working it see every unhappy person at the account.
     */
    record JoinedCase(String caseId, String reason) implements FollowUpDecision {
        public JoinedCase {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(Action.RECOVERY);
        }
    }

    /** Nobody is asked to act, and no action was considered. */
    record NoFollowUp(String reason) implements FollowUpDecision {
        public NoFollowUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
