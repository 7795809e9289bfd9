package io.npsloop.domain.roi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.Segment.Dimension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-01");
    private static final RoiReport.Assumptions COSTS =
            new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10"), new BigDecimal("5"));
    private static final Segment HIGH = new Segment(Dimension.TIER, "high");

    @Test
    void aSegmentsChurnFiguresAreTheWholeReportsArithmeticOnItsOwnCounters() {
        // 40 treated customers alone in their unit, 4 left, 30 contacted; 50 held out, 10 left; 2,000 each.
        var counts = Map.of(HIGH, cohorts(Action.RECOVERY, Arm.TREATMENT, 40, 4, 30, 2_000)
                .plus(cohorts(Action.RECOVERY, Arm.HOLDOUT, 50, 10, 0, 2_000)));

        var segments = RoiReport.segments(counts, COSTS);

        assertThat(segments.referral()).isEmpty();
        assertThat(segments.nurture()).isEmpty();
        var row = segments.recovery().get(0);
        var recovery = row.figures();
        assertThat(row.segment()).isEqualTo(HIGH);
        assertThat(recovery.treated()).isEqualTo(40);
        assertThat(recovery.holdoutUnits()).isEqualTo(50);
        assertThat(recovery.treatedChurnRate()).isEqualTo(0.1);
        assertThat(recovery.holdoutChurnRate()).isEqualTo(0.2);
        assertThat(recovery.churnReduction().absolute()).isCloseTo(0.1, within(1e-12));
        // One customer per unit: exactly Newcombe's interval on the counts, as the whole report's.
        var newcombe = Interval.newcombeDifference(10, 50, 4, 40, Interval.Z95);
        assertThat(recovery.churnReduction().ci95().lower()).isCloseTo(newcombe.lower(), within(1e-12));
        assertThat(recovery.churnReduction().ci95().upper()).isCloseTo(newcombe.upper(), within(1e-12));
        // Retained 80,000 × 0.1 = 8,000; cost 30 contacted × 20 = 600; ROI (8,000 − 600) / 600.
        assertThat(recovery.contacted()).isEqualTo(30);
        assertThat(recovery.retainedValue()).isEqualByComparingTo("8000");
        assertThat(recovery.cost()).isEqualByComparingTo("600");
        assertThat(row.returns().roi()).isCloseTo(7400.0 / 600, within(1e-9));
        assertThat(row.returns().roiCi95().lower()).isCloseTo((80_000 * newcombe.lower() - 600) / 600, within(1e-6));
        assertThat(row.returns().roiCi95().upper()).isCloseTo((80_000 * newcombe.upper() - 600) / 600, within(1e-6));
        assertThat(row.tooSmall()).isNull();
    }

    @Test
    void aSegmentWithFewerThanThirtyUnitsInAnArmSaysItIsTooSmall() {
        var counts = Map.of(HIGH, cohorts(Action.NURTURE, Arm.TREATMENT, 200, 20, 200, 0)
                .plus(cohorts(Action.NURTURE, Arm.HOLDOUT, RoiReport.MIN_SEGMENT_UNITS - 1, 5, 0, 0)));

        var row = RoiReport.segments(counts, COSTS).nurture().get(0);

        assertThat(row.tooSmall()).isEqualTo("Too small to say anything: fewer than 30 units (accounts, or customers without one) "
                + "in an arm (200 treated, 29 held out).");
        // The figures are still there, with their (wide) interval.
        assertThat(row.figures().churnReduction().ci95()).isNotNull();
        assertThat(row.figures().cost()).isEqualByComparingTo("1000");

        var enough = RoiReport.segments(Map.of(HIGH, cohorts(Action.NURTURE, Arm.TREATMENT, 30, 3, 30, 0)
                .plus(cohorts(Action.NURTURE, Arm.HOLDOUT, 30, 5, 0, 0))), COSTS).nurture().get(0);
        assertThat(enough.tooSmall()).isNull();
    }

    @Test
    void aReferralSegmentsValueIsWhatTheAskedBroughtBeyondTheHeldOut() {
        // 40 asked, 4 converting 1,000 each; 40 held out, 2 converting 1,000 each: 4,000 − 40 × 2,000 / 40.
        var counts = Map.of(new Segment(Dimension.SOURCE, "typeform"), promoters(Arm.TREATMENT, 36, 0).plus(promoters(Arm.TREATMENT, 4, 1_000))
                .plus(promoters(Arm.HOLDOUT, 38, 0)).plus(promoters(Arm.HOLDOUT, 2, 1_000)));

        var row = RoiReport.segments(counts, COSTS).referral().get(0);

        assertThat(row.figures().value()).isEqualByComparingTo("2000");
        assertThat(row.figures().cost()).isEqualByComparingTo("400");
        assertThat(row.returns().roi()).isCloseTo(4.0, within(1e-12));
        var valueCi = row.figures().valueCi95();
        assertThat(valueCi.contains(2000)).isTrue();
        assertThat(row.returns().roiCi95().lower()).isCloseTo((valueCi.lower() - 400) / 400, within(1e-9));
    }

    @Test
    void eachRecoveryVariantIsComparedWithTheWholeHoldoutAndWithEachOther() {
        // call: 40 treated, 4 left, all contacted; email: 50 treated, 10 left, 20 contacted; held out: 50, 15 left; 1,000 each.
        var call = cohorts(Action.RECOVERY, Arm.TREATMENT, 40, 4, 40, 1_000);
        var email = cohorts(Action.RECOVERY, Arm.TREATMENT, 50, 10, 20, 1_000);
        var holdout = cohorts(Action.RECOVERY, Arm.HOLDOUT, 50, 15, 0, 1_000);
        var segments = Map.of(new Segment(Dimension.VARIANT, "call"), call, new Segment(Dimension.VARIANT, "email"), email);

        var variants = RoiReport.variants(segments, call.plus(email).plus(holdout), COSTS);

        assertThat(variants.referral().any()).isFalse();
        var rows = variants.recovery().variants();
        assertThat(rows).extracting(row -> row.segment().value()).containsExactly("call", "email");
        var byCall = rows.get(0);
        assertThat(byCall.figures().treated()).isEqualTo(40);
        assertThat(byCall.figures().holdout()).isEqualTo(50);
        // 0.3 − 0.1 = 0.2; retained 40,000 × 0.2 = 8,000; cost 40 × 20 = 800; ROI 9.
        assertThat(byCall.figures().churnReduction().absolute()).isCloseTo(0.2, within(1e-12));
        var newcombe = Interval.newcombeDifference(15, 50, 4, 40, Interval.Z95);
        assertThat(byCall.figures().churnReduction().ci95().lower()).isCloseTo(newcombe.lower(), within(1e-12));
        assertThat(byCall.figures().churnReduction().ci95().upper()).isCloseTo(newcombe.upper(), within(1e-12));
        assertThat(byCall.figures().churnReduction().cs95().lower()).isLessThan(newcombe.lower());
        assertThat(byCall.figures().retainedValue()).isEqualByComparingTo("8000");
        assertThat(byCall.figures().cost()).isEqualByComparingTo("800");
        assertThat(byCall.returns().roi()).isCloseTo(9.0, within(1e-12));
        assertThat(byCall.tooSmall()).isNull();
        // email: 0.3 − 0.2 = 0.1; retained 50,000 × 0.1 = 5,000; cost 20 × 20 = 400.
        var byEmail = rows.get(1);
        assertThat(byEmail.figures().churnReduction().absolute()).isCloseTo(0.1, within(1e-12));
        assertThat(byEmail.figures().cost()).isEqualByComparingTo("400");
        assertThat(byEmail.returns().roi()).isCloseTo(11.5, within(1e-12));

        var pair = variants.recovery().comparisons().get(0);
        assertThat(pair.first()).isEqualTo("call");
        assertThat(pair.second()).isEqualTo("email");
        // email churned 0.2, call 0.1: call better by 0.1, Newcombe's interval of email's rate minus call's.
        assertThat(pair.difference()).isCloseTo(0.1, within(1e-12));
        var between = Interval.newcombeDifference(10, 50, 4, 40, Interval.Z95);
        assertThat(pair.ci95().lower()).isCloseTo(between.lower(), within(1e-12));
        assertThat(pair.ci95().upper()).isCloseTo(between.upper(), within(1e-12));
        assertThat(pair.cs95().contains(pair.difference())).isTrue();
        assertThat(pair.cs95().upper() - pair.cs95().lower()).isGreaterThan(pair.ci95().upper() - pair.ci95().lower());
        assertThat(pair.tooSmall()).isNull();
    }

    @Test
    void referralVariantsCompareValuePerPromoterAndSayWhenTooSmall() {
        // warm: 10 asked, 2 converting 1,000 each; cold: 10 asked, none; held out 20, 1 converting 1,000.
        var warm = promoters(Arm.TREATMENT, 8, 0).plus(promoters(Arm.TREATMENT, 2, 1_000));
        var cold = promoters(Arm.TREATMENT, 10, 0);
        var holdout = promoters(Arm.HOLDOUT, 19, 0).plus(promoters(Arm.HOLDOUT, 1, 1_000));
        var segments = Map.of(new Segment(Dimension.VARIANT, "warm"), warm, new Segment(Dimension.VARIANT, "cold"), cold);

        var variants = RoiReport.variants(segments, warm.plus(cold).plus(holdout), COSTS).referral();

        assertThat(variants.variants()).extracting(row -> row.segment().value()).containsExactly("cold", "warm");
        var byWarm = variants.variants().get(1);
        // 2,000 − 10 × 1,000 / 20 = 1,500; cost 10 × 10 = 100.
        assertThat(byWarm.figures().value()).isEqualByComparingTo("1500");
        assertThat(byWarm.figures().cost()).isEqualByComparingTo("100");
        assertThat(byWarm.tooSmall()).contains("(10 treated, 20 held out)");
        var pair = variants.comparisons().get(0);
        // cold minus warm per promoter asked: 0 − 200.
        assertThat(pair.difference()).isCloseTo(-200.0, within(1e-9));
        assertThat(pair.ci95().contains(-200)).isTrue();
        assertThat(pair.tooSmall()).isEqualTo("Too small to say anything: fewer than 30 units (accounts, or customers without one) "
                + "in a variant (10 cold, 10 warm).");
    }

    @Test
    void contactDelaysFallInTheirBucketsAtTheBoundaries() {
        assertThat(ContactDelay.of(java.time.Duration.ofMinutes(59))).isEqualTo(ContactDelay.UNDER_1H);
        assertThat(ContactDelay.of(java.time.Duration.ofHours(1))).isEqualTo(ContactDelay.FROM_1H_TO_4H);
        assertThat(ContactDelay.of(java.time.Duration.ofHours(4))).isEqualTo(ContactDelay.FROM_4H_TO_24H);
        assertThat(ContactDelay.of(java.time.Duration.ofHours(24))).isEqualTo(ContactDelay.FROM_1D_TO_3D);
        assertThat(ContactDelay.of(java.time.Duration.ofDays(3))).isEqualTo(ContactDelay.OVER_3D);
        assertThat(ContactDelay.fromWireName("1-3d")).isEqualTo(ContactDelay.FROM_1D_TO_3D);
    }

    @Test
    void timeToContactIsEachBucketsChurnWithItsWilsonInterval() {
        // Under an hour: 20 customers alone in their unit, 2 left. Never: one account of 4 that left, and 6 alone who stayed.
        var fast = cohorts(Action.RECOVERY, Arm.TREATMENT, 20, 2, 20, 1_000);
        var never = new CohortCount(Action.RECOVERY, Arm.TREATMENT, DAY, 4, BigDecimal.valueOf(4_000), 4, 0, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO, 1).counts().plus(cohorts(Action.RECOVERY, Arm.TREATMENT, 6, 0, 6, 1_000));
        var segments = Map.of(new Segment(Dimension.CONTACT, "under-1h"), fast, new Segment(Dimension.CONTACT, "never"), never,
                HIGH, fast.plus(never));

        var buckets = RoiReport.timeToContact(segments);

        assertThat(buckets).extracting(RoiReport.ContactBucket::delay).containsExactly(ContactDelay.values());
        var first = buckets.get(0);
        assertThat(first.members()).isEqualTo(20);
        assertThat(first.churned()).isEqualTo(2);
        assertThat(first.churnRate()).isEqualTo(0.1);
        var wilson = Interval.wilson(2, 20, Interval.Z95);
        assertThat(first.wilson95().lower()).isCloseTo(wilson.lower(), within(1e-12));
        assertThat(first.wilson95().upper()).isCloseTo(wilson.upper(), within(1e-12));
        assertThat(buckets.get(1).members()).isZero();
        assertThat(buckets.get(1).wilson95()).isNull();
        var last = buckets.get(5);
        assertThat(last.units()).isEqualTo(7);
        assertThat(last.members()).isEqualTo(10);
        assertThat(last.churnRate()).isEqualTo(0.4);
        // The account's four leave together: wider than four independent customers would make it.
        assertThat(last.wilson95().upper() - last.wilson95().lower())
                .isGreaterThan(Interval.wilson(4, 10, Interval.Z95).upper() - Interval.wilson(4, 10, Interval.Z95).lower());
        // Not among the segments compared with the holdout.
        assertThat(RoiReport.segments(segments, COSTS).recovery()).extracting(row -> row.segment()).containsExactly(HIGH);
    }

    @Test
    void everyCohortCounterHasAShortNameOfItsOwnThatReadsBack() {
        var seen = new HashSet<String>();
        for (var counter : Counter.values()) {
            if (counter.cohortMeasure()) {
                assertThat(seen.add(counter.shortName())).as(counter.name()).isTrue();
                assertThat(Counter.fromShortName(counter.shortName())).contains(counter);
                assertThat(counter.shortName().length()).isLessThanOrEqualTo(6);
            }
        }
        // Recovery 9 measures per arm, nurture 8, referral 10, and each treated arm's contacted members.
        assertThat(seen).hasSize(2 * 9 + 2 * 8 + 2 * 10 + 3);
        assertThat(Counter.RESPONSES.cohortMeasure()).isFalse();
        assertThat(Counter.RECOVERY_TREATED_CONTACTED_MEMBERS.earlierRule()).isFalse();
    }

    @Test
    void aSurveyNotListedIsOther() {
        var listed = Set.of("nps-q4");
        assertThat(CohortSegments.of(ValueTier.HIGH, "typeform", "nps-q4", listed).survey()).isEqualTo("nps-q4");
        assertThat(CohortSegments.of(ValueTier.HIGH, "typeform", "onboarding", listed).survey()).isEqualTo(Segment.OTHER);
        assertThat(CohortSegments.of(ValueTier.UNKNOWN, "typeform", "x", listed).segments())
                .containsExactly(new Segment(Dimension.TIER, "unknown"), new Segment(Dimension.SOURCE, "typeform"),
                        new Segment(Dimension.SURVEY, "other"));
    }

    /**
     * For random streams of cohorts changing as members join and outcomes arrive, each counted as
     * the counters count them (the difference between two states), every counter's sum over the
     * segments of each dimension is its total, and so are the segments' arm sizes and churn; the
     * variants' counters add up to the treated arms of the actions with variants, and each variant
     * is compared with the whole holdout.
     */
    @Test
    void eachDimensionsSegmentsAddUpToTheTotalsForEveryCounter() {
        var random = new SplittableRandom(20261122);
        var tiers = List.of("high", "medium", "low", "unknown");
        var sources = List.of("typeform", "delighted", "qualtrics");
        var surveys = List.of("q1", "q2", Segment.OTHER);
        var variants = List.of("call", "email", "call+concession");
        for (int stream = 0; stream < 300; stream++) {
            var total = Tally.EMPTY;
            var bySegment = new HashMap<Segment, Tally>();
            int cohorts = 1 + random.nextInt(60);
            for (int c = 0; c < cohorts; c++) {
                var action = Action.values()[random.nextInt(3)];
                var arm = random.nextBoolean() ? Arm.TREATMENT : Arm.HOLDOUT;
                var segments = random.nextInt(10) == 0 ? CohortSegments.UNRECORDED : new CohortSegments(
                        tiers.get(random.nextInt(tiers.size())), sources.get(random.nextInt(sources.size())),
                        surveys.get(random.nextInt(surveys.size())));
                if (arm == Arm.TREATMENT && action != Action.NURTURE) {
                    // Recovery and referral have variants here, and every treated cohort of theirs carries one.
                    segments = segments.withVariant(variants.get(random.nextInt(variants.size())));
                }
                CohortCount previous = null;
                int changes = 1 + random.nextInt(4);
                for (int k = 0; k < changes; k++) {
                    var current = randomState(random, action, arm, previous);
                    var change = previous == null ? current.counts() : current.counts().minus(previous.counts());
                    total = total.plus(change);
                    segments.spread(change).forEach((segment, tally) -> bySegment.merge(segment, tally, Tally::plus));
                    previous = current;
                }
            }
            var treatedWithVariants = Tally.of(total.values().entrySet().stream()
                    .filter(e -> e.getKey().name().startsWith("RECOVERY_TREATED") || e.getKey().name().startsWith("REFERRAL_TREATED"))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            var variantSum = bySegment.entrySet().stream().filter(e -> e.getKey().dimension() == Dimension.VARIANT)
                    .map(Map.Entry::getValue).reduce(Tally.EMPTY, Tally::plus);
            assertThat(variantSum).as("stream %d, variants", stream).isEqualTo(treatedWithVariants);
            var byVariant = RoiReport.variants(bySegment, total, COSTS);
            var all = RoiReport.of(total, COSTS);
            assertThat(byVariant.recovery().variants().stream().mapToLong(v -> v.figures().treatedUnits()).sum())
                    .isEqualTo(all.recovery().treatedUnits());
            assertThat(byVariant.recovery().variants().stream().mapToLong(v -> v.figures().treatedChurned()).sum())
                    .isEqualTo(all.recovery().treatedChurned());
            assertThat(byVariant.recovery().variants()).allMatch(v -> v.figures().holdoutUnits() == all.recovery().holdoutUnits());
            assertThat(byVariant.referral().variants().stream().mapToLong(v -> v.figures().leads()).sum()).isEqualTo(all.referral().leads());
            assertThat(byVariant.referral().variants().stream().map(v -> v.figures().convertedValue()).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(all.referral().convertedValue());
            int k = byVariant.recovery().variants().size();
            assertThat(byVariant.recovery().comparisons()).hasSize(k * (k - 1) / 2);
            for (var dimension : Dimension.values()) {
                if (!dimension.coversEveryCohort()) {
                    continue;
                }
                var sum = bySegment.entrySet().stream().filter(e -> e.getKey().dimension() == dimension)
                        .map(Map.Entry::getValue).reduce(Tally.EMPTY, Tally::plus);
                assertThat(sum).as("stream %d, %s", stream, dimension).isEqualTo(total);
                var perDimension = new HashMap<Segment, Tally>();
                bySegment.forEach((segment, tally) -> {
                    if (segment.dimension() == dimension) {
                        perDimension.put(segment, tally);
                    }
                });
                var figures = RoiReport.segments(perDimension, COSTS);
                var whole = RoiReport.of(total, COSTS);
                assertThat(figures.recovery().stream().mapToLong(r -> r.figures().treated()).sum()).isEqualTo(whole.recovery().treated());
                assertThat(figures.recovery().stream().mapToLong(r -> r.figures().holdoutUnits()).sum())
                        .isEqualTo(whole.recovery().holdoutUnits());
                assertThat(figures.recovery().stream().mapToLong(r -> r.figures().holdoutChurned()).sum())
                        .isEqualTo(whole.recovery().holdoutChurned());
                assertThat(figures.nurture().stream().mapToLong(r -> r.figures().treatedChurned()).sum())
                        .isEqualTo(whole.nurture().treatedChurned());
                assertThat(figures.referral().stream().mapToLong(r -> r.figures().leads()).sum()).isEqualTo(whole.referral().leads());
                assertThat(figures.referral().stream().map(r -> r.figures().holdoutConvertedValue()).reduce(BigDecimal.ZERO, BigDecimal::add))
                        .isEqualByComparingTo(whole.referral().holdoutConvertedValue());
            }
            assertThat(total.values().keySet()).allMatch(Counter::cohortMeasure);
        }
    }

    /** A cohort's next state: members only join, outcomes only add. */
    private static CohortCount randomState(SplittableRandom random, Action action, Arm arm, CohortCount previous) {
        long members = (previous == null ? 0 : previous.members()) + (previous == null ? 1 : 0) + random.nextInt(3);
        long churned = Math.min(members, (previous == null ? 0 : previous.churned()) + random.nextInt(2));
        long renewed = Math.min(members - churned, random.nextInt(2));
        long contacted = arm == Arm.TREATMENT ? Math.min(members, (previous == null ? 0 : previous.contacted()) + random.nextInt(2)) : 0;
        var value = BigDecimal.valueOf(members * (100 + random.nextInt(1_000)));
        boolean referral = action == Action.REFERRAL;
        return new CohortCount(action, arm, DAY, members, referral ? BigDecimal.ZERO : value, referral ? 0 : churned,
                referral ? 0 : renewed, action == Action.RECOVERY ? BigDecimal.valueOf(random.nextInt(50)) : BigDecimal.ZERO,
                referral ? random.nextInt(3) : 0, referral ? random.nextInt(2) : 0,
                referral ? BigDecimal.valueOf(random.nextInt(5_000)) : BigDecimal.ZERO, contacted);
    }

    /** {@code units} customers alone in their unit, {@code churned} of whom left, {@code contacted} contacted, worth {@code value} each. */
    private static Tally cohorts(Action action, Arm arm, long units, long churned, long contacted, long value) {
        var tally = Tally.EMPTY;
        for (long i = 0; i < units; i++) {
            tally = tally.plus(new CohortCount(action, arm, DAY, 1, BigDecimal.valueOf(value), i < churned ? 1 : 0, 0, BigDecimal.ZERO,
                    0, 0, BigDecimal.ZERO, i < contacted ? 1 : 0).counts());
        }
        return tally;
    }

    private static Tally promoters(Arm arm, long units, long convertedValue) {
        var tally = Tally.EMPTY;
        for (long i = 0; i < units; i++) {
            tally = tally.plus(new CohortCount(Action.REFERRAL, arm, DAY, 1, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO,
                    convertedValue > 0 ? 1 : 0, convertedValue > 0 ? 1 : 0, BigDecimal.valueOf(convertedValue),
                    arm == Arm.TREATMENT ? 1 : 0).counts());
        }
        return tally;
    }
}
