package io.npsloop.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RationedPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    /** Recovery: 5% of annual value against a cost of 25, so 500 a year is the break-even. */
    private static final PolicySettings SETTINGS = new PolicySettings(
            Duration.ofHours(24), Duration.ofHours(72), HoldoutAssignment.percent(0, "test"),
            new BigDecimal("0.05"), new BigDecimal("25"), new BigDecimal("0.02"), new BigDecimal("10"),
            Duration.ofDays(30), Duration.ofDays(90), true);

    private static SurveyResponse response(int score, String annualValue) {
        return new SurveyResponse(new ResponseKey("generic", "r-1"), "s-1",
                new Respondent("c-1", "c1@example.com", "Cleo", null, "en", annualValue == null ? null : new BigDecimal(annualValue)),
                new Score(score), null, NOW.minusSeconds(60));
    }

    private static RationedPolicy policy(PolicySettings settings) {
        return new RationedPolicy(settings);
    }

    private static PolicySettings withHoldout(double percent, boolean contactUnknownValue) {
        return new PolicySettings(SETTINGS.recoverySla(), SETTINGS.referralSla(), HoldoutAssignment.percent(percent, "test"),
                SETTINGS.recoveryUplift(), SETTINGS.recoveryCost(), SETTINGS.referralUplift(), SETTINGS.referralCost(),
                SETTINGS.cooldown(), SETTINGS.referralLookback(), contactUnknownValue);
    }

    @Test
    void aValuableDetractorIsContactedWithinTheSlaAndTheReasonShowsTheArithmetic() {
        var decision = policy(SETTINGS).decide(response(3, "12000"), RespondentHistory.NONE, NOW);

        assertThat(decision).isEqualTo(new FollowUpDecision.Contact(Action.RECOVERY, NOW.plus(Duration.ofHours(24)),
                "detractor: service recovery; expected value 600.00 exceeds the cost 25.00"));
        assertThat(decision.arm()).contains(Arm.TREATMENT);
    }

    @Test
    void aValuablePromoterGetsAReferralAsk() {
        assertThat(policy(SETTINGS).decide(response(10, "5000"), RespondentHistory.NONE, NOW)).isEqualTo(
                new FollowUpDecision.Contact(Action.REFERRAL, NOW.plus(Duration.ofHours(72)),
                        "promoter: referral ask; expected value 100.00 exceeds the cost 10.00"));
    }

    @ParameterizedTest(name = "score {0}, annual value {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "0 |500    |not contacted: expected value 25.00 does not exceed the cost 25.00",
        "6 |499.99 |not contacted: expected value 25.00 does not exceed the cost 25.00",
        "6 |0      |not contacted: expected value 0.00 does not exceed the cost 25.00",
        "9 |500    |not contacted: expected value 10.00 does not exceed the cost 10.00",
        "10|100    |not contacted: expected value 2.00 does not exceed the cost 10.00",
    })
    void effortIsRationedWhereTheValueSavedDoesNotExceedTheCost(int score, String value, String reason) {
        var decision = policy(SETTINGS).decide(response(score, value), RespondentHistory.NONE, NOW);

        assertThat(decision).isInstanceOf(FollowUpDecision.NotContacted.class);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.arm()).isEmpty();
    }

    @Test
    void justAboveBreakEvenIsContacted() {
        assertThat(policy(SETTINGS).decide(response(4, "500.20"), RespondentHistory.NONE, NOW))
                .isInstanceOf(FollowUpDecision.Contact.class);
    }

    @Test
    void unknownValueIsContactedByDefaultOrSkippedIfConfigured() {
        assertThat(policy(SETTINGS).decide(response(2, null), RespondentHistory.NONE, NOW).reason())
                .isEqualTo("detractor: service recovery; annual value unknown, contacted by default");
        assertThat(policy(withHoldout(0, false)).decide(response(2, null), RespondentHistory.NONE, NOW))
                .isEqualTo(new FollowUpDecision.NotContacted(Action.RECOVERY, "not contacted: annual value unknown"));
    }

    @Test
    void noSecondFollowUpOfTheSameActionWithinTheCooldown() {
        var recentRecovery = history(Map.of(Action.RECOVERY, NOW.minus(Duration.ofDays(29))), Map.of(), null);
        var oldRecovery = history(Map.of(Action.RECOVERY, NOW.minus(Duration.ofDays(30))), Map.of(), null);

        assertThat(policy(SETTINGS).decide(response(1, "9000"), recentRecovery, NOW)).isEqualTo(new FollowUpDecision.NotContacted(
                Action.RECOVERY, Arm.TREATMENT, "cooldown: last recovery was on 2026-10-24, within 30 days"));
        assertThat(policy(SETTINGS).decide(response(1, "9000"), oldRecovery, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
        // The cooldown is per action: a recent recovery does not block a referral ask.
        assertThat(policy(SETTINGS).decide(response(9, "9000"), recentRecovery, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
    }

    @Test
    void noReferralAskRightAfterADetractorAnswer() {
        var detractorLastMonth = history(Map.of(), Map.of(), NOW.minus(Duration.ofDays(40)));
        var detractorLongAgo = history(Map.of(), Map.of(), NOW.minus(Duration.ofDays(91)));

        assertThat(policy(SETTINGS).decide(response(10, "9000"), detractorLastMonth, NOW)).isEqualTo(new FollowUpDecision.NotContacted(
                Action.REFERRAL, Arm.TREATMENT, "referral held back: answered as a detractor on 2026-10-13, within the 90-day lookback"));
        assertThat(policy(SETTINGS).decide(response(10, "9000"), detractorLongAgo, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(policy(SETTINGS).decide(response(2, "9000"), detractorLastMonth, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
    }

    @Test
    void holdoutCustomersAreRecordedWithTheirArmButNotContacted() {
        var decision = policy(withHoldout(100, true)).decide(response(0, "12000"), RespondentHistory.NONE, NOW);

        assertThat(decision).isEqualTo(new FollowUpDecision.Holdout(Action.RECOVERY,
                "detractor: service recovery; holdout arm (control group), not contacted; expected value 600.00 exceeds the cost 25.00"));
        assertThat(decision.arm()).contains(Arm.HOLDOUT);
    }

    @Test
    void aCustomerKeepsTheArmOnceAssignedEvenIfTheShareChanges() {
        var heldOut = history(Map.of(), Map.of(Action.RECOVERY, Arm.HOLDOUT), null);
        var treated = history(Map.of(), Map.of(Action.RECOVERY, Arm.TREATMENT), null);

        assertThat(policy(withHoldout(0, true)).decide(response(0, "12000"), heldOut, NOW)).isInstanceOf(FollowUpDecision.Holdout.class);
        assertThat(policy(withHoldout(100, true)).decide(response(0, "12000"), treated, NOW)).isInstanceOf(FollowUpDecision.Contact.class);
    }

    @Test
    void passivesAndAnonymousRespondentsHaveNoAction() {
        assertThat(policy(SETTINGS).decide(response(7, "90000"), RespondentHistory.NONE, NOW))
                .isEqualTo(new FollowUpDecision.NoFollowUp("passive: no follow-up"));
        var anonymous = new SurveyResponse(new ResponseKey("generic", "a"), "s", Respondent.anonymous(), new Score(0), null, NOW);
        assertThat(policy(withHoldout(100, true)).decide(anonymous, RespondentHistory.NONE, NOW))
                .isEqualTo(new FollowUpDecision.NoFollowUp("anonymous respondent: nobody to contact"));
    }

    /**
     * Every combination of score, value, history, open cases, stored arm, holdout share, nurture
     * and the unknown-value rule: an answer worth its cost counts in its arm whatever follows; a
     * contact happens exactly when every rule allows it, the arm decides contact or holdout, a
     * treated (or not worth it) detractor of an account with an open case joins it, and every
     * decision says why.
     */
    @Test
    void everyCombinationObeysEveryRule() {
        var values = new ArrayList<String>(List.of("0", "499", "500", "501", "100000"));
        values.add(null);
        var times = new ArrayList<Instant>();
        times.add(null);
        times.add(NOW.minus(Duration.ofDays(1)));
        times.add(NOW.minus(Duration.ofDays(45)));
        var cases = new ArrayList<String>();
        cases.add(null);
        cases.add("generic:open-1");
        int checked = 0;
        for (int score = 0; score <= 10; score++) {
            for (var value : values) {
                for (var lastContact : times) {
                    for (var lastDetractor : times) {
                        for (var ownCase : cases) {
                            for (var accountCase : cases) {
                                for (var storedArm : new Arm[] {null, Arm.TREATMENT, Arm.HOLDOUT}) {
                                    for (double share : new double[] {0, 100}) {
                                        for (boolean contactUnknown : new boolean[] {true, false}) {
                                            for (boolean nurture : new boolean[] {false, true}) {
                                                check(score, value, lastContact, lastDetractor, ownCase, accountCase, storedArm, share,
                                                        contactUnknown, nurture);
                                                checked++;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(11 * 6 * 3 * 3 * 2 * 2 * 3 * 2 * 2 * 2);
    }

    private static void check(int score, String value, Instant lastContact, Instant lastDetractor, String ownCase,
                              String accountCase, Arm storedArm, double share, boolean contactUnknown, boolean nurture) {
        var response = response(score, value);
        var category = response.category();
        var action = category == Category.DETRACTOR ? Action.RECOVERY
                : category == Category.PROMOTER ? Action.REFERRAL : nurture ? Action.NURTURE : null;
        var lastContacts = new HashMap<Action, Instant>();
        var arms = new HashMap<Action, Arm>();
        if (action != null && lastContact != null) {
            lastContacts.put(action, lastContact);
        }
        if (action != null && storedArm != null) {
            arms.put(action, storedArm);
        }
        var settings = new PolicySettings(SETTINGS.recoverySla(), SETTINGS.referralSla(), HoldoutAssignment.percent(share, "test"),
                SETTINGS.recoveryUplift(), SETTINGS.recoveryCost(), SETTINGS.referralUplift(), SETTINGS.referralCost(),
                SETTINGS.cooldown(), SETTINGS.referralLookback(), contactUnknown,
                new PolicySettings.Nurture(nurture, Duration.ofDays(7), new BigDecimal("0.01"), new BigDecimal("5")));
        var history = new RespondentHistory(lastContacts, arms, lastDetractor, ownCase,
                accountCase == null ? null : new AccountHistory("acme", accountCase, 1), 1);

        var decision = policy(settings).decide(response, history, NOW);

        assertThat(decision.reason()).isNotBlank();
        boolean inCooldown = lastContact != null && lastContact.isAfter(NOW.minus(SETTINGS.cooldown()));
        boolean heldBack = action == Action.REFERRAL && (ownCase != null || accountCase != null
                || lastDetractor != null && lastDetractor.isAfter(NOW.minus(SETTINGS.referralLookback())));
        boolean worthIt = action != null && (value == null ? contactUnknown
                : new BigDecimal(value).multiply(settings.uplift(action)).compareTo(settings.cost(action)) > 0);
        var expectedArm = storedArm != null ? storedArm : share == 100 ? Arm.HOLDOUT : Arm.TREATMENT;
        // Joining an account's case is for the treated and for detractors not worth recovery's cost alike.
        boolean joins = action == Action.RECOVERY && accountCase != null && !(worthIt && expectedArm == Arm.HOLDOUT);

        // Intention to treat: the arm depends only on being worth the cost, never on what happens after.
        if (worthIt) {
            assertThat(decision.arm()).contains(expectedArm);
            assertThat(decision.consideredAction()).contains(action);
        } else {
            assertThat(decision.arm()).isEmpty();
        }
        if (joins) {
            assertThat(decision).isEqualTo(new FollowUpDecision.JoinedCase(accountCase, worthIt ? Arm.TREATMENT : null,
                    "account acme already has an open recovery case " + accountCase + "; added to it"));
        } else if (worthIt && expectedArm == Arm.HOLDOUT) {
            assertThat(decision).isInstanceOf(FollowUpDecision.Holdout.class);
        } else if (worthIt && !inCooldown && !heldBack) {
            assertThat(decision).isInstanceOf(FollowUpDecision.Contact.class);
        } else {
            assertThat(decision).isNotInstanceOf(FollowUpDecision.Contact.class).isNotInstanceOf(FollowUpDecision.Holdout.class);
        }
        if (action == null) {
            assertThat(decision).isInstanceOf(FollowUpDecision.NoFollowUp.class);
        }
    }

    private static RespondentHistory history(Map<Action, Instant> lastContacts, Map<Action, Arm> arms, Instant lastDetractorAt) {
        return new RespondentHistory(lastContacts, arms, lastDetractorAt, 1);
    }

    private static SurveyResponse atAccount(int score, String customerId, String accountId) {
        return new SurveyResponse(new ResponseKey("generic", "r-" + customerId), "s-1",
                new Respondent(customerId, null, null, accountId, "en", new BigDecimal("50000")), new Score(score), null, NOW);
    }

    @Test
    void aDetractorOfAnAccountWithAnOpenRecoveryCaseJoinsItInsteadOfOpeningAnother() {
        var history = RespondentHistory.NONE.withAccount(new AccountHistory("acme", "generic:r-first", 3));

        var decision = policy(SETTINGS).decide(atAccount(2, "c-2", "acme"), history, NOW);

        assertThat(decision).isEqualTo(new FollowUpDecision.JoinedCase("generic:r-first", Arm.TREATMENT,
                "account acme already has an open recovery case generic:r-first; added to it"));
        assertThat(decision.consideredAction()).contains(Action.RECOVERY);
        // Joined, it still counts in the treated arm: a held-out account's later detractors count too.
        assertThat(decision.arm()).contains(Arm.TREATMENT);
    }

    @Test
    void aHeldOutAccountsLaterDetractorsCountInTheHoldoutLikeATreatedAccountsCountInTheTreated() {
        var cohort = new UnitCohort("c-1", Action.RECOVERY, Arm.HOLDOUT, NOW.minus(Duration.ofDays(3)));
        var heldOutAccount = RespondentHistory.NONE.withAccount(
                new AccountHistory("acme", null, 1, Map.of(Action.RECOVERY, cohort)));

        // The account's cohort decides the arm, whatever the hash of a new contact would say.
        var decision = policy(withHoldout(0, true)).decide(atAccount(2, "c-2", "acme"), heldOutAccount, NOW);

        assertThat(decision).isInstanceOf(FollowUpDecision.Holdout.class);
        assertThat(decision.arm()).contains(Arm.HOLDOUT);
    }

    @Test
    void noReferralAskWhileTheCustomerOrTheirAccountHasAnOpenRecoveryCase() {
        var ownCase = new RespondentHistory(Map.of(), Map.of(), null, "typeform:tok-1", null, 2);
        var accountCase = RespondentHistory.NONE.withAccount(new AccountHistory("acme", "generic:r-9", 1));

        assertThat(policy(SETTINGS).decide(atAccount(10, "c-3", null), ownCase, NOW)).isEqualTo(new FollowUpDecision.NotContacted(
                Action.REFERRAL, Arm.TREATMENT, "referral held back: recovery case typeform:tok-1 is still open"));
        assertThat(policy(SETTINGS).decide(atAccount(10, "c-3", "acme"), accountCase, NOW).reason())
                .isEqualTo("referral held back: recovery case generic:r-9 is still open");
        assertThat(policy(SETTINGS).decide(atAccount(10, "c-3", "acme"), RespondentHistory.NONE.withAccount(AccountHistory.none("acme")), NOW))
                .isInstanceOf(FollowUpDecision.Contact.class);
    }

    @Test
    void peopleOfOneAccountShareTheirArm() {
        var half = policy(withHoldout(50, true));
        for (int account = 0; account < 50; account++) {
            var arms = new java.util.HashSet<java.util.Optional<Arm>>();
            for (int person = 0; person < 5; person++) {
                arms.add(half.decide(atAccount(0, "c-" + account + "-" + person, "acct-" + account), RespondentHistory.NONE, NOW).arm());
            }
            assertThat(arms).as("account %s", account).hasSize(1);
        }
    }

    @Test
    void passivesAreNurturedOnlyWhenEnabledAndRationedLikeTheRest() {
        var nurturing = new PolicySettings(SETTINGS.recoverySla(), SETTINGS.referralSla(), SETTINGS.holdout(),
                SETTINGS.recoveryUplift(), SETTINGS.recoveryCost(), SETTINGS.referralUplift(), SETTINGS.referralCost(),
                SETTINGS.cooldown(), SETTINGS.referralLookback(), true,
                new PolicySettings.Nurture(true, Duration.ofDays(7), new BigDecimal("0.01"), new BigDecimal("5")));

        assertThat(policy(nurturing).decide(response(8, "12000"), RespondentHistory.NONE, NOW)).isEqualTo(
                new FollowUpDecision.Contact(Action.NURTURE, NOW.plus(Duration.ofDays(7)),
                        "passive: nurture; expected value 120.00 exceeds the cost 5.00"));
        assertThat(policy(nurturing).decide(response(7, "400"), RespondentHistory.NONE, NOW)).isEqualTo(
                new FollowUpDecision.NotContacted(Action.NURTURE, "not contacted: expected value 4.00 does not exceed the cost 5.00"));
        assertThat(policy(SETTINGS).decide(response(8, "12000"), RespondentHistory.NONE, NOW))
                .isEqualTo(new FollowUpDecision.NoFollowUp("passive: no follow-up"));
    }
}
