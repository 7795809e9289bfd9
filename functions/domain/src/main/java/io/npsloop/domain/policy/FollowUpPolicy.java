package io.npsloop.domain.policy;

import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import java.math.BigDecimal;
import java.time.Instant;

/** Decides whether a response leads to a follow-up. One replaceable piece: policies grow, callers don't change. */
public interface FollowUpPolicy {

    FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now);

    /**
     * A decision with the uplift it weighed the action's worth with.
     *
     * @param uplift null when no action was considered
     */
    record Rated(FollowUpDecision decision, UpliftUsed uplift) {}

    /** {@link #decide} for a customer of {@code tier}, saying which uplift it used; a policy without uplifts says none. */
    default Rated rate(SurveyResponse response, ValueTier tier, RespondentHistory history, Instant now) {
        return new Rated(decide(response, history, now), null);
    }

    /** What one follow-up of this action costs, charged against its budget. */
    BigDecimal cost(Action action);
}
