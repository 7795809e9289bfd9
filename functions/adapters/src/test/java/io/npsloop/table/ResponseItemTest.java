package io.npsloop.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseItemTest {

    /** Everyone eligible is treated, so each detractor and promoter gets a follow-up. */
    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 10})
    void aStoredItemReadsBackAsTheSameRecord(int score) {
        var response = new SurveyResponse(
                new ResponseKey("typeform", "tok#with#hashes"), "form-1",
                new Respondent("c-1", "a@example.com", "Åsa Öberg", "acct", "sv", new BigDecimal("1234.50")),
                new Score(score), "Bra", NOW.minusSeconds(60));
        var record = new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(new BigDecimal("1234.50")),
                NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW), NOW);

        var item = ResponseItem.toItem(record, Duration.ofDays(10));

        assertThat(ResponseItem.fromItem(item)).isEqualTo(record);
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(NOW.plus(Duration.ofDays(10)).getEpochSecond()));
        assertThat(item.get("pk").s()).isEqualTo("RESPONSE#typeform#tok#with#hashes");
    }

    @org.junit.jupiter.api.Test
    void anonymousResponsesKeepNoPersonalFields() {
        var response = new SurveyResponse(
                new ResponseKey("generic", "r"), "s", Respondent.anonymous(), new Score(5), null, NOW);
        var record = new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(null), NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW), NOW);

        var item = ResponseItem.toItem(record, Duration.ofDays(1));

        assertThat(item).doesNotContainKeys("customerId", "email", "name", "accountId", "annualValue", "comment");
        assertThat(item.get("followUpStatus").s()).isEqualTo("none");
        assertThat(ResponseItem.fromItem(item)).isEqualTo(record);
    }

    @org.junit.jupiter.api.Test
    void everyKindOfDecisionReadsBackWithItsStatusAndArm() {
        var response = new SurveyResponse(
                new ResponseKey("generic", "r"), "s", new Respondent("c", null, null, null, null, null), new Score(1), null, NOW);
        var decisions = java.util.List.of(
                new io.npsloop.domain.policy.FollowUpDecision.Holdout(io.npsloop.domain.policy.Action.RECOVERY, "held out"),
                new io.npsloop.domain.policy.FollowUpDecision.NotContacted(io.npsloop.domain.policy.Action.RECOVERY, "cooldown"),
                new io.npsloop.domain.policy.FollowUpDecision.Contact(io.npsloop.domain.policy.Action.RECOVERY, NOW.plusSeconds(60), "go"));
        var expected = java.util.List.of(
                java.util.List.of("holdout", "holdout"), java.util.List.of("not-contacted", "-"), java.util.List.of("pending", "treatment"));
        for (int i = 0; i < decisions.size(); i++) {
            var record = new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(null), decisions.get(i), NOW);
            var item = ResponseItem.toItem(record, Duration.ofDays(1));

            assertThat(ResponseItem.fromItem(item)).isEqualTo(record);
            assertThat(item.get("followUpAction").s()).isEqualTo("recovery");
            assertThat(item.get("followUpStatus").s()).isEqualTo(expected.get(i).get(0));
            assertThat(item.containsKey("arm") ? item.get("arm").s() : "-").isEqualTo(expected.get(i).get(1));
        }
    }
}
