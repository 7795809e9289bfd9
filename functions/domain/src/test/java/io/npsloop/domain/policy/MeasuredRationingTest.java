package io.npsloop.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.intake.ValueTiers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasuredRationingTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Instant ESTIMATED = Instant.parse("2026-11-22T11:00:00Z");
    /** Recovery as configured: 5% of annual value against a cost of 25. */
    private static final PolicySettings CONFIGURED = new PolicySettings(
            Duration.ofHours(24), Duration.ofHours(72), HoldoutAssignment.percent(0, "test"),
            new BigDecimal("0.05"), new BigDecimal("25"), new BigDecimal("0.02"), new BigDecimal("10"),
            Duration.ofDays(30), Duration.ofDays(90), true);
    /** Medium detractors measured at 1%, low ones at 10%. */
    private static final MeasuredUplifts MEASURED = new MeasuredUplifts(ESTIMATED, Map.of(Action.RECOVERY,
            Map.of(ValueTier.MEDIUM, new BigDecimal("0.01"), ValueTier.LOW, new BigDecimal("0.1"))));

    private static SurveyResponse detractor(String customer, String annualValue) {
        return new SurveyResponse(new ResponseKey("generic", "r-" + customer), "s-1",
                new Respondent(customer, customer + "@example.com", "Cleo", null, "en", new BigDecimal(annualValue)),
                new Score(3), null, NOW.minusSeconds(60));
    }

    private static RationedPolicy policy(int explorationPercent, int floorPercent) {
        var settings = CONFIGURED.withLearning(new PolicySettings.Learning(UpliftSource.MEASURED, explorationPercent * 100, floorPercent * 100));
        return new RationedPolicy(settings, ValueTiers.DEFAULT, MEASURED.over(settings));
    }

    private static FollowUpPolicy.Rated rate(RationedPolicy policy, String customer, String value) {
        var response = detractor(customer, value);
        return policy.rate(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()), RespondentHistory.NONE, NOW);
    }

    @Test
    void theConfiguredPolicySaysItUsedTheConfiguredUplift() {
        var rated = new RationedPolicy(CONFIGURED).rate(detractor("c-1", "2000"), ValueTier.MEDIUM, RespondentHistory.NONE, NOW);

        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(rated.uplift()).isEqualTo(UpliftUsed.configured(new BigDecimal("0.05")));
    }

    @Test
    void aTierMeasuredBelowCostIsNotContactedAndTheDecisionSaysWhichUpliftAndWhen() {
        var rated = rate(policy(0, 0), "c-1", "2000");

        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.NotContacted.class);
        assertThat(rated.decision().arm()).isEmpty();
        assertThat(rated.decision().reason()).isEqualTo("not contacted: expected value 20.00 does not exceed the cost 25.00"
                + " at the measured uplift 0.01 of 2026-11-22T11:00:00Z");
        assertThat(rated.uplift()).isEqualTo(new UpliftUsed(new BigDecimal("0.01"), UpliftSource.MEASURED, ESTIMATED));
    }

    @Test
    void aTierMeasuredAboveItsConfiguredUpliftIsContactedWhereTheConfiguredOneWouldNot() {
        var rated = rate(policy(0, 0), "c-1", "400");

        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(rated.decision().reason()).isEqualTo("detractor: service recovery; expected value 40.00 exceeds the cost 25.00"
                + " at the measured uplift 0.1 of 2026-11-22T11:00:00Z");
        assertThat(new RationedPolicy(CONFIGURED).decide(detractor("c-1", "400"), RespondentHistory.NONE, NOW))
                .isInstanceOf(FollowUpDecision.NotContacted.class);
    }

    @Test
    void aTierWithoutAnEstimateFallsBackToTheConfiguredUplift() {
        var rated = rate(policy(0, 0), "c-1", "20000");

        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(rated.uplift()).isEqualTo(UpliftUsed.configured(new BigDecimal("0.05")));
    }

    @Test
    void belowCostAsMeasuredButNotAsConfiguredTheDrawnShareIsStillTreatedAndCounted() {
        var rated = rate(policy(100, 0), "c-1", "2000");

        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(rated.decision().arm()).contains(Arm.TREATMENT);
        assertThat(rated.decision().reason()).isEqualTo("detractor: service recovery; explored: expected value 20.00 does not exceed"
                + " the cost 25.00 at the measured uplift 0.01 of 2026-11-22T11:00:00Z, but its unit is drawn to keep the tier measured");
    }

    @Test
    void aboutTheExplorationShareOfBelowCostUnitsIsTreatedAndTheHoldoutStaysWhole() {
        var policy = policy(10, 20);
        int treated = 0;
        int held = 0;
        int out = 0;
        for (int i = 0; i < 4000; i++) {
            var decision = rate(policy, "c-" + i, "2000").decision();
            if (decision.arm().isEmpty()) {
                out++;
            } else if (decision.arm().get() == Arm.HOLDOUT) {
                held++;
            } else {
                treated++;
            }
        }
        // Holdout: the floor's 20% of all units; treated: 10% of the other 80%, so 8%; the rest are left out.
        assertThat(held).isBetween(700, 900);
        assertThat(treated).isBetween(240, 400);
        assertThat(out).isEqualTo(4000 - held - treated);
    }

    @Test
    void belowCostAsConfiguredTooIsNeverExplored() {
        var rated = rate(policy(100, 100), "c-1", "400");

        assertThat(new RationedPolicy(CONFIGURED.withLearning(new PolicySettings.Learning(UpliftSource.MEASURED, 10_000, 10_000)),
                ValueTiers.DEFAULT, new MeasuredUplifts(ESTIMATED, Map.of(Action.RECOVERY, Map.of(ValueTier.LOW, new BigDecimal("0.01"))))
                .over(CONFIGURED)).decide(detractor("c-1", "400"), RespondentHistory.NONE, NOW).arm()).isEmpty();
        assertThat(rated.decision()).isInstanceOf(FollowUpDecision.Holdout.class);
    }

    @Test
    void whileUpliftIsMeasuredTheHoldoutIsRaisedToItsFloor() {
        var decision = rate(policy(0, 100), "c-1", "20000").decision();

        assertThat(decision).isInstanceOf(FollowUpDecision.Holdout.class);
        assertThat(new RationedPolicy(CONFIGURED.withLearning(new PolicySettings.Learning(UpliftSource.CONFIGURED, 0, 10_000)))
                .decide(detractor("c-1", "20000"), RespondentHistory.NONE, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
    }
}
