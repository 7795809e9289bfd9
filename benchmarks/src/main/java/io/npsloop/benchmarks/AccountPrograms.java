package io.npsloop.benchmarks;

import io.npsloop.domain.roi.ArmSums;
import io.npsloop.domain.roi.Interval;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Programs of recovery follow-ups simulated with a known truth, to measure how often the churn
 * intervals cover it when arms are drawn per account. Each program has some accounts; each
 * account has one detractor or several, and accounts with several are more troubled (they churn
 * more often). Arms are drawn per account. When an account churns, all its contacts go; a contact
 * may also churn alone. Follow-ups multiply a treated account's churn probability by
 * (1 − effect). Pure: no DynamoDB, no clock, the same seed gives the same figures.
 */
public final class AccountPrograms {

    /** How detractors are counted in the arms. */
    public enum Counting {
        /** Every eligible contact counts in its account's arm. */
        EVERY_CONTACT,
        /**
         * The earlier rule: in a treated account only the first detractor counts (the later ones
         * joined its case and were left out), in a held-out account every detractor counts.
         */
        FIRST_CONTACT_WHEN_TREATED
    }

    /**
     * One kind of program.
     *
     * @param singleShare share of accounts with one detractor; the others have {@code minSize} to {@code maxSize}, uniformly
     * @param singleChurn churn probability of an account with one detractor, held out
     * @param severalChurn churn probability of an account with several, held out
     * @param contactChurn probability that a contact of an account that stays churns alone
     * @param effect follow-ups multiply a treated account's churn probability by 1 − effect
     */
    public record Scenario(String name, int accounts, double holdoutShare, double singleShare, int minSize, int maxSize,
                           double singleChurn, double severalChurn, double contactChurn, double effect, Counting counting) {

        public Scenario {
            if (accounts < 2 || !(holdoutShare > 0 && holdoutShare < 1) || !(singleShare >= 0 && singleShare <= 1)
                    || minSize < 1 || maxSize < minSize || !probability(singleChurn) || !probability(severalChurn)
                    || !probability(contactChurn) || !probability(effect)) {
                throw new IllegalArgumentException("not a program: " + this);
            }
        }

        /** Accounts of one detractor or of 2 to 8, churning at 10% and 30% when held out; no churn of a contact alone. */
        public static Scenario accounts(String name, double holdoutShare, double effect) {
            return new Scenario(name, 2_000, holdoutShare, 0.5, 2, 8, 0.10, 0.30, 0, effect, Counting.EVERY_CONTACT);
        }

        public Scenario withContactChurn(String name, double contactChurn) {
            return new Scenario(name, accounts, holdoutShare, singleShare, minSize, maxSize, singleChurn, severalChurn,
                    contactChurn, effect, counting);
        }

        /** The same program with one detractor in every account. */
        public Scenario withOneContactEach(String name) {
            return new Scenario(name, accounts, holdoutShare, 1, minSize, maxSize, singleChurn, severalChurn, contactChurn,
                    effect, counting);
        }

        public Scenario counted(String name, Counting counting) {
            return new Scenario(name, accounts, holdoutShare, singleShare, minSize, maxSize, singleChurn, severalChurn,
                    contactChurn, effect, counting);
        }

        /**
         * What the churn reduction measures in the population: the held-out contacts' churn rate
         * minus the treated contacts', every contact counted (its expectation, weighted by size).
         */
        public double trueDifference() {
            return contactChurnRate(1) - contactChurnRate(1 - effect);
        }

        private double contactChurnRate(double factor) {
            double severalSize = (minSize + maxSize) / 2.0;
            double single = contactChurn(singleChurn * factor);
            double several = contactChurn(severalChurn * factor);
            return (singleShare * single + (1 - singleShare) * severalSize * several)
                    / (singleShare + (1 - singleShare) * severalSize);
        }

        private double contactChurn(double accountChurn) {
            return accountChurn + (1 - accountChurn) * contactChurn;
        }

        private static boolean probability(double p) {
            return p >= 0 && p <= 1;
        }
    }

    /** One program's arms, summed over their accounts. */
    public record Arms(ArmSums holdout, ArmSums treated) {

        /** Holdout churn rate minus treated, as the report's churn reduction. */
        public double estimate() {
            return holdout.rate() - treated.rate();
        }

        public Interval.DesignEffects designEffects() {
            return Interval.DesignEffects.of(holdout, treated);
        }

        public Interval clustered() {
            return Interval.clusteredNewcombeDifference(holdout, treated, designEffects(), Interval.Z95);
        }

        /** Newcombe's interval on the contact counts, as if every contact were drawn alone. */
        public Interval naive() {
            return Interval.newcombeDifference((long) holdout.events(), (long) holdout.members(), (long) treated.events(),
                    (long) treated.members(), Interval.Z95);
        }

        public Interval ratio() {
            return Interval.ratioDifference(holdout, treated, Interval.Z95).orElseThrow();
        }
    }

    /**
     * What {@code programs} programs of a scenario gave: how often each interval held the true
     * difference, how often it excluded 0, how much wider the clustered interval was than the
     * naive one, the mean design effects and the mean estimate.
     */
    public record Summary(Scenario scenario, int programs, double truth, double coverageClustered, double coverageNaive,
                          double coverageRatio, double excludesZeroClustered, double excludesZeroNaive, double widthRatio,
                          double meanDeffHoldout, double meanDeffTreated, double meanEstimate, long differingIntervals) {

        public double bias() {
            return meanEstimate - truth;
        }
    }

    private AccountPrograms() {}

    /** Draws one program. */
    public static Arms draw(Scenario s, SplittableRandom random) {
        var holdout = new Sums();
        var treated = new Sums();
        for (int a = 0; a < s.accounts(); a++) {
            int size = random.nextDouble() < s.singleShare() ? 1 : s.minSize() + random.nextInt(s.maxSize() - s.minSize() + 1);
            boolean held = random.nextDouble() < s.holdoutShare();
            double churn = (size == 1 ? s.singleChurn() : s.severalChurn()) * (held ? 1 : 1 - s.effect());
            boolean accountChurns = random.nextDouble() < churn;
            int churned = 0;
            boolean firstChurned = false;
            for (int c = 0; c < size; c++) {
                boolean gone = accountChurns || (s.contactChurn() > 0 && random.nextDouble() < s.contactChurn());
                churned += gone ? 1 : 0;
                firstChurned |= c == 0 && gone;
            }
            if (held) {
                holdout.add(size, churned);
            } else if (s.counting() == Counting.FIRST_CONTACT_WHEN_TREATED) {
                treated.add(1, firstChurned ? 1 : 0);
            } else {
                treated.add(size, churned);
            }
        }
        if (holdout.units == 0 || treated.units == 0) {
            throw new IllegalStateException("a program with an empty arm: raise the accounts of " + s);
        }
        return new Arms(holdout.toArm(), treated.toArm());
    }

    /** Runs {@code programs} programs of the scenario from {@code seed}. */
    public static Summary run(Scenario s, int programs, long seed) {
        var random = new SplittableRandom(seed);
        double truth = s.trueDifference();
        int coveredClustered = 0;
        int coveredNaive = 0;
        int coveredRatio = 0;
        int zeroOutClustered = 0;
        int zeroOutNaive = 0;
        long differing = 0;
        double widthRatios = 0;
        double deffHoldout = 0;
        double deffTreated = 0;
        double estimates = 0;
        for (int i = 0; i < programs; i++) {
            var arms = draw(s, random.split());
            var deff = arms.designEffects();
            var clustered = Interval.clusteredNewcombeDifference(arms.holdout(), arms.treated(), deff, Interval.Z95);
            var naive = arms.naive();
            coveredClustered += clustered.contains(truth) ? 1 : 0;
            coveredNaive += naive.contains(truth) ? 1 : 0;
            coveredRatio += arms.ratio().contains(truth) ? 1 : 0;
            zeroOutClustered += clustered.contains(0) ? 0 : 1;
            zeroOutNaive += naive.contains(0) ? 0 : 1;
            differing += clustered.equals(naive) ? 0 : 1;
            widthRatios += (clustered.upper() - clustered.lower()) / (naive.upper() - naive.lower());
            deffHoldout += deff.first();
            deffTreated += deff.second();
            estimates += arms.estimate();
        }
        double n = programs;
        return new Summary(s, programs, truth, coveredClustered / n, coveredNaive / n, coveredRatio / n,
                zeroOutClustered / n, zeroOutNaive / n, widthRatios / n, deffHoldout / n, deffTreated / n, estimates / n,
                differing);
    }

    /** The scenarios {@code benchmarks/run coverage} prints. */
    public static List<Scenario> scenarios() {
        var scenarios = new java.util.ArrayList<Scenario>();
        for (double holdout : new double[] {0.10, 0.50}) {
            scenarios.add(Scenario.accounts("accounts of 1 or 2-8, no effect", holdout, 0));
            scenarios.add(Scenario.accounts("accounts of 1 or 2-8, effect 30%", holdout, 0.30));
            scenarios.add(Scenario.accounts("", holdout, 0.30)
                    .withContactChurn("accounts of 1 or 2-8, effect 30%, 5% contact churn", 0.05));
            scenarios.add(Scenario.accounts("", holdout, 0.30).withOneContactEach("one contact per account, effect 30%"));
            scenarios.add(Scenario.accounts("", holdout, 0)
                    .counted("earlier rule (first contact when treated), no effect", Counting.FIRST_CONTACT_WHEN_TREATED));
        }
        return List.copyOf(scenarios);
    }

    /** Running sums of one arm's accounts, in plain fields: millions of accounts go through here. */
    private static final class Sums {
        long units;
        long members;
        long events;
        long membersSquared;
        long eventsSquared;
        long eventsTimesMembers;

        void add(int n, int y) {
            units++;
            members += n;
            events += y;
            membersSquared += (long) n * n;
            eventsSquared += (long) y * y;
            eventsTimesMembers += (long) y * n;
        }

        ArmSums toArm() {
            return new ArmSums(units, members, events, membersSquared, eventsSquared, eventsTimesMembers);
        }
    }
}
