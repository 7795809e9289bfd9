package io.npsloop.benchmarks;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.CohortCount;
import io.npsloop.domain.roi.RoiReport;
import io.npsloop.domain.roi.Segment;
import io.npsloop.domain.roi.Tally;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Recovery programs with two playbook variants and a known truth, read every day through the
 * report's own variant comparison ({@link RoiReport#variants}): how often its interval of the pair
 * holds the true difference, and how often it names the better variant (the interval above 0) or,
 * wrongly, the worse one. Accounts arrive as in {@link DailyLooks}; a treated account gets
 * {@code call} or {@code email} with equal weights; each variant takes its own reduction off the
 * account's churn probability, so the true difference in contacts' churn between them is exactly
 * the difference of the reductions. Pure: the same seed gives the same figures.
 */
public final class VariantSimulation {

    /**
     * @param callReduction what a call takes off a treated account's churn probability
     * @param emailReduction what an email takes off it
     */
    public record Scenario(String name, int days, int accountsPerDay, double holdoutShare, double callReduction, double emailReduction) {

        /** 90 days of 60 accounts, half of one detractor, half of 2 to 8, churning at 20% and 30% held out. */
        public static Scenario of(String name, double callReduction, double emailReduction) {
            return new Scenario(name, 90, 60, 0.10, callReduction, emailReduction);
        }

        /** Email's churn minus call's: what the report's pair ({@code call} against {@code email}) estimates. */
        public double trueDifference() {
            return callReduction - emailReduction;
        }
    }

    /**
     * @param foundBetterFixedAtEnd share of programs whose fixed interval at the last look lies above 0
     * @param foundBetterSequenceAtEnd the same for the anytime-valid interval
     * @param everFavouredWorseSequence share whose anytime-valid interval at some daily look lay on the wrong side of 0
     * @param coverageFixedAtEnd share whose fixed interval holds the truth at the last look
     * @param coverageSequenceEveryLook share whose anytime-valid interval holds the truth at every daily look
     */
    public record Summary(Scenario scenario, int runs, double truth, double foundBetterFixedAtEnd, double foundBetterSequenceAtEnd,
                          double everFavouredWorseSequence, double favouredWorseFixedAtEnd, double coverageFixedAtEnd,
                          double coverageSequenceEveryLook, double meanEstimate, double unitsPerVariantAtEnd) {}

    private static final LocalDate DAY = LocalDate.parse("2026-11-01");
    private static final RoiReport.Assumptions COSTS = new RoiReport.Assumptions(new BigDecimal("25"), new BigDecimal("10"));
    private static final Segment CALL = new Segment(Segment.Dimension.VARIANT, "call");
    private static final Segment EMAIL = new Segment(Segment.Dimension.VARIANT, "email");

    private VariantSimulation() {}

    public static Summary run(Scenario s, int runs, long seed) {
        var random = new SplittableRandom(seed);
        int betterFixed = 0;
        int betterSequence = 0;
        int worseSequence = 0;
        int worseFixed = 0;
        int coveredFixed = 0;
        int coveredSequence = 0;
        double estimates = 0;
        double units = 0;
        for (int r = 0; r < runs; r++) {
            var program = random.split();
            var call = Tally.EMPTY;
            var email = Tally.EMPTY;
            var holdout = Tally.EMPTY;
            boolean everMissed = false;
            boolean everWorse = false;
            RoiReport.VariantComparison last = null;
            for (int day = 0; day < s.days(); day++) {
                for (int a = 0; a < s.accountsPerDay(); a++) {
                    boolean single = program.nextDouble() < 0.5;
                    int size = single ? 1 : 2 + program.nextInt(7);
                    boolean held = program.nextDouble() < s.holdoutShare();
                    boolean byCall = program.nextBoolean();
                    double churn = (single ? 0.20 : 0.30) - (held ? 0 : byCall ? s.callReduction() : s.emailReduction());
                    boolean churned = program.nextDouble() < churn;
                    var counts = new CohortCount(Action.RECOVERY, held ? Arm.HOLDOUT : Arm.TREATMENT, DAY, size,
                            BigDecimal.valueOf(1_000L * size), churned ? size : 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO,
                            held ? 0 : 1).counts();
                    if (held) {
                        holdout = holdout.plus(counts);
                    } else if (byCall) {
                        call = call.plus(counts);
                    } else {
                        email = email.plus(counts);
                    }
                }
                var variants = RoiReport.variants(Map.of(CALL, call, EMAIL, email), call.plus(email).plus(holdout), COSTS).recovery();
                if (variants.comparisons().isEmpty()) {
                    continue;
                }
                // The report's own comparison, as it computes it at each look.
                last = variants.comparisons().get(0);
                if (last.cs95() != null) {
                    everMissed |= !last.cs95().contains(s.trueDifference());
                    everWorse |= s.trueDifference() > 0 ? last.cs95().upper() < 0 : last.cs95().lower() > 0;
                }
            }
            if (last == null || last.ci95() == null) {
                throw new IllegalStateException("a program with an empty variant: raise the accounts of " + s);
            }
            betterFixed += last.ci95().lower() > 0 ? 1 : 0;
            betterSequence += last.cs95().lower() > 0 ? 1 : 0;
            worseFixed += last.ci95().upper() < 0 ? 1 : 0;
            worseSequence += everWorse ? 1 : 0;
            coveredFixed += last.ci95().contains(s.trueDifference()) ? 1 : 0;
            coveredSequence += everMissed ? 0 : 1;
            estimates += last.difference();
            units += (call.count(io.npsloop.domain.roi.Counter.RECOVERY_TREATED_UNITS) + email.count(io.npsloop.domain.roi.Counter.RECOVERY_TREATED_UNITS)) / 2.0;
        }
        double n = runs;
        return new Summary(s, runs, s.trueDifference(), betterFixed / n, betterSequence / n, worseSequence / n, worseFixed / n,
                coveredFixed / n, coveredSequence / n, estimates / n, units / n);
    }

    /** The scenarios {@code benchmarks/run simulate} prints: two equal variants, and a call that cuts churn 6 points more than an email. */
    public static List<Scenario> scenarios() {
        return List.of(Scenario.of("call and email equal (both cut churn by 7 points)", 0.07, 0.07),
                Scenario.of("call better than email (cuts 10 points against 4)", 0.10, 0.04));
    }
}
