package io.npsloop.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.npsloop.benchmarks.AccountPrograms.Counting;
import io.npsloop.benchmarks.AccountPrograms.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The churn interval keeps its 95% when arms are drawn per account and an account's contacts churn
 * together, and the naive one does not. 1,000 programs a scenario: a coverage of 0.95 then has a
 * Monte Carlo standard error of √(0.95 · 0.05 / 1,000) ≈ 0.007, so the bound 0.93 is about three
 * errors below it; the naive interval covers about 0.61 here (its design effect is about 5), far
 * under the 0.80 it must stay below. The programs are seeded: the figures do not move between runs.
 */
class AccountRandomizationTest {

    private static final int PROGRAMS = 1_000;

    @Test
    void withNoEffectTheClusteredIntervalCoversAndTheNaiveOneDoesNot() {
        var r = AccountPrograms.run(Scenario.accounts("no effect", 0.10, 0), PROGRAMS, 1);
        assertThat(r.truth()).isZero();
        assertThat(r.coverageClustered()).isGreaterThanOrEqualTo(0.93);
        assertThat(r.coverageRatio()).isGreaterThanOrEqualTo(0.93);
        assertThat(r.coverageNaive()).isLessThan(0.80);
        // The clustered interval is wider by about the square root of the design effect.
        double deff = (r.meanDeffHoldout() + r.meanDeffTreated()) / 2;
        assertThat(deff).isGreaterThan(3);
        assertThat(r.widthRatio()).isCloseTo(Math.sqrt(deff), within(0.1 * Math.sqrt(deff)));
    }

    @Test
    void withAKnownEffectTheEstimateFindsItAndTheIntervalCoversIt() {
        for (double holdout : new double[] {0.10, 0.50}) {
            var scenario = Scenario.accounts("effect 30%", holdout, 0.30).withContactChurn("effect 30%, contact churn", 0.05);
            var r = AccountPrograms.run(scenario, PROGRAMS, 2);
            // Held-out contacts churn at (0.5 · 0.145 + 2.5 · 0.335) / 3, treated ones at (0.5 · 0.1165 + 2.5 · 0.2495) / 3.
            assertThat(r.truth()).isCloseTo(0.076, within(1e-9));
            // The estimate's standard error over 1,000 programs is under 0.001 at a 10% holdout.
            assertThat(r.meanEstimate()).as("holdout %s", holdout).isCloseTo(r.truth(), within(0.003));
            assertThat(r.coverageClustered()).as("holdout %s", holdout).isGreaterThanOrEqualTo(0.93);
            assertThat(r.coverageNaive()).as("holdout %s", holdout).isLessThan(0.80);
        }
    }

    @Test
    void theEarlierRuleFindsAnEffectWhereThereIsNone() {
        // Treated accounts counted once, by their first detractor, churn at (0.1 + 0.3) / 2 = 0.2; held-out
        // contacts, every one counted, at (0.5 · 0.1 + 2.5 · 0.3) / 3 ≈ 0.267: a reduction of 0.067 from nothing.
        var scenario = Scenario.accounts("", 0.50, 0).counted("earlier rule", Counting.FIRST_CONTACT_WHEN_TREATED);
        var r = AccountPrograms.run(scenario, PROGRAMS, 3);
        assertThat(r.truth()).isZero();
        assertThat(r.meanEstimate()).isCloseTo(0.2 / 3, within(0.005));
        assertThat(r.excludesZeroNaive()).isGreaterThan(0.8);
        // Counting every contact, the same programs find nothing.
        var fixed = AccountPrograms.run(scenario.counted("every contact", Counting.EVERY_CONTACT), PROGRAMS, 3);
        assertThat(fixed.meanEstimate()).isCloseTo(0, within(0.003));
        assertThat(fixed.excludesZeroClustered()).isLessThan(0.07);
    }

    @Test
    void withOneContactPerAccountTheClusteredIntervalIsTheNaiveOne() {
        var scenario = Scenario.accounts("", 0.10, 0.30).withOneContactEach("one contact each");
        var r = AccountPrograms.run(scenario, PROGRAMS, 4);
        assertThat(r.differingIntervals()).isZero();
        assertThat(r.coverageClustered()).isEqualTo(r.coverageNaive());
        assertThat(r.meanDeffHoldout()).isEqualTo(1.0);
        var arms = AccountPrograms.draw(scenario, new SplittableRandom(5));
        assertThat(arms.holdout().members()).isEqualTo(arms.holdout().units());
        assertThat(arms.clustered()).isEqualTo(arms.naive());
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        var scenario = Scenario.accounts("", 0.10, 0.30);
        assertThat(AccountPrograms.run(scenario, 50, 6)).isEqualTo(AccountPrograms.run(scenario, 50, 6));
    }

    @Test
    void theCoverageSectionPrintsItsTable() {
        var options = Benchmarks.Options.parse(new String[] {"coverage", "--programs", "20"}, Paths.find().root());
        var printed = new ByteArrayOutputStream();
        var results = Benchmarks.run(options, Paths.find(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(results.coverage).hasSize(AccountPrograms.scenarios().size());
        var table = new ByteArrayOutputStream();
        Benchmarks.summary(results, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("--programs 20")
                .contains("| scenario | holdout | true difference | programs | coverage, clustered | coverage, naive")
                .contains("| earlier rule (first contact when treated), no effect | 50% | 0.0000 | 20 |");
        assertThat(List.copyOf(options.sections())).containsExactly("coverage");
    }
}
