package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static final Instant DECIDED = Instant.parse("2026-03-10T15:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    private static final Cohort TREATED = new Cohort(Action.RECOVERY, Arm.TREATMENT, DECIDED);

    @Test
    void aChurnAfterTheDecisionCountsOnTheDecisionsDayInItsArm() {
        var churn = outcome(OutcomeType.CHURNED, "2026-06-01T00:00:00Z", "0");

        var attribution = Attribution.of(churn, Optional.of(TREATED), YEAR, true);

        assertThat(attribution).isInstanceOf(Attribution.Attributed.class);
        assertThat(attribution.day()).isEqualTo(LocalDate.parse("2026-03-10"));
        assertThat(attribution.tally()).isEqualTo(Tally.of(Counter.RECOVERY_TREATED_CHURNED, 1));
    }

    @Test
    void aSecondChurnOfTheSameCohortAddsNothing() {
        var churn = outcome(OutcomeType.CHURNED, "2026-06-01T00:00:00Z", "0");

        assertThat(Attribution.of(churn, Optional.of(TREATED), YEAR, false).tally()).isEqualTo(Tally.EMPTY);
    }

    @Test
    void outcomesOutsideTheWindowOrWithoutADecisionAreKeptButUnattributed() {
        var before = Attribution.of(outcome(OutcomeType.CHURNED, "2026-03-09T23:59:59Z", "0"), Optional.of(TREATED), YEAR, true);
        var late = Attribution.of(outcome(OutcomeType.CHURNED, "2027-03-11T15:00:00Z", "0"), Optional.of(TREATED), YEAR, true);
        var stranger = Attribution.of(outcome(OutcomeType.REFERRAL_LEAD, "2026-04-01T00:00:00Z", "0"), Optional.empty(), YEAR, true);

        assertThat(before).isInstanceOfSatisfying(Attribution.Unattributed.class, u -> {
            assertThat(u.reason()).isEqualTo("happened before the follow-up decision");
            assertThat(u.day()).isEqualTo(LocalDate.parse("2026-03-09"));
        });
        assertThat(late).isInstanceOfSatisfying(Attribution.Unattributed.class,
                u -> assertThat(u.reason()).contains("observation window of 365 days"));
        assertThat(stranger).isInstanceOfSatisfying(Attribution.Unattributed.class,
                u -> assertThat(u.reason()).isEqualTo("no referral decision for this customer"));
        assertThat(stranger.tally()).isEqualTo(Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1));
    }

    @Test
    void moneyOutcomesCarryTheirValueIntoTheirArm() {
        var concession = Contributions.ofOutcome(outcome(OutcomeType.CONCESSION, "2026-03-11T00:00:00Z", "49.90"), Arm.HOLDOUT, true);
        var converted = Contributions.ofOutcome(outcome(OutcomeType.REFERRAL_CONVERTED, "2026-03-11T00:00:00Z", "1200"), Arm.TREATMENT, true);

        assertThat(concession).isEqualTo(Tally.EMPTY.with(Counter.RECOVERY_HOLDOUT_CONCESSIONS, new BigDecimal("49.90")));
        assertThat(converted).isEqualTo(Tally.of(Counter.REFERRAL_ASKED_CONVERTED, 1)
                .with(Counter.REFERRAL_ASKED_CONVERTED_VALUE, new BigDecimal("1200")));
    }

    @Test
    void responsesCountInTheirArmOnlyWhenTheDecisionGaveThemOne() {
        var contacted = Contributions.ofResponse(Category.DETRACTOR,
                new FollowUpDecision.Contact(Action.RECOVERY, DECIDED, "r"), new BigDecimal("1700"));
        var heldOut = Contributions.ofResponse(Category.PROMOTER, new FollowUpDecision.Holdout(Action.REFERRAL, "r"), null);
        var rationedOut = Contributions.ofResponse(Category.DETRACTOR,
                new FollowUpDecision.NotContacted(Action.RECOVERY, "cost"), new BigDecimal("10"));

        assertThat(contacted).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.DETRACTORS, 1))
                .plus(Tally.of(Counter.RECOVERY_TREATED, 1)).with(Counter.RECOVERY_TREATED_VALUE, new BigDecimal("1700")));
        assertThat(heldOut).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.PROMOTERS, 1))
                .plus(Tally.of(Counter.REFERRAL_HOLDOUT, 1)));
        assertThat(rationedOut).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.DETRACTORS, 1)));
    }

    @Test
    void aChurnCountsInEachCohortItFallsInAndAConcessionOnlyInRecovery() {
        var nurtured = new Cohort(Action.NURTURE, Arm.HOLDOUT, DECIDED.plus(Duration.ofDays(30)));
        var churn = outcome(OutcomeType.CHURNED, "2026-06-01T00:00:00Z", "0");
        var renewal = outcome(OutcomeType.RENEWED, "2026-06-01T00:00:00Z", "0");

        var both = Attribution.ofEach(churn, List.of(TREATED, nurtured), YEAR, cohort -> true);
        var recoveryCounted = Attribution.ofEach(churn, List.of(TREATED, nurtured), YEAR, cohort -> cohort != TREATED);

        assertThat(both).extracting(Attribution::day).containsExactly(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-04-09"));
        assertThat(both).extracting(Attribution::tally).containsExactly(
                Tally.of(Counter.RECOVERY_TREATED_CHURNED, 1), Tally.of(Counter.NURTURE_HOLDOUT_CHURNED, 1));
        assertThat(recoveryCounted).extracting(Attribution::tally).containsExactly(
                Tally.EMPTY, Tally.of(Counter.NURTURE_HOLDOUT_CHURNED, 1));
        assertThat(Attribution.ofEach(renewal, List.of(nurtured), YEAR, cohort -> true)).singleElement()
                .satisfies(a -> assertThat(a.tally()).isEqualTo(Tally.of(Counter.NURTURE_HOLDOUT_RENEWED, 1)));
        assertThat(Contributions.ofOutcome(outcome(OutcomeType.CONCESSION, "2026-06-01T00:00:00Z", "10"), Action.NURTURE,
                Arm.TREATMENT, true)).isEqualTo(Tally.EMPTY);
    }

    @Test
    void anOutcomeInNoCohortIsOneUnattributedOutcomeWithItsLatestDecisionsReason() {
        var nurtured = new Cohort(Action.NURTURE, Arm.TREATMENT, DECIDED.plus(Duration.ofDays(30)));
        // Before the nurture decision, the only one the customer has.
        var churn = outcome(OutcomeType.CHURNED, "2026-03-20T00:00:00Z", "0");
        var tooEarlyForBoth = outcome(OutcomeType.CHURNED, "2026-01-01T00:00:00Z", "0");

        assertThat(Attribution.ofEach(churn, List.of(nurtured), YEAR, cohort -> true)).singleElement()
                .isInstanceOfSatisfying(Attribution.Unattributed.class, u -> {
                    assertThat(u.reason()).isEqualTo("happened before the follow-up decision");
                    assertThat(u.tally()).isEqualTo(Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1));
                });
        assertThat(Attribution.ofEach(tooEarlyForBoth, List.of(TREATED, nurtured), YEAR, cohort -> true)).singleElement()
                .satisfies(u -> assertThat(u.tally()).isEqualTo(Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1)));
        assertThat(Attribution.ofEach(churn, List.of(), YEAR, cohort -> true)).singleElement()
                .isInstanceOfSatisfying(Attribution.Unattributed.class,
                        u -> assertThat(u.reason()).isEqualTo("no recovery decision for this customer"));
    }

    @Test
    void aNurtureDecisionCountsThePassiveInItsArmWithTheirValue() {
        var nurtured = Contributions.ofResponse(Category.PASSIVE,
                new FollowUpDecision.Contact(Action.NURTURE, DECIDED, "r"), new BigDecimal("900"));
        var heldOut = Contributions.ofResponse(Category.PASSIVE, new FollowUpDecision.Holdout(Action.NURTURE, "r"), null);

        assertThat(nurtured).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.PASSIVES, 1))
                .plus(Tally.of(Counter.NURTURE_TREATED, 1)).with(Counter.NURTURE_TREATED_VALUE, new BigDecimal("900")));
        assertThat(heldOut).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.PASSIVES, 1))
                .plus(Tally.of(Counter.NURTURE_HOLDOUT, 1)));
    }

    @Test
    void aTallyMinusItselfIsEmpty() {
        var contacted = Contributions.ofResponse(Category.DETRACTOR,
                new FollowUpDecision.Contact(Action.RECOVERY, DECIDED, "r"), new BigDecimal("1700.50"));

        assertThat(contacted.minus(contacted).isEmpty()).isTrue();
        assertThat(contacted.plus(contacted).get(Counter.RECOVERY_TREATED_VALUE)).isEqualByComparingTo("3401.00");
    }

    private static Outcome outcome(OutcomeType type, String at, String value) {
        return new Outcome("evt-1", "cust-1", type, Instant.parse(at), new BigDecimal(value));
    }
}
