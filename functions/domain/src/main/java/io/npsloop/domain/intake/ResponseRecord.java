package io.npsloop.domain.intake;

import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.UpliftUsed;
import java.time.Instant;
import java.util.Objects;

/**
 * A response as it is kept: what was said, how it was classified, and what was decided, when.
 *
 * @param uplift the uplift the decision weighed its action's worth with; null where no action was
 *     considered or the decision was kept from before uplifts were recorded
 */
public record ResponseRecord(SurveyResponse response, ValueTier valueTier, FollowUpDecision decision, Instant receivedAt,
                             UpliftUsed uplift) {

    public ResponseRecord(SurveyResponse response, ValueTier valueTier, FollowUpDecision decision, Instant receivedAt) {
        this(response, valueTier, decision, receivedAt, null);
    }

    public ResponseRecord {
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(valueTier, "valueTier");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public ResponseKey key() {
        return response.key();
    }

    public Category category() {
        return response.category();
    }
}
