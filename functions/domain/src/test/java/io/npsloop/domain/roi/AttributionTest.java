package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.UnitCohort;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static final Instant STARTED = Instant.parse("2026-03-10T15:00:00Z");
    private static final Duration YEAR = Duration.ofDays(365);
    private static final UnitCohort RECOVERY = new UnitCohort("c-1", Action.RECOVERY, Arm.TREATMENT, STARTED);
    /** A customer who joined the account's cohort two days after it started. */
    private static final Attribution.Target JOINED = Attribution.Target.member(
            new UnitCohort.Membership(RECOVERY, "m-1", STARTED.plus(Duration.ofDays(2))));

    @Test
    void aChurnAfterJoiningCountsOnTheCohortsDay() {
        var attribution = Attribution.of(outcome(OutcomeType.CHURNED, "2026-06-01T00:00:00Z", "0"), JOINED, YEAR);

        assertThat(attribution).isInstanceOfSatisfying(Attribution.Attributed.class, a -> {
            assertThat(a.target().member()).isEqualTo("m-1");
            assertThat(a.day()).isEqualTo(LocalDate.parse("2026-03-10"));
        });
    }

    @Test
    void outcomesBeforeJoiningAfterTheWindowOrWithoutACohortAreKeptButUnattributed() {
        // After the cohort started, but before this customer joined it.
        var before = Attribution.of(outcome(OutcomeType.CHURNED, "2026-03-11T00:00:00Z", "0"), JOINED, YEAR);
        var late = Attribution.of(outcome(OutcomeType.CHURNED, "2027-03-13T15:00:01Z", "0"), JOINED, YEAR);
        var stranger = Attribution.ofEach(outcome(OutcomeType.REFERRAL_LEAD, "2026-04-01T00:00:00Z", "0"), List.of(), YEAR);

        assertThat(before).isInstanceOfSatisfying(Attribution.Unattributed.class, u -> {
            assertThat(u.reason()).isEqualTo("happened before the customer was counted in the experiment");
            assertThat(u.day()).isEqualTo(LocalDate.parse("2026-03-11"));
            assertThat(u.tally()).isEqualTo(Tally.of(Counter.OUTCOMES_UNATTRIBUTED, 1));
        });
        assertThat(late).isInstanceOfSatisfying(Attribution.Unattributed.class,
                u -> assertThat(u.reason()).contains("observation window of 365 days"));
        assertThat(stranger).singleElement().isInstanceOfSatisfying(Attribution.Unattributed.class,
                u -> assertThat(u.reason()).isEqualTo("no referral decision for this customer"));
    }

    @Test
    void anAccountsOutcomeCountsFromTheStartOfItsCohort() {
        var account = Attribution.Target.unit(RECOVERY);
        var churn = new Outcome("evt-a", null, "acme", OutcomeType.CHURNED, Instant.parse("2026-03-11T00:00:00Z"), BigDecimal.ZERO);

        assertThat(Attribution.of(churn, account, YEAR)).isInstanceOfSatisfying(Attribution.Attributed.class,
                a -> assertThat(a.target().member()).isNull());
        assertThat(Attribution.ofEach(churn, List.of(), YEAR)).singleElement().isInstanceOfSatisfying(Attribution.Unattributed.class,
                u -> assertThat(u.reason()).isEqualTo("no recovery decision for this account"));
        assertThatThrownBy(() -> new Outcome("evt-b", "cust-1", "acme", OutcomeType.CHURNED, STARTED, BigDecimal.ZERO))
                .hasMessageContaining("exactly one");
    }

    @Test
    void aChurnCountsInEachCohortItFallsInAndAConcessionOnlyInRecovery() {
        var nurtured = Attribution.Target.member(new UnitCohort.Membership(
                new UnitCohort("c-2", Action.NURTURE, Arm.HOLDOUT, STARTED.plus(Duration.ofDays(30))), "m-2", STARTED.plus(Duration.ofDays(30))));
        var churn = outcome(OutcomeType.CHURNED, "2026-06-01T00:00:00Z", "0");
        var concession = outcome(OutcomeType.CONCESSION, "2026-06-01T00:00:00Z", "10");

        assertThat(Attribution.ofEach(churn, List.of(JOINED, nurtured), YEAR)).extracting(Attribution::day)
                .containsExactly(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-04-09"));
        assertThat(Attribution.ofEach(concession, List.of(JOINED, nurtured), YEAR)).singleElement()
                .isInstanceOfSatisfying(Attribution.Attributed.class, a -> assertThat(a.target().action()).isEqualTo(Action.RECOVERY));
    }

    @Test
    void anOutcomeInNoCohortIsOneUnattributedOutcomeWithItsLatestCohortsReason() {
        var nurtured = Attribution.Target.member(new UnitCohort.Membership(
                new UnitCohort("c-2", Action.NURTURE, Arm.TREATMENT, STARTED.plus(Duration.ofDays(30))), "m-2", STARTED.plus(Duration.ofDays(30))));
        var tooEarlyForBoth = outcome(OutcomeType.CHURNED, "2026-01-01T00:00:00Z", "0");

        assertThat(Attribution.ofEach(tooEarlyForBoth, List.of(JOINED, nurtured), YEAR)).singleElement()
                .isInstanceOfSatisfying(Attribution.Unattributed.class, u -> {
                    assertThat(u.reason()).isEqualTo("happened before the customer was counted in the experiment");
                    assertThat(u.day()).isEqualTo(LocalDate.parse("2026-01-01"));
                });
    }

    @Test
    void aCohortAddsItsUnitItsMembersAndTheSquaresClusteredIntervalsNeed() {
        var cohort = new CohortCount(Action.RECOVERY, Arm.HOLDOUT, LocalDate.parse("2026-03-10"), 3, new BigDecimal("5100"), 2, 1,
                new BigDecimal("49.90"), 0, 0, BigDecimal.ZERO);

        var counts = cohort.counts();

        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_UNITS)).isEqualByComparingTo("1");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_MEMBERS)).isEqualByComparingTo("3");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_MEMBERS_SQUARED)).isEqualByComparingTo("9");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_MEMBER_VALUE)).isEqualByComparingTo("5100");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_CHURNED_MEMBERS)).isEqualByComparingTo("2");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_CHURNED_MEMBERS_SQUARED)).isEqualByComparingTo("4");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_CHURNED_BY_MEMBERS)).isEqualByComparingTo("6");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_RENEWED_MEMBERS)).isEqualByComparingTo("1");
        assertThat(counts.get(Counter.RECOVERY_HOLDOUT_COHORT_CONCESSIONS)).isEqualByComparingTo("49.90");
        assertThat(counts.values().keySet()).allMatch(counter -> counter.name().startsWith("RECOVERY_HOLDOUT_"));
    }

    @Test
    void aGrowingCohortChangesItsDaysCountersByExactlyTheDifferenceOfItsStates() {
        var before = new CohortCount(Action.REFERRAL, Arm.TREATMENT, LocalDate.parse("2026-03-10"), 2, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO, 1, 0, BigDecimal.ZERO);
        var after = new CohortCount(Action.REFERRAL, Arm.TREATMENT, LocalDate.parse("2026-03-10"), 3, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO, 3, 1, new BigDecimal("1200"));

        var change = after.counts().minus(before.counts());

        assertThat(change.get(Counter.REFERRAL_TREATED_UNITS)).isEqualByComparingTo("0");
        assertThat(change.get(Counter.REFERRAL_TREATED_MEMBERS)).isEqualByComparingTo("1");
        assertThat(change.get(Counter.REFERRAL_TREATED_MEMBERS_SQUARED)).isEqualByComparingTo("5");
        assertThat(change.get(Counter.REFERRAL_TREATED_COHORT_LEADS)).isEqualByComparingTo("2");
        assertThat(change.get(Counter.REFERRAL_TREATED_COHORT_LEADS_SQUARED)).isEqualByComparingTo("8");
        assertThat(change.get(Counter.REFERRAL_TREATED_COHORT_LEADS_BY_MEMBERS)).isEqualByComparingTo("7");
        assertThat(change.get(Counter.REFERRAL_TREATED_COHORT_CONVERTED_VALUE_BY_MEMBERS)).isEqualByComparingTo("3600");
    }

    @Test
    void responsesCountTheNpsFiguresAndTheFollowUpsAPersonWasAskedToDo() {
        var contacted = Contributions.ofResponse(Category.DETRACTOR, new FollowUpDecision.Contact(Action.RECOVERY, STARTED, "r"));
        var heldOut = Contributions.ofResponse(Category.PROMOTER, new FollowUpDecision.Holdout(Action.REFERRAL, "r"));

        assertThat(contacted).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.DETRACTORS, 1))
                .plus(Tally.of(Counter.RECOVERY_CONTACTS, 1)));
        assertThat(heldOut).isEqualTo(Tally.of(Counter.RESPONSES, 1).plus(Tally.of(Counter.PROMOTERS, 1)));
        assertThat(contacted.minus(contacted).isEmpty()).isTrue();
    }

    @Test
    void countersOfTheEarlierRuleAreTellable() {
        assertThat(Counter.RECOVERY_TREATED.earlierRule()).isTrue();
        assertThat(Counter.REFERRAL_HOLDOUT_CONVERTED_VALUE.earlierRule()).isTrue();
        assertThat(Counter.RECOVERY_TREATED_UNITS.earlierRule()).isFalse();
        assertThat(Counter.RESPONSES.earlierRule()).isFalse();
        assertThat(Counter.OUTCOMES_UNATTRIBUTED.earlierRule()).isFalse();
        assertThat(Counter.of(Action.NURTURE, Arm.HOLDOUT, Counter.Measure.CHURNED_BY_MEMBERS)).isEqualTo(Counter.NURTURE_HOLDOUT_CHURNED_BY_MEMBERS);
    }

    private static Outcome outcome(OutcomeType type, String at, String value) {
        return new Outcome("evt-1", "cust-1", type, Instant.parse(at), new BigDecimal(value));
    }
}
