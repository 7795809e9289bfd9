package io.npsloop.benchmarks;

import io.npsloop.domain.roi.ArmSums;
import io.npsloop.domain.roi.ConfidenceSequence;
import io.npsloop.domain.roi.Interval;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Recovery programs simulated with a known truth and read every day, as analysts read the
 * report: how often the fixed-sample 95% interval and the anytime-valid one ever miss the truth,
 * or ever exclude zero, over all the looks of a program. Accounts arrive every day, each with one
 * detractor or several (accounts of several churn more); arms are drawn per account; an account
 * that churns takes all its contacts, and its churn is known when it enters the report. The
 * follow-ups take {@code reduction} off a treated account's churn probability, so the true
 * difference in contacts' churn is exactly {@code reduction}. Pure: the same seed gives the same figures.
 */
public final class DailyLooks {

    /**
     * One kind of program.
     *
     * @param days looks, one a day, each after that day's accounts arrived
     * @param accountsPerDay accounts entering the program each day
     * @param singleShare share of accounts with one detractor; the others have 2 to 8, uniformly
     * @param singleChurn churn probability of a held-out account with one detractor
     * @param severalChurn churn probability of a held-out account with several
     * @param reduction what the follow-ups take off a treated account's churn probability
     */
    public record Scenario(String name, int days, int accountsPerDay, double holdoutShare, double singleShare,
                           double singleChurn, double severalChurn, double reduction) {

        static final int MIN_SIZE = 2;
        static final int MAX_SIZE = 8;

        public Scenario {
            if (days < 1 || accountsPerDay < 1 || !(holdoutShare > 0 && holdoutShare < 1) || !(singleShare >= 0 && singleShare <= 1)
                    || !(reduction >= 0 && reduction <= Math.min(singleChurn, severalChurn)) || !(Math.max(singleChurn, severalChurn) <= 1)) {
                throw new IllegalArgumentException("not a program: " + this);
            }
        }

        /** 90 days of 60 accounts, half of one detractor, half of 2 to 8; held out, they churn at 20% and 30%. */
        public static Scenario accounts(String name, double holdoutShare, double reduction) {
            return new Scenario(name, 90, 60, holdoutShare, 0.5, 0.20, 0.30, reduction);
        }

        /** Every size loses the same share of accounts, and every contact of an account goes with it. */
        public double trueDifference() {
            return reduction;
        }
    }

    /**
     * What {@code runs} programs of a scenario gave. "Ever" is over every daily look of a program;
     * "at the end" is the last look alone, what a fixed interval is made for.
     */
    public record Summary(Scenario scenario, int runs, double truth, double everMissedSequence, double everMissedFixed,
                          double missedFixedAtEnd, double everExcludedZeroSequence, double everExcludedZeroFixed,
                          double excludedZeroSequenceAtEnd, double excludedZeroFixedAtEnd, double widthSequenceAtEnd,
                          double widthFixedAtEnd, double unitsAtEnd) {}

    private DailyLooks() {}

    /** Runs {@code runs} programs of the scenario from {@code seed}, each read every day by {@code sequence}'s interval and the fixed one. */
    public static Summary run(Scenario s, int runs, long seed, ConfidenceSequence sequence) {
        var random = new SplittableRandom(seed);
        double truth = s.trueDifference();
        int missedSequence = 0;
        int missedFixed = 0;
        int missedFixedEnd = 0;
        int zeroSequence = 0;
        int zeroFixed = 0;
        int zeroSequenceEnd = 0;
        int zeroFixedEnd = 0;
        double widthSequence = 0;
        double widthFixed = 0;
        double units = 0;
        for (int r = 0; r < runs; r++) {
            var program = random.split();
            var holdout = ArmSums.EMPTY;
            var treated = ArmSums.EMPTY;
            boolean everMissedSequence = false;
            boolean everMissedFixed = false;
            boolean everZeroSequence = false;
            boolean everZeroFixed = false;
            Interval fixed = null;
            Interval cs = null;
            for (int day = 0; day < s.days(); day++) {
                for (int a = 0; a < s.accountsPerDay(); a++) {
                    boolean single = program.nextDouble() < s.singleShare();
                    int size = single ? 1 : Scenario.MIN_SIZE + program.nextInt(Scenario.MAX_SIZE - Scenario.MIN_SIZE + 1);
                    boolean held = program.nextDouble() < s.holdoutShare();
                    double churn = (single ? s.singleChurn() : s.severalChurn()) - (held ? 0 : s.reduction());
                    var unit = ArmSums.proportionUnit(size, program.nextDouble() < churn ? size : 0);
                    if (held) {
                        holdout = holdout.plus(unit);
                    } else {
                        treated = treated.plus(unit);
                    }
                }
                if (holdout.units() == 0 || treated.units() == 0) {
                    continue;
                }
                // The report's own functions, as it computes them at each look.
                var deff = Interval.DesignEffects.of(holdout, treated);
                fixed = Interval.clusteredNewcombeDifference(holdout, treated, deff, Interval.Z95);
                cs = sequence.clusteredNewcombeDifference(holdout, treated, deff);
                everMissedFixed |= !fixed.contains(truth);
                everMissedSequence |= !cs.contains(truth);
                everZeroFixed |= !fixed.contains(0);
                everZeroSequence |= !cs.contains(0);
            }
            if (cs == null) {
                throw new IllegalStateException("a program with an empty arm: raise the accounts of " + s);
            }
            missedSequence += everMissedSequence ? 1 : 0;
            missedFixed += everMissedFixed ? 1 : 0;
            missedFixedEnd += fixed.contains(truth) ? 0 : 1;
            zeroSequence += everZeroSequence ? 1 : 0;
            zeroFixed += everZeroFixed ? 1 : 0;
            zeroSequenceEnd += cs.contains(0) ? 0 : 1;
            zeroFixedEnd += fixed.contains(0) ? 0 : 1;
            widthSequence += cs.upper() - cs.lower();
            widthFixed += fixed.upper() - fixed.lower();
            units += holdout.units() + treated.units();
        }
        double n = runs;
        return new Summary(s, runs, truth, missedSequence / n, missedFixed / n, missedFixedEnd / n, zeroSequence / n,
                zeroFixed / n, zeroSequenceEnd / n, zeroFixedEnd / n, widthSequence / n, widthFixed / n, units / n);
    }

    /** The scenarios {@code benchmarks/run simulate} prints: no effect, and 10 points less churn, at the default 10% holdout and at 50%. */
    public static List<Scenario> scenarios() {
        var scenarios = new java.util.ArrayList<Scenario>();
        for (double holdout : new double[] {0.10, 0.50}) {
            scenarios.add(Scenario.accounts("accounts of 1 or 2-8, no effect", holdout, 0));
            scenarios.add(Scenario.accounts("accounts of 1 or 2-8, recovery cuts churn by 10 points", holdout, 0.10));
        }
        return List.copyOf(scenarios);
    }
}
