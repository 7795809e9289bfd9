package io.npsloop.domain.policy;

import io.npsloop.domain.intake.SurveyResponse;
import java.math.BigDecimal;
import java.time.Instant;

/** Decides whether a response leads to a follow-up. One replaceable piece: policies grow, callers don't change. */
public interface FollowUpPolicy {

    FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now);

    /** What one follow-up of this action costs, charged against its budget. */
    BigDecimal cost(Action action);
}
