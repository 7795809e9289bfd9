package io.npsloop.domain.intake;

import io.npsloop.domain.policy.FollowUpDecision;
import java.time.Instant;
import java.util.Objects;

/** A response as it is kept: what was said, how it was classified, and what was decided, when. */
public record ResponseRecord(SurveyResponse response, ValueTier valueTier, FollowUpDecision decision, Instant receivedAt) {

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
