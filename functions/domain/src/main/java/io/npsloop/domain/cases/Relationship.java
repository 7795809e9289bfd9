package io.npsloop.domain.cases;

import io.npsloop.domain.policy.Action;
import java.util.Collection;
import java.util.Objects;

/**
 * What a customer's (or an account's) cases say of the relationship, as a CRM shows it: how many
 * recovery cases still need someone, and how many people they referred. Always worked out from all
 * their cases as they stand, never kept as a count: a step seen twice cannot count twice.
 */
public record Relationship(int openRecoveryCases, int referralsGiven) {

    public static final Relationship NONE = new Relationship(0, 0);

    /** One case's share: its action, where it stands and how many people were referred on it. */
    public record Part(Action action, CaseStatus status, int referrals) {

        public Part {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(status, "status");
        }

        public boolean openRecovery() {
            return action == Action.RECOVERY && status.needsAttention();
        }
    }

    public static Relationship of(Collection<Part> parts) {
        int open = 0;
        int referrals = 0;
        for (var part : parts) {
            open += part.openRecovery() ? 1 : 0;
            referrals += part.referrals();
        }
        return new Relationship(open, referrals);
    }

    public boolean hasOpenRecoveryCase() {
        return openRecoveryCases > 0;
    }

    /**
     * Whether a step on a case moved the relationship: a recovery case left (or entered) the statuses
     * that need someone, or people were referred on it. A step that only contacts, notes or assigns does not.
     */
    public static boolean changed(Part before, Part after) {
        return before.openRecovery() != after.openRecovery() || after.referrals() > before.referrals();
    }
}
