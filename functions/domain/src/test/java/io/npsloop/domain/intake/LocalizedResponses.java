package io.npsloop.domain.intake;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds the test responses of {@link Responses} for another respondent or locale, decided by category. */
public final class LocalizedResponses {

    public static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private LocalizedResponses() {}

    public static SurveyResponse withScore(int score, String locale) {
        return withRespondent(score, new Respondent(
                "c-42", "ana@example.com", "Ana Pérez", "acme", locale, new BigDecimal("12000")));
    }

    public static SurveyResponse withRespondent(int score, Respondent respondent) {
        var response = Responses.withScore(score);
        return new SurveyResponse(
                response.key(), response.surveyId(), respondent, response.score(), response.comment(), response.submittedAt());
    }

    /** Decided by category alone: notices are about wording, not about the policy's rationing. */
    public static ResponseRecord decided(SurveyResponse response) {
        FollowUpDecision decision = switch (response.category()) {
            case DETRACTOR -> new FollowUpDecision.Contact(Action.RECOVERY, NOW.plusSeconds(24 * 3600), "detractor: service recovery");
            case PROMOTER -> new FollowUpDecision.Contact(Action.REFERRAL, NOW.plusSeconds(72 * 3600), "promoter: referral ask");
            case PASSIVE -> new FollowUpDecision.NoFollowUp("passive: no follow-up");
        };
        return new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()), decision, NOW);
    }
}
