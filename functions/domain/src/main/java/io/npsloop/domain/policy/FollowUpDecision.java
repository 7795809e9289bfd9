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

    /**
     * The experiment arm the response counts in: every response worth its action's cost has one,
     * whether a person was then asked to act, it joined an open case or it was held back, so
     * both arms count the same population (intention to treat).
     */
    default Optional<Arm> arm() {
        return Optional.empty();
    }

    /** The playbook variant of a treated decision whose action has variants ({@link PlaybookVariants}). */
    default Optional<String> variant() {
        return Optional.empty();
    }

    /** This decision carrying {@code variant}; only a treated decision can. */
    default FollowUpDecision withVariant(String variant) {
        throw new IllegalStateException("only a treated decision has a variant: " + this);
    }

    /**
     * A person should act by {@code dueAt}.
     *
     * @param playbook the variant of the action to carry out, or null where the action has none
     */
    record Contact(Action action, Instant dueAt, String reason, String playbook) implements FollowUpDecision {
        public Contact {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(reason, "reason");
        }

        public Contact(Action action, Instant dueAt, String reason) {
            this(action, dueAt, reason, null);
        }

        @Override
        public Optional<String> variant() {
            return Optional.ofNullable(playbook);
        }

        @Override
        public Contact withVariant(String variant) {
            return new Contact(action, dueAt, reason, variant);
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

    /**
     * Considered for an action but not contacted. Without an arm it was not worth its cost; with
     * one it was worth it but held back (cooldown, an open case, a recent detractor answer, the
     * budget), and still counts in that arm.
     *
     * @param counted the arm it counts in, or null when it was not worth its cost
     */
    record NotContacted(Action action, Arm counted, String reason, String playbook) implements FollowUpDecision {
        public NotContacted {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
            if (playbook != null && counted != Arm.TREATMENT) {
                throw new IllegalArgumentException("only a treated decision has a variant");
            }
        }

        public NotContacted(Action action, Arm counted, String reason) {
            this(action, counted, reason, null);
        }

        public NotContacted(Action action, String reason) {
            this(action, null, reason);
        }

        @Override
        public Optional<String> variant() {
            return Optional.ofNullable(playbook);
        }

        @Override
        public NotContacted withVariant(String variant) {
            return new NotContacted(action, counted, reason, variant);
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(action);
        }

        @Override
        public Optional<Arm> arm() {
            return Optional.ofNullable(counted);
        }
    }

    /**
     * A detractor of an account that already has an open recovery case: not a second case, but
     * added to that one, so the people working it see every unhappy person at the account.
     *
     * @param counted the treated arm when the detractor was worth recovery's cost (the account's
     *     case makes it a treated account), or null when not
     */
    record JoinedCase(String caseId, Arm counted, String reason, String playbook) implements FollowUpDecision {
        public JoinedCase {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(reason, "reason");
            if (playbook != null && counted != Arm.TREATMENT) {
                throw new IllegalArgumentException("only a treated decision has a variant");
            }
        }

        public JoinedCase(String caseId, Arm counted, String reason) {
            this(caseId, counted, reason, null);
        }

        public JoinedCase(String caseId, String reason) {
            this(caseId, null, reason);
        }

        @Override
        public Optional<String> variant() {
            return Optional.ofNullable(playbook);
        }

        @Override
        public JoinedCase withVariant(String variant) {
            return new JoinedCase(caseId, counted, reason, variant);
        }

        @Override
        public Optional<Action> consideredAction() {
            return Optional.of(Action.RECOVERY);
        }

        @Override
        public Optional<Arm> arm() {
            return Optional.ofNullable(counted);
        }
    }

    /** Nobody is asked to act, and no action was considered. */
    record NoFollowUp(String reason) implements FollowUpDecision {
        public NoFollowUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
