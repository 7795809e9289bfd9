package io.npsloop.domain;

import java.time.Instant;

/** Decides whether a response leads to a follow-up. One replaceable piece: policies grow, callers don't change. */
@FunctionalInterface
public interface FollowUpPolicy {

    FollowUpDecision decide(SurveyResponse response, RespondentHistory history, Instant now);
}
