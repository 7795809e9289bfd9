package io.npsloop.domain.cases;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The links a follow-up carries: its case in the desk (not signed: the desk asks its users to sign
 * in), and the signed links, one per step it offers, in the order offered, which all expire together.
 *
 * @param caseUrl the case in the desk; null where no public base URL is known
 * @param referralPage a referral's page for the promoter to name people on ({@link ReferralLink}); null for other actions
 *     or without a key ring
 */
public record FollowUpLinks(Map<CaseEvent.Type, String> actions, Instant expiresAt, String caseUrl, String referralPage) {

    /** No links: no base URL to make them with. */
    public static final FollowUpLinks NONE = new FollowUpLinks(Map.of(), null, null, null);

    public FollowUpLinks {
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        if (!actions.isEmpty() && expiresAt == null) {
            throw new IllegalArgumentException("links expire");
        }
    }

    public FollowUpLinks(Map<CaseEvent.Type, String> actions, Instant expiresAt, String caseUrl) {
        this(actions, expiresAt, caseUrl, null);
    }

    /** Signed links only, no link to the desk. */
    public FollowUpLinks(Map<CaseEvent.Type, String> actions, Instant expiresAt) {
        this(actions, expiresAt, null);
    }

    /** Whether there are signed links to record a step with (none without a key ring). */
    public boolean hasActions() {
        return !actions.isEmpty();
    }

    /** No link at all, not even to the desk. */
    public boolean isEmpty() {
        return actions.isEmpty() && caseUrl == null;
    }
}
