package io.npsloop.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmarks runnable: a few dozen webhooks through the write-cost and warm paths.
 * Checks that figures come out, never how fast anything was.
 */
class BenchmarksSmokeTest {

    @Test
    void writeCostAndWarmOverheadProduceFigures() {
        var options = new Benchmarks.Options(new LinkedHashSet<>(List.of("writes", "warm")), 1, 40, 12, 4, 7L, null, 1, 1);
        var printed = new ByteArrayOutputStream();
        var results = Benchmarks.run(options, Paths.find(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results.writes.responses()).isEqualTo(40);
        assertThat(results.writes.ingestWrites().totalUnits()).isPositive();
        assertThat(results.writes.counterWrites().totalUnits()).as("the counters' writes are in the figure").isPositive();
        assertThat(results.writes.published()).isEqualTo(results.writes.outcomes().getOrDefault("accepted/pending", 0));
        assertThat(results.warm.handlerMs()).hasSize(12);
        assertThat(results.warm.rawMs()).hasSize(12);

        var table = new ByteArrayOutputStream();
        Benchmarks.summary(results, new PrintStream(table, true, StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("write units per response")
                .contains("ingest + dispatch + counters")
                .contains("warm overhead");
    }

    @Test
    void percentilesUseNearestRank() {
        var stats = Stats.of(List.of(5.0, 1.0, 3.0, 2.0, 4.0));
        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.median()).isEqualTo(3.0);
        assertThat(stats.p95()).isEqualTo(5.0);
        assertThat(stats.max()).isEqualTo(5.0);
    }
}
