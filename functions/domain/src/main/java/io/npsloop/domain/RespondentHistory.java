package io.npsloop.domain;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy needs to know about a customer's past: when each action last reached them, the
 * arm they were given per action, and when they last answered as a detractor.
 *
 * @param version the stored state's version, so a decision is only kept if nothing changed meanwhile
 */
public record RespondentHistory(
        Map<Action, Instant> lastContactAt, Map<Action, Arm> arms, Instant lastDetractorAt, long version) {

    public static final RespondentHistory NONE = new RespondentHistory(Map.of(), Map.of(), null, 0);

    public RespondentHistory {
        lastContactAt = lastContactAt.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lastContactAt));
        arms = arms.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(arms));
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
