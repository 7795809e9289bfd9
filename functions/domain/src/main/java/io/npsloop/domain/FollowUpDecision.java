package io.npsloop.domain;

import java.time.Instant;
import java.util.Objects;

/** What the policy decided for one response, always with the reason, which is stored beside it. */
public sealed interface FollowUpDecision {

    String reason();

    /** A person should act by {@code dueAt}. */
    record Contact(Action action, Instant dueAt, String reason) implements FollowUpDecision {
        public Contact {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(dueAt, "dueAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nobody is asked to act. */
    record NoFollowUp(String reason) implements FollowUpDecision {
        public NoFollowUp {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
