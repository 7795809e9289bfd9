package io.npsloop.domain.cases;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The signed links a follow-up carries, one per step it offers, in the order offered; all expire together. */
public record FollowUpLinks(Map<CaseEvent.Type, String> actions, Instant expiresAt) {

    /** No links: no key ring to sign them with. */
    public static final FollowUpLinks NONE = new FollowUpLinks(Map.of(), null);

    public FollowUpLinks {
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        if (!actions.isEmpty() && expiresAt == null) {
            throw new IllegalArgumentException("links expire");
        }
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
