package io.npsloop.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final CategoryPolicy policy = new CategoryPolicy(Duration.ofHours(24), Duration.ofHours(72));

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6})
    void detractorsGetServiceRecoveryDueWithinTheSla(int score) {
        var decision = policy.decide(Responses.withScore(score), NOW);

        assertThat(decision).isEqualTo(new FollowUpDecision.Contact(
                Action.RECOVERY, NOW.plus(Duration.ofHours(24)), "detractor: service recovery"));
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 10})
    void promotersGetAReferralAsk(int score) {
        var decision = policy.decide(Responses.withScore(score), NOW);

        assertThat(decision).isEqualTo(new FollowUpDecision.Contact(
                Action.REFERRAL, NOW.plus(Duration.ofHours(72)), "promoter: referral ask"));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8})
    void passivesGetNoFollowUp(int score) {
        assertThat(policy.decide(Responses.withScore(score), NOW))
                .isEqualTo(new FollowUpDecision.NoFollowUp("passive: no follow-up"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 10})
    void anonymousRespondentsAreNeverContacted(int score) {
        assertThat(policy.decide(Responses.anonymousWithScore(score), NOW))
                .isEqualTo(new FollowUpDecision.NoFollowUp("anonymous respondent: nobody to contact"));
    }

    @Test
    void deadlinesMustBePositive() {
        assertThatThrownBy(() -> new CategoryPolicy(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CategoryPolicy(Duration.ofHours(1), Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
