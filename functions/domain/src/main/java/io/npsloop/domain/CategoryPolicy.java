package io.npsloop.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The first policy: detractors get service recovery, promoters a referral ask, passives nothing.
 * Anonymous respondents are counted but never followed up, as there is nobody to contact.
 */
public record CategoryPolicy(Duration recoverySla, Duration referralSla) implements FollowUpPolicy {

    public static final CategoryPolicy DEFAULT = new CategoryPolicy(Duration.ofHours(24), Duration.ofHours(72));

    public CategoryPolicy {
        Objects.requireNonNull(recoverySla, "recoverySla");
        Objects.requireNonNull(referralSla, "referralSla");
        if (recoverySla.isNegative() || recoverySla.isZero() || referralSla.isNegative() || referralSla.isZero()) {
            throw new IllegalArgumentException("follow-up deadlines must be positive");
        }
    }

    @Override
    public FollowUpDecision decide(SurveyResponse response, Instant now) {
        if (response.respondent().isAnonymous()) {
            return new FollowUpDecision.NoFollowUp("anonymous respondent: nobody to contact");
        }
        return switch (response.category()) {
            case DETRACTOR -> new FollowUpDecision.Contact(
                    Action.RECOVERY, now.plus(recoverySla), "detractor: service recovery");
            case PROMOTER -> new FollowUpDecision.Contact(
                    Action.REFERRAL, now.plus(referralSla), "promoter: referral ask");
            case PASSIVE -> new FollowUpDecision.NoFollowUp("passive: no follow-up");
        };
    }
}
