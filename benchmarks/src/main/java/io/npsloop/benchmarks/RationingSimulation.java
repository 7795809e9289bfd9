package io.npsloop.benchmarks;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.MeasuredUplifts;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.policy.UpliftBook;
import io.npsloop.domain.policy.UpliftSource;
import io.npsloop.domain.roi.ArmSums;
import io.npsloop.domain.roi.UpliftEstimator;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measured against configured rationing on the same simulated detractors, with a known truth per
 * value tier: recovery cuts churn by 10 points in the high tier, 1 point in the medium, nothing in
 * the low. A simulated year of detractors goes through the real {@link RationedPolicy} (its holdout
 * hash, its exploration draw), churn is drawn from the truth and seen {@link #CHURN_SEEN_AFTER_DAYS}
 * days later, and the measured policy re-estimates each tier's uplift every simulated day with the
 * real {@link UpliftEstimator}, as the hourly schedule would from the counters. Value net of cost
 * counts, for each contacted customer, what the truth says the contact saves (effect × annual
 * value) less its cost: the same cost per contact for both, and no budget cap.
 */
final class RationingSimulation {

    static final int DAYS = 365;
    static final int DETRACTORS_PER_DAY = 60;
    static final int CHURN_SEEN_AFTER_DAYS = 90;
    static final double BASE_CHURN = 0.20;
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** Known truth: churn cut by recovery per tier, and the tier's share of detractors and value range. */
    enum Truth {
        HIGH(ValueTier.HIGH, 0.10, 0.10, 10_000, 30_000),
        MEDIUM(ValueTier.MEDIUM, 0.01, 0.40, 1_000, 9_999),
        LOW(ValueTier.LOW, 0.0, 0.50, 501, 999);

        final ValueTier tier;
        final double effect;
        final double share;
        final int minValue;
        final int maxValue;

        Truth(ValueTier tier, double effect, double share, int minValue, int maxValue) {
            this.tier = tier;
            this.effect = effect;
            this.share = share;
            this.minValue = minValue;
            this.maxValue = maxValue;
        }
    }

    /** One policy's simulated year. */
    record Year(Map<ValueTier, Long> contacts, double net, double saved, double cost, Map<ValueTier, Double> finalUplift) {}

    /** Both policies over the same years: mean per year. */
    record Summary(int years, Year configured, Year measured) {}

    private record Customer(Truth truth, double value, Arm arm, boolean contacted, boolean churned, int day) {}

    static Summary run(int years, long seed) {
        Year configured = null;
        Year measured = null;
        for (int y = 0; y < years; y++) {
            configured = plus(configured, year(false, seed + y));
            measured = plus(measured, year(true, seed + y));
        }
        return new Summary(years, divide(configured, years), divide(measured, years));
    }

    static Year year(boolean measuring, long seed) {
        var settings = PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(10, "sim-" + seed))
                .withLearning(new PolicySettings.Learning(measuring ? UpliftSource.MEASURED : UpliftSource.CONFIGURED, 1000, 1000));
        var estimator = UpliftEstimator.DEFAULT;
        var random = new SplittableRandom(seed);
        var customers = new ArrayList<Customer>();
        var contacts = new EnumMap<ValueTier, Long>(ValueTier.class);
        var used = new EnumMap<ValueTier, Double>(ValueTier.class);
        double saved = 0;
        double cost = 0;
        UpliftBook book = UpliftBook.configured(settings);
        int id = 0;
        for (int day = 0; day < DAYS; day++) {
            if (measuring) {
                book = estimate(customers, day, settings, estimator, used);
            }
            var policy = new RationedPolicy(settings, ValueTiers.DEFAULT, book);
            var now = START.plus(Duration.ofDays(day));
            for (int i = 0; i < DETRACTORS_PER_DAY; i++) {
                // The same stream of customers for both policies: the draws do not depend on the decisions.
                double pick = random.nextDouble();
                var truth = pick < Truth.HIGH.share ? Truth.HIGH : pick < Truth.HIGH.share + Truth.MEDIUM.share ? Truth.MEDIUM : Truth.LOW;
                double value = truth.minValue + random.nextInt(truth.maxValue - truth.minValue + 1);
                double churnDraw = random.nextDouble();
                var customer = "sim-" + id++;
                var response = new SurveyResponse(new ResponseKey("sim", customer), "s",
                        new Respondent(customer, null, null, null, "en", BigDecimal.valueOf(value)), new Score(3), null, now);
                var decision = policy.decide(response, RespondentHistory.NONE, now);
                boolean contacted = decision instanceof FollowUpDecision.Contact;
                boolean churned = churnDraw < BASE_CHURN - (contacted ? truth.effect : 0);
                customers.add(new Customer(truth, value, decision.arm().orElse(null), contacted, churned, day));
                if (contacted) {
                    contacts.merge(truth.tier, 1L, Long::sum);
                    saved += truth.effect * value;
                    cost += settings.recoveryCost().doubleValue();
                }
            }
        }
        if (!measuring) {
            for (var truth : Truth.values()) {
                used.put(truth.tier, settings.recoveryUplift().doubleValue());
            }
        }
        return new Year(contacts, saved - cost, saved, cost, used);
    }

    /** Each tier's estimate from the customers counted so far, churn seen only after its delay. */
    private static UpliftBook estimate(List<Customer> customers, int day, PolicySettings settings, UpliftEstimator estimator,
                                       Map<ValueTier, Double> used) {
        var sums = new EnumMap<ValueTier, ArmSums[]>(ValueTier.class);
        for (var c : customers) {
            if (c.arm() == null) {
                continue;
            }
            var arms = sums.computeIfAbsent(c.truth().tier, t -> new ArmSums[] {ArmSums.EMPTY, ArmSums.EMPTY});
            int index = c.arm() == Arm.HOLDOUT ? 0 : 1;
            boolean seen = c.day() <= day - CHURN_SEEN_AFTER_DAYS;
            arms[index] = arms[index].plus(ArmSums.proportionUnit(1, seen && c.churned() ? 1 : 0));
        }
        var byTier = new EnumMap<ValueTier, BigDecimal>(ValueTier.class);
        for (var truth : Truth.values()) {
            var arms = sums.getOrDefault(truth.tier, new ArmSums[] {ArmSums.EMPTY, ArmSums.EMPTY});
            double u = estimator.estimate(settings.recoveryUplift().doubleValue(), arms[0], arms[1]).used();
            used.put(truth.tier, u);
            byTier.put(truth.tier, BigDecimal.valueOf(u).setScale(6, RoundingMode.HALF_UP));
        }
        return new MeasuredUplifts(START.plus(Duration.ofDays(day)), Map.of(Action.RECOVERY, byTier)).over(settings);
    }

    private static Year plus(Year a, Year b) {
        if (a == null) {
            return b;
        }
        var contacts = new EnumMap<ValueTier, Long>(ValueTier.class);
        var used = new EnumMap<ValueTier, Double>(ValueTier.class);
        for (var truth : Truth.values()) {
            contacts.put(truth.tier, a.contacts().getOrDefault(truth.tier, 0L) + b.contacts().getOrDefault(truth.tier, 0L));
            used.put(truth.tier, a.finalUplift().getOrDefault(truth.tier, 0.0) + b.finalUplift().getOrDefault(truth.tier, 0.0));
        }
        return new Year(contacts, a.net() + b.net(), a.saved() + b.saved(), a.cost() + b.cost(), used);
    }

    private static Year divide(Year a, int years) {
        var contacts = new EnumMap<ValueTier, Long>(ValueTier.class);
        var used = new EnumMap<ValueTier, Double>(ValueTier.class);
        a.contacts().forEach((tier, n) -> contacts.put(tier, Math.round((double) n / years)));
        a.finalUplift().forEach((tier, u) -> used.put(tier, u / years));
        return new Year(contacts, a.net() / years, a.saved() / years, a.cost() / years, used);
    }

    static void print(Summary summary, PrintStream out) {
        out.printf("Measured against configured rationing: %d simulated years of %d detractors a day (high 10%%, medium 40%%,"
                + " low 50%%), truth: recovery cuts churn 10 / 1 / 0 points; cost 25 a contact; holdout 10%%, exploration 10%%;"
                + " churn seen after %d days; mean per year%n", summary.years(), DETRACTORS_PER_DAY, CHURN_SEEN_AFTER_DAYS);
        out.printf("| rationing | contacts high | contacts medium | contacts low | value saved | cost | value net of cost |"
                + " uplift used at year end (high / medium / low) |%n");
        out.printf("|---|---:|---:|---:|---:|---:|---:|---|%n");
        row("configured", summary.configured(), out);
        row("measured", summary.measured(), out);
    }

    private static void row(String name, Year year, PrintStream out) {
        out.printf("| %s | %d | %d | %d | %,.0f | %,.0f | %,.0f | %.4f / %.4f / %.4f |%n", name,
                year.contacts().getOrDefault(ValueTier.HIGH, 0L), year.contacts().getOrDefault(ValueTier.MEDIUM, 0L),
                year.contacts().getOrDefault(ValueTier.LOW, 0L), year.saved(), year.cost(), year.net(),
                year.finalUplift().get(ValueTier.HIGH), year.finalUplift().get(ValueTier.MEDIUM), year.finalUplift().get(ValueTier.LOW));
    }
}
