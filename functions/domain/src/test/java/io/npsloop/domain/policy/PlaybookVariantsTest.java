package io.npsloop.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlaybookVariantsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final PlaybookVariants VARIANTS = new PlaybookVariants(Map.of(
            Action.RECOVERY, PlaybookVariants.parse("call:2,email:1,call+concession:1"),
            Action.REFERRAL, PlaybookVariants.parse("thanks-first,direct-ask")), "program-2026");

    @Test
    void parsesNamesWithWeightsAndBlankAsNone() {
        assertThat(PlaybookVariants.parse("call:2, email:1,call+concession")).containsExactly(
                new PlaybookVariants.Variant("call", 2), new PlaybookVariants.Variant("email", 1),
                new PlaybookVariants.Variant("call+concession", 1));
        assertThat(PlaybookVariants.parse("  ")).isEmpty();
        assertThatThrownBy(() -> PlaybookVariants.parse("call:two")).hasMessageContaining("weight");
        assertThatThrownBy(() -> PlaybookVariants.parse("Call Me:1")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> PlaybookVariants.parse("call:0")).hasMessageContaining("weight from 1");
        assertThatThrownBy(() -> new PlaybookVariants(Map.of(Action.RECOVERY, PlaybookVariants.parse("call")), "s"))
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> new PlaybookVariants(Map.of(Action.RECOVERY, PlaybookVariants.parse("call,call:2")), "s"))
                .hasMessageContaining("twice");
    }

    @Test
    void theSameUnitAlwaysGetsTheSameVariant() {
        var again = new PlaybookVariants(Map.of(Action.RECOVERY, PlaybookVariants.parse("call:2,email:1,call+concession:1")), "program-2026");
        for (int i = 0; i < 10_000; i++) {
            assertThat(again.variantOf("c-" + i, Action.RECOVERY)).isEqualTo(VARIANTS.variantOf("c-" + i, Action.RECOVERY));
        }
        assertThat(VARIANTS.variantOf("c-1", Action.NURTURE)).isEmpty();
        assertThat(PlaybookVariants.NONE.variantOf("c-1", Action.RECOVERY)).isEmpty();
    }

    /** Seeded: 40,000 random unit ids; each variant's share within 4.5 binomial standard deviations of its weight's. */
    @Test
    void respectsTheWeightsWithinStatisticalTolerance() {
        var random = new SplittableRandom(20261122);
        int units = 40_000;
        var counts = new HashMap<String, Integer>();
        for (int i = 0; i < units; i++) {
            var unit = random.nextBoolean() ? "account:" + Long.toHexString(random.nextLong()) : "cust-" + random.nextInt();
            counts.merge(VARIANTS.variantOf(unit, Action.RECOVERY).orElseThrow(), 1, Integer::sum);
        }
        for (var expected : Map.of("call", 0.5, "email", 0.25, "call+concession", 0.25).entrySet()) {
            double p = expected.getValue();
            double tolerance = 4.5 * Math.sqrt(units * p * (1 - p));
            assertThat((double) counts.get(expected.getKey())).as(expected.getKey()).isBetween(units * p - tolerance, units * p + tolerance);
        }
    }

    /** Within each arm the variants keep their shares: the variant's draw tells nothing of the arm's. */
    @Test
    void isDrawnIndependentlyOfTheHoldout() {
        var holdout = HoldoutAssignment.percent(50, "program-2026");
        int units = 40_000;
        int heldOut = 0;
        int heldOutCalls = 0;
        int calls = 0;
        for (int i = 0; i < units; i++) {
            var unit = "c-" + i;
            boolean call = VARIANTS.variantOf(unit, Action.RECOVERY).orElseThrow().equals("call");
            calls += call ? 1 : 0;
            if (holdout.armOf(unit, Action.RECOVERY) == Arm.HOLDOUT) {
                heldOut++;
                heldOutCalls += call ? 1 : 0;
            }
        }
        double share = (double) heldOutCalls / heldOut;
        assertThat(share).isCloseTo((double) calls / units, org.assertj.core.data.Offset.offset(4.5 * Math.sqrt(0.25 / heldOut)));
    }

    @Test
    void onlyTreatedDecisionsGetAVariant() {
        var treated = new RationedPolicy(settings(0), VARIANTS);
        var contact = treated.decide(response("c-1", null, 2), history(), NOW);
        assertThat(contact).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(contact.variant()).isEqualTo(VARIANTS.variantOf("c-1", Action.RECOVERY));
        assertThat(treated.decide(response("c-2", "acme", 10), history(), NOW).variant())
                .isEqualTo(VARIANTS.variantOf("account:acme", Action.REFERRAL));
        var heldOut = new RationedPolicy(settings(100), VARIANTS);
        for (int i = 0; i < 200; i++) {
            var decision = heldOut.decide(response("c-" + i, i % 2 == 0 ? null : "a-" + i, i % 2 == 0 ? 1 : 9), history(), NOW);
            assertThat(decision).isInstanceOf(FollowUpDecision.Holdout.class);
            assertThat(decision.variant()).isEmpty();
        }
        // Not worth its cost: in no arm, so no variant.
        var cheap = treated.decide(new SurveyResponse(new ResponseKey("generic", "r-cheap"), "s-1",
                new Respondent("c-9", "c9@example.com", "Cy", null, "en", new BigDecimal("10")), new Score(2), null, NOW), history(), NOW);
        assertThat(cheap.arm()).isEmpty();
        assertThat(cheap.variant()).isEmpty();
        assertThat(new RationedPolicy(settings(0)).decide(response("c-1", null, 2), history(), NOW).variant()).isEmpty();
    }

    @Test
    void aTreatedDecisionHeldBackKeepsItsVariant() {
        var held = new FollowUpDecision.NotContacted(Action.RECOVERY, Arm.TREATMENT, "cooldown");
        assertThat(VARIANTS.assign(held, "c-1").variant()).isEqualTo(VARIANTS.variantOf("c-1", Action.RECOVERY));
        assertThat(VARIANTS.assign(new FollowUpDecision.NotContacted(Action.RECOVERY, "not worth it"), "c-1").variant()).isEmpty();
        assertThatThrownBy(() -> new FollowUpDecision.NotContacted(Action.RECOVERY, Arm.HOLDOUT, "x", "call"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Budgets.exhausted(VARIANTS.assign(new FollowUpDecision.Contact(Action.RECOVERY, NOW, "x"), "c-1"),
                new BudgetCharge(Action.RECOVERY, new BigDecimal("25"), "2026-11-22", "2026-11", new BigDecimal("100"), new BigDecimal("1000")),
                "daily", io.npsloop.domain.intake.ValueTier.HIGH).variant()).isEqualTo(VARIANTS.variantOf("c-1", Action.RECOVERY));
    }

    private static PolicySettings settings(double holdoutPercent) {
        return PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(holdoutPercent, "program-2026"));
    }

    private static RespondentHistory history() {
        return RespondentHistory.NONE;
    }

    private static SurveyResponse response(String customer, String account, int score) {
        return new SurveyResponse(new ResponseKey("generic", "r-" + customer), "s-1",
                new Respondent(customer, customer + "@example.com", "Kim", account, "en", new BigDecimal("12000")), new Score(score), null, NOW);
    }
}
