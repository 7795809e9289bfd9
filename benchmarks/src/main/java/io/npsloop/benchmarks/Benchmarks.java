package io.npsloop.benchmarks;

import io.npsloop.domain.roi.ConfidenceSequence;
import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Prints the figures BENCHMARKS.md keeps: cold start against a SAM-style reference, DynamoDB
 * units per response, warm overhead against the bare DynamoDB calls, jar sizes, and the cost of a
 * million responses, how often the churn intervals cover a known truth in simulated programs, and
 * how often they miss it when the report is read every day.
 * Run by {@code benchmarks/run}; see BENCHMARKS.md.
 */
public final class Benchmarks {

    static final String USAGE = """
            usage: benchmarks/run [all|cold|writes|warm|report|jars|coverage|simulate ...] [options]
              all            every benchmark and the cost estimate (default)
              cold           cold start of each function in a fresh JVM, against the reference handler
              writes         DynamoDB units per response over a mixed stream of webhooks
              warm           warm handler time against its bare DynamoDB calls
              report         ROI report latency and read units at 10,000 and 1,000,000 responses
              jars           size of each deployable jar and what fills it
              queue          the desk's queue, first page, at 100 and 100,000 open cases: read units and time
              coverage       how often the churn intervals hold a known truth in simulated programs (no DynamoDB)
              simulate       simulated programs read every day: how often the fixed and the anytime-valid intervals
                             ever miss the truth or exclude zero; measured against configured rationing over
                             simulated years with a known uplift per tier; and how often the comparison of two
                             recovery variants finds the better one and holds the true difference (no DynamoDB)
            options:
              --runs N       cold starts per handler (default 10); simulated programs per scenario for simulate (default 2000)
              --responses N  responses for the write cost (default 10000)
              --warm N       measured warm requests (default 2000)
              --warmup N     warm requests before measuring (default 300)
              --seed N       seed of the webhook mix and of the simulated programs (default 20261122)
              --programs N   simulated programs per coverage scenario (default 10000)
              --out FILE     also write the summary table to FILE (default benchmarks/target/results.md)
            """;

    record Options(Set<String> sections, int runs, int responses, int warm, int warmup, long seed, Path out, int programs,
                   int simulations) {

        static Options parse(String[] args, Path root) {
            Set<String> sections = new LinkedHashSet<>();
            int runs = 10;
            // The whole run takes about six minutes on two cores; DynamoDB Local takes several ms a call.
            int responses = 10_000;
            int warm = 2_000;
            int warmup = 300;
            long seed = 20261122L;
            // 10,000 programs put the coverage's Monte Carlo error near 0.002 and take seconds.
            int programs = 10_000;
            // 2,000 programs of 90 daily looks: a share near 0.05 to within 0.005 (one standard error), in seconds.
            Integer simulations = null;
            Path out = root.resolve("benchmarks/target/results.md");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "all", "cold", "writes", "warm", "report", "jars", "coverage", "queue", "simulate" -> sections.add(a);
                    case "--runs" -> {
                        runs = positive(args, ++i, a);
                        simulations = runs;
                    }
                    case "--responses" -> responses = positive(args, ++i, a);
                    case "--warm" -> warm = positive(args, ++i, a);
                    case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--programs" -> programs = positive(args, ++i, a);
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            if (sections.isEmpty() || sections.contains("all")) {
                sections = new LinkedHashSet<>(List.of("jars", "cold", "writes", "warm", "report", "queue", "coverage", "simulate",
                        "cost"));
            }
            return new Options(sections, runs, responses, warm, warmup, seed, out, programs, simulations == null ? 2_000 : simulations);
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i, String name) {
            int v = Integer.parseInt(value(args, i, name));
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return v;
        }
    }

    /** Everything one run measured; a section that was not run stays null. */
    static final class Results {
        Machine machine;
        Options options;
        Map<String, JarSizes.Jar> jars;
        ColdStart.Result cold;
        WriteCost.Result writes;
        WarmOverhead.Result warm;
        ReportScaling.Result report;
        QueueScaling.Result queue;
        List<AccountPrograms.Summary> coverage;
        List<DailyLooks.Summary> simulate;
        RationingSimulation.Summary rationing;
        List<VariantSimulation.Summary> variants;
        CostEstimate.Estimate cost;
        double seconds;
    }

    /** Simulated years of measured against configured rationing: each is 21,900 decisions per policy. */
    static final int RATIONING_YEARS = 10;

    private Benchmarks() {}

    public static void main(String[] args) {
        var paths = Paths.find();
        Options options;
        try {
            options = Options.parse(args, paths.root());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Results results;
        try {
            results = run(options, paths, System.out);
        } catch (RuntimeException e) {
            e.printStackTrace();
            // DynamoDB Local's threads would keep the JVM alive after a failure.
            System.exit(1);
            return;
        }
        var table = new ByteArrayOutputStream();
        summary(results, new PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.println();
        System.out.print(table.toString(StandardCharsets.UTF_8));
        try {
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.writeString(options.out(), table.toString(StandardCharsets.UTF_8));
            System.out.println("(summary also written to " + paths.root().relativize(options.out().toAbsolutePath()) + ")");
        } catch (IOException e) {
            System.err.println("could not write " + options.out() + ": " + e.getMessage());
        }
        // DynamoDB Local and fauxqs keep threads and a child process; LocalAws closes them on exit.
        System.exit(0);
    }

    static Results run(Options options, Paths paths, PrintStream out) {
        long started = System.nanoTime();
        var results = new Results();
        results.options = options;
        results.machine = Machine.current();
        out.println("NPS Loop benchmarks");
        out.println("machine: " + results.machine.describe());
        out.println("sections: " + String.join(", ", options.sections()));
        out.println();

        if (options.sections().contains("jars") || options.sections().contains("cold")) {
            paths.requireJars();
        }
        if (options.sections().contains("jars")) {
            results.jars = jars(paths, out);
        }
        // Fresh emulators for each section: DynamoDB Local slows down as its database and streams
        // grow (a warm request took 4× longer after the write-cost run), so no section inherits another's items.
        if (options.sections().contains("cold")) {
            out.printf("== Cold start: %d runs per handler, each in a fresh JVM (%s) ==%n",
                    options.runs(), String.join(" ", ColdStart.JVM_FLAGS));
            results.cold = section(out, aws -> new ColdStart(aws, paths, out).run(options.runs(), options.seed()));
            printCold(results.cold, out);
        }
        if (options.sections().contains("writes")) {
            out.printf("== Write cost: %d responses through ingest, then the stream through dispatch and the counters ==%n",
                    options.responses());
            results.writes = section(out, aws -> new WriteCost(aws, out).run(options.responses(), options.seed()));
            printWrites(results.writes, out);
        }
        if (options.sections().contains("warm")) {
            out.printf("== Warm overhead: %d requests after %d warm-up ==%n", options.warm(), options.warmup());
            results.warm = section(out, aws -> new WarmOverhead(aws, out).run(options.warm(), options.warmup(), options.seed() + 1));
            printWarm(results.warm, out);
        }
        if (options.sections().contains("report")) {
            out.printf("== Report scaling: the ROI report over %d days at 10,000 and 1,000,000 responses, %d warm requests each ==%n",
                    ReportScaling.DAYS, options.warm() / 5);
            results.report = section(out, aws -> new ReportScaling(aws, out).run(Math.max(1, options.warm() / 5),
                    Math.min(options.warmup(), 30)));
        }
        if (options.sections().contains("queue")) {
            out.printf("== Desk queue: the first page (%d cases) at 100 and 100,000 open cases, %d warm requests each ==%n",
                    QueueScaling.PAGE, Math.max(1, options.warm() / 20));
            results.queue = section(out, aws -> new QueueScaling(aws, out).run(Math.max(1, options.warm() / 20),
                    Math.min(options.warmup(), 20)));
        }
        if (options.sections().contains("coverage")) {
            out.printf("== Coverage: %d simulated programs per scenario, arms drawn per account, 95%% intervals ==%n",
                    options.programs());
            results.coverage = coverage(options, out);
        }
        if (options.sections().contains("simulate")) {
            out.printf("== Daily looks: %d simulated programs per scenario, each read every day for %d days, 95%% intervals ==%n",
                    options.simulations(), DailyLooks.Scenario.accounts("", 0.1, 0).days());
            results.simulate = simulate(options, out);
            results.rationing = RationingSimulation.run(RATIONING_YEARS, options.seed());
            RationingSimulation.print(results.rationing, out);
            out.printf("== Variants: %d simulated programs per scenario, two recovery variants read every day for %d days ==%n",
                    options.simulations(), VariantSimulation.Scenario.of("", 0, 0).days());
            results.variants = variants(options, out);
        }
        if (options.sections().contains("cost") && results.writes != null && results.warm != null) {
            results.cost = CostEstimate.of(results.writes, results.warm, results.cold);
        }
        results.seconds = (System.nanoTime() - started) / 1e9;
        return results;
    }

    private static <T> T section(PrintStream out, java.util.function.Function<LocalAws, T> body) {
        long started = System.nanoTime();
        out.println("  starting DynamoDB Local and fauxqs...");
        try (var aws = LocalAws.start()) {
            return body.apply(aws);
        } finally {
            out.printf(Locale.ROOT, "  (section took %.0f s)%n", (System.nanoTime() - started) / 1e9);
        }
    }

    private static List<AccountPrograms.Summary> coverage(Options options, PrintStream out) {
        long started = System.nanoTime();
        var summaries = new java.util.ArrayList<AccountPrograms.Summary>();
        var scenarios = AccountPrograms.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            // Each scenario its own stream, so adding one leaves the others' figures as they were.
            summaries.add(AccountPrograms.run(scenarios.get(i), options.programs(), options.seed() + i));
        }
        coverageTable(summaries, out);
        out.printf(Locale.ROOT, "  (section took %.0f s)%n%n", (System.nanoTime() - started) / 1e9);
        return summaries;
    }

    private static List<DailyLooks.Summary> simulate(Options options, PrintStream out) {
        long started = System.nanoTime();
        var summaries = new java.util.ArrayList<DailyLooks.Summary>();
        var scenarios = DailyLooks.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            // Each scenario its own stream, as in coverage.
            summaries.add(DailyLooks.run(scenarios.get(i), options.simulations(), options.seed() + i, ConfidenceSequence.CS95));
        }
        simulateTable(summaries, out);
        out.printf(Locale.ROOT, "  (section took %.0f s)%n%n", (System.nanoTime() - started) / 1e9);
        return summaries;
    }

    private static List<VariantSimulation.Summary> variants(Options options, PrintStream out) {
        long started = System.nanoTime();
        var summaries = new java.util.ArrayList<VariantSimulation.Summary>();
        var scenarios = VariantSimulation.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            // Streams of their own, apart from the daily looks' scenarios.
            summaries.add(VariantSimulation.run(scenarios.get(i), options.simulations(), options.seed() + 100 + i));
        }
        variantsTable(summaries, out);
        out.printf(Locale.ROOT, "  (section took %.0f s)%n%n", (System.nanoTime() - started) / 1e9);
        return summaries;
    }

    /** The variants' table, in Markdown, as BENCHMARKS.md keeps it. */
    static void variantsTable(List<VariantSimulation.Summary> summaries, PrintStream out) {
        out.println("| scenario | holdout | true difference (email − call churn) | programs | units per variant at the end "
                + "| found call better at the last look, fixed / anytime-valid | favoured email, fixed at the last look / anytime-valid at any look "
                + "| coverage, fixed at the last look / anytime-valid at every look | mean estimate |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (var r : summaries) {
            var s = r.scenario();
            out.printf(Locale.ROOT, "| %s | %.0f%% | %.2f | %,d | %,.0f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.4f |%n",
                    s.name(), 100 * s.holdoutShare(), r.truth(), r.runs(), r.unitsPerVariantAtEnd(), r.foundBetterFixedAtEnd(),
                    r.foundBetterSequenceAtEnd(), r.favouredWorseFixedAtEnd(), r.everFavouredWorseSequence(), r.coverageFixedAtEnd(),
                    r.coverageSequenceEveryLook(), r.meanEstimate());
        }
    }

    /** The daily looks' table, in Markdown, as BENCHMARKS.md and docs/METHOD.md keep it. */
    static void simulateTable(List<DailyLooks.Summary> summaries, PrintStream out) {
        out.println("| scenario | holdout | true difference | programs | units at the end | ever missed the truth, anytime-valid "
                + "/ fixed (daily) | missed it, fixed (last look only) | ever excluded 0, anytime-valid / fixed (daily) "
                + "| excluded 0 at the last look, anytime-valid / fixed | mean width at the end, anytime-valid / fixed |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (var r : summaries) {
            var s = r.scenario();
            out.printf(Locale.ROOT, "| %s | %.0f%% | %.2f | %,d | %,.0f | %.3f / %.3f | %.3f | %.3f / %.3f | %.3f / %.3f | %.4f / %.4f |%n",
                    s.name(), 100 * s.holdoutShare(), r.truth(), r.runs(), r.unitsAtEnd(), r.everMissedSequence(),
                    r.everMissedFixed(), r.missedFixedAtEnd(), r.everExcludedZeroSequence(), r.everExcludedZeroFixed(),
                    r.excludedZeroSequenceAtEnd(), r.excludedZeroFixedAtEnd(), r.widthSequenceAtEnd(), r.widthFixedAtEnd());
        }
    }

    /** The coverage table, in Markdown, as BENCHMARKS.md and docs/METHOD.md keep it. */
    static void coverageTable(List<AccountPrograms.Summary> summaries, PrintStream out) {
        out.println("| scenario | holdout | true difference | programs | coverage, clustered | coverage, naive | coverage, ratio (Wald) "
                + "| width clustered / naive | mean deff holdout / treated (√) | mean estimate | bias | excludes 0, clustered / naive |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var r : summaries) {
            var s = r.scenario();
            out.printf(Locale.ROOT, "| %s | %.0f%% | %.4f | %,d | %.3f | %.3f | %.3f | %.2f | %.2f / %.2f (%.2f) | %.4f | %+.4f | %.3f / %.3f |%n",
                    s.name(), 100 * s.holdoutShare(), r.truth(), r.programs(), r.coverageClustered(), r.coverageNaive(),
                    r.coverageRatio(), r.widthRatio(), r.meanDeffHoldout(), r.meanDeffTreated(),
                    Math.sqrt((r.meanDeffHoldout() + r.meanDeffTreated()) / 2), r.meanEstimate(), r.bias(),
                    r.excludesZeroClustered(), r.excludesZeroNaive());
        }
    }

    /** Every deployed jar, each with its own functions. */
    private static final List<String> FUNCTIONS = List.of("ingest", "dispatch", "cases", "report", "exports", "chat", "connectors");

    private static Map<String, JarSizes.Jar> jars(Paths paths, PrintStream out) {
        out.println("== Jar sizes ==");
        var jars = new java.util.LinkedHashMap<String, JarSizes.Jar>();
        for (var function : FUNCTIONS) {
            jars.put(function, JarSizes.measure(function, paths.functionJar(function)));
        }
        jars.put("reference", JarSizes.measure("reference", paths.referenceJar()));
        for (var jar : jars.values()) {
            out.printf(Locale.ROOT, "  %-10s %s (%,d bytes, %,d entries) %s%n", jar.name(), JarSizes.mb(jar.bytes()),
                    jar.bytes(), jar.entries(), paths.root().relativize(jar.path()));
            for (var part : jar.parts().subList(0, Math.min(8, jar.parts().size()))) {
                out.printf(Locale.ROOT, "      %-50s %s compressed%n", part.name(), JarSizes.mb(part.compressedBytes()));
            }
        }
        out.println();
        return jars;
    }

    private static void printCold(ColdStart.Result cold, PrintStream out) {
        out.println("  handler                 wall ms min/median/max    JVM start to answer ms    init (constructor) ms   first invoke ms     classes loaded");
        for (var s : List.of(cold.ingest(), cold.reference(), cold.dispatch(), cold.report(), cold.floor(),
                cold.ingestPrimed(), cold.dispatchPrimed(), cold.reportPrimed(), cold.ingestCds(), cold.referenceCds(),
                cold.ingestFullJit())) {
            out.printf(Locale.ROOT, "  %-22s  %-24s  %-24s  %-22s  %-18s  %.0f%n", s.name(), s.wall().minMedianMax(),
                    s.jvm().minMedianMax(), s.init().minMedianMax(), s.invoke().minMedianMax(), s.classes().median());
        }
        // A restored snapshot's first request pays the primed figure (plus the restore and reconnecting, not measured here).
        for (var pair : cold.primedPairs()) {
            var plain = pair.get(0);
            var primed = pair.get(1);
            out.printf(Locale.ROOT, "  %-22s  first invoke median %s ms after priming, %s ms without (%.2f×); priming took median %s ms%n",
                    primed.name(), Stats.ms(primed.invoke().median()), Stats.ms(plain.invoke().median()),
                    primed.invoke().median() / plain.invoke().median(), Stats.ms(primed.prime().median()));
        }
        out.printf(Locale.ROOT, "  ingest / reference, ratio of medians: %.2f (wall), %.2f (JVM start to answer)%n",
                cold.ingest().wall().median() / cold.reference().wall().median(),
                cold.ingest().jvm().median() / cold.reference().jvm().median());
        out.printf(Locale.ROOT, "  with AppCDS archives: ingest %s ms, reference %s ms wall medians (%.2f×); without: %s and %s%n",
                Stats.ms(cold.ingestCds().wall().median()), Stats.ms(cold.referenceCds().wall().median()),
                cold.ingestCds().wall().median() / cold.referenceCds().wall().median(),
                Stats.ms(cold.ingest().wall().median()), Stats.ms(cold.reference().wall().median()));
        out.printf(Locale.ROOT, "  ingest with the full JIT (no -XX:TieredStopAtLevel=1): %s ms wall median, %s with the template's flags%n%n",
                Stats.ms(cold.ingestFullJit().wall().median()), Stats.ms(cold.ingest().wall().median()));
    }

    private static void printWrites(WriteCost.Result w, PrintStream out) {
        out.printf(Locale.ROOT, "  %d responses in %d deliveries (retries included), %.0f s%n", w.responses(), w.deliveries(), w.seconds());
        out.println("  answers: " + w.outcomes());
        out.println("  calls, with the capacity DynamoDB Local reported (its TransactWriteItems figures are not reliable):");
        for (var phase : List.of(Map.entry("ingest", w.ingest()), Map.entry("dispatch", w.dispatch()),
                Map.entry("counters", w.counters()))) {
            phase.getValue().forEach((op, t) -> out.printf(Locale.ROOT,
                    "    %-8s %-20s %6d calls (%d refused), %9.0f units reported%s%n", phase.getKey(), op, t.calls, t.failed, t.units,
                    t.actions > 0 ? String.format(Locale.ROOT, ", %d write actions", t.actions) : ""));
        }
        out.println("  writes priced by the documented rules from the stream's before/after images (1 unit per KB, 2 in transactions):");
        for (var phase : List.of(Map.entry("ingest", w.ingestWrites()), Map.entry("dispatch", w.dispatchWrites()),
                Map.entry("counters", w.counterWrites()))) {
            phase.getValue().writes().forEach((kind, n) -> out.printf(Locale.ROOT, "    %-9s %-30s %6d writes, %7d units (%.2f per response)%n",
                    phase.getKey(), kind, n, phase.getValue().units().get(kind),
                    (double) phase.getValue().units().get(kind) / w.responses()));
        }
        out.printf(Locale.ROOT, "    %-9s %-30s %6d writes, %7d units (%.2f per response)%n", "ingest", "refused conditional puts",
                w.refusedIngestWrites(), w.refusedIngestWrites(), (double) w.refusedIngestWrites() / w.responses());
        var sizes = Stats.of(w.putSizes().stream().map(Integer::doubleValue).toList());
        out.printf(Locale.ROOT, "  response items put: %d, size median %.0f bytes, p95 %.0f, max %.0f (over 1 KB: %d)%n",
                sizes.count(), sizes.median(), sizes.p95(), sizes.max(),
                w.putSizes().stream().filter(s -> s > 1024).count());
        out.printf(Locale.ROOT, "  write units per response: %.2f = %.2f ingest + %.2f dispatch + %.2f counters (DynamoDB Local reported %.2f);"
                        + " %d refused transactions left no write and are not counted%n",
                w.documentedWriteUnits() / w.responses(), w.ingestWriteUnitsPerResponse(), w.dispatchWriteUnitsPerResponse(),
                w.counterWriteUnitsPerResponse(), w.localWriteUnits() / w.responses(), w.refusedTransactions());
        out.printf(Locale.ROOT, "  read units per response: %.2f (strongly consistent GetItem)%n%n", w.readUnits() / w.responses());
    }

    private static void printWarm(WarmOverhead.Result w, PrintStream out) {
        var h = w.handler();
        var r = w.raw();
        var d = w.difference();
        out.printf(Locale.ROOT, "  handler per request:      median %s ms, p95 %s ms, mean %s ms%n", Stats.ms(h.median()), Stats.ms(h.p95()), Stats.ms(h.mean()));
        out.printf(Locale.ROOT, "  its DynamoDB calls alone: median %s ms, p95 %s ms, mean %s ms (%.2f calls per request)%n",
                Stats.ms(r.median()), Stats.ms(r.p95()), Stats.ms(r.mean()), w.callsPerRequest());
        out.printf(Locale.ROOT, "  handler minus calls, paired: median %s ms, p95 %s ms%n", Stats.ms(d.median()), Stats.ms(d.p95()));
        out.printf(Locale.ROOT, "  ratio handler / calls: %.2f (medians), %.2f (p95)%n%n", h.median() / r.median(), h.p95() / r.p95());
    }

    /** The table BENCHMARKS.md keeps, with each target and whether this run met it. */
    static void summary(Results r, PrintStream out) {
        out.println("## Results");
        out.println();
        out.println("Machine: " + r.machine.describe());
        // --runs counts cold starts and simulated programs alike; without it each has its own default.
        boolean simulatedRuns = r.simulate != null && r.cold == null;
        out.printf(Locale.ROOT, "Command: benchmarks/run %s --runs %d --responses %d --warm %d --warmup %d --seed %d%s (took %.0f s)%s%n",
                String.join(" ", r.options.sections().contains("cost") ? List.of("all") : List.copyOf(r.options.sections())),
                simulatedRuns ? r.options.simulations() : r.options.runs(), r.options.responses(), r.options.warm(), r.options.warmup(),
                r.options.seed(), r.coverage != null ? " --programs " + r.options.programs() : "", r.seconds,
                r.simulate != null && !simulatedRuns && r.options.simulations() != r.options.runs()
                        ? String.format(Locale.ROOT, "; simulate ran %d programs per scenario, its default without --runs",
                        r.options.simulations()) : "");
        if (r.cold != null || r.writes != null || r.warm != null || r.jars != null || r.report != null) {
            out.println();
            out.println("| measure | result | target | met? |");
            out.println("|---|---|---|---|");
        }
        if (r.cold != null) {
            var c = r.cold;
            double ratio = c.ingest().wall().median() / c.reference().wall().median();
            out.printf(Locale.ROOT, "| cold start, ingest: wall ms min / median / max (%d runs) | %s | | |%n",
                    c.ingest().runs().size(), c.ingest().wall().minMedianMax());
            out.printf(Locale.ROOT, "| cold start, SAM-style reference: wall ms min / median / max | %s | | |%n",
                    c.reference().wall().minMedianMax());
            out.printf(Locale.ROOT, "| cold start, ingest / reference (medians) | %.2f× (JVM start to answer: %.2f×) | ≤ 0.5× | %s |%n",
                    ratio, c.ingest().jvm().median() / c.reference().jvm().median(),
                    ratio <= 0.5 ? "yes" : String.format(Locale.ROOT, "no: %.0f ms over", c.ingest().wall().median() - 0.5 * c.reference().wall().median()));
            out.printf(Locale.ROOT, "| cold start, dispatch: wall ms min / median / max | %s | | |%n", c.dispatch().wall().minMedianMax());
            out.printf(Locale.ROOT, "| cold start, report (GET /reports/roi, 30 days): wall ms min / median / max | %s | | |%n",
                    c.report().wall().minMedianMax());
            out.printf(Locale.ROOT, "| JVM alone, no handler (the floor on this machine): wall ms min / median / max | %s | | |%n",
                    c.floor().wall().minMedianMax());
            out.printf(Locale.ROOT, "| cold start with an AppCDS archive (training run's classes): ingest / reference wall ms medians | %s / %s (%.2f×) | | |%n",
                    Stats.ms(c.ingestCds().wall().median()), Stats.ms(c.referenceCds().wall().median()),
                    c.ingestCds().wall().median() / c.referenceCds().wall().median());
            out.printf(Locale.ROOT, "| cold start, ingest with the full JIT (no `-XX:TieredStopAtLevel=1`): wall ms min / median / max | %s | | |%n",
                    c.ingestFullJit().wall().minMedianMax());
            for (var pair : c.primedPairs()) {
                out.printf(Locale.ROOT, "| cold start, %s (SnapStart hook before the first request): first invoke ms min / median / max | %s (unprimed: %s; priming median %s ms) | | |%n",
                        pair.get(1).name(), pair.get(1).invoke().minMedianMax(), pair.get(0).invoke().minMedianMax(),
                        Stats.ms(pair.get(1).prime().median()));
            }
        }
        if (r.writes != null) {
            var w = r.writes;
            double perResponse = w.documentedWriteUnits() / w.responses();
            out.printf(Locale.ROOT, "| write units per response (%,d mixed responses, ingest + dispatch + counters, documented rules on the real item sizes) | %.2f (%.2f ingest + %.2f dispatch + %.2f counters; DynamoDB Local reported %.2f) | ≤ 3 | %s |%n",
                    w.responses(), perResponse, w.ingestWriteUnitsPerResponse(), w.dispatchWriteUnitsPerResponse(),
                    w.counterWriteUnitsPerResponse(), w.localWriteUnits() / w.responses(),
                    perResponse <= 3 ? "yes" : String.format(Locale.ROOT, "no: %.2f over", perResponse - 3));
            out.printf(Locale.ROOT, "| read units per response | %.2f | | |%n", w.readUnits() / w.responses());
        }
        if (r.warm != null) {
            var w = r.warm;
            double ratio = w.handler().median() / w.raw().median();
            out.printf(Locale.ROOT, "| warm handler ms, median / p95 (%,d requests) | %s / %s | | |%n", w.requests(),
                    Stats.ms(w.handler().median()), Stats.ms(w.handler().p95()));
            out.printf(Locale.ROOT, "| its DynamoDB calls alone, ms median / p95 | %s / %s | | |%n",
                    Stats.ms(w.raw().median()), Stats.ms(w.raw().p95()));
            out.printf(Locale.ROOT, "| warm overhead, handler / calls (medians; p95: %.2f×) | %.2f× | ≤ 1.3× | %s |%n",
                    w.handler().p95() / w.raw().p95(), ratio, ratio <= 1.3 ? "yes" : String.format(Locale.ROOT, "no: %.2f× over", ratio - 1.3));
        }
        if (r.jars != null) {
            for (var name : FUNCTIONS) {
                var jar = r.jars.get(name);
                boolean met = jar.bytes() <= 10_000_000L;
                out.printf(Locale.ROOT, "| jar size, %s | %s | ≤ 10 MB | %s |%n", name, JarSizes.mb(jar.bytes()),
                        met ? "yes" : "no: " + JarSizes.mb(jar.bytes() - 10_000_000L) + " over");
            }
            out.printf(Locale.ROOT, "| jar size, reference (for comparison) | %s | | |%n", JarSizes.mb(r.jars.get("reference").bytes()));
        }
        if (r.report != null) {
            ReportScaling.summaryRows(r.report).forEach(out::println);
        }
        if (r.coverage != null) {
            out.println();
            out.println("### Coverage of the churn intervals, arms drawn per account (simulated programs, 95% intervals)");
            out.println();
            coverageTable(r.coverage, out);
        }
        if (r.simulate != null) {
            out.println();
            out.println("### The report read every day (simulated programs, 95% intervals)");
            out.println();
            simulateTable(r.simulate, out);
        }
        if (r.variants != null) {
            out.println();
            out.println("### Variants compared (simulated programs, 95% intervals)");
            out.println();
            variantsTable(r.variants, out);
        }
        if (r.cost != null) {
            out.println();
            out.println("### Cost of 1 million responses (us-east-1, list prices)");
            out.println();
            CostEstimate.print(r.cost, out);
        }
    }
}
