package io.npsloop.domain.cases;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a signed link in a follow-up lets its holder do: record ONE step on ONE case, until it
 * expires. Signed and checked by {@link ActionLinkKeys}; the token is the whole proof, so a link is
 * never more than this.
 */
public record ActionLink(String caseId, CaseEvent.Type action, Instant expiresAt) {

    /** The steps a link can record: those a person takes from a follow-up message. */
    public static final Set<CaseEvent.Type> ACTIONS = EnumSet.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED);

    /** The page a link opens (GET shows, POST confirms), with the token in {@link #TOKEN_PARAMETER}. */
    public static final String PATH = "/desk/act";

    /** The query or form field carrying the token. */
    public static final String TOKEN_PARAMETER = "t";

    public ActionLink {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (caseId.isBlank()) {
            throw new IllegalArgumentException("a link names a case");
        }
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("no link records a '" + action.wireName() + "' step");
        }
    }

    /** Whether the link still works at {@code now}: up to and including its expiry second. */
    public boolean validAt(Instant now) {
        return !now.isAfter(expiresAt);
    }
}
