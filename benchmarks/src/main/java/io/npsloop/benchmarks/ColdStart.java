package io.npsloop.benchmarks;

import io.npsloop.benchmarks.launch.ColdLauncher;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.local.LocalAws;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: each run is a new JVM that builds one handler with its no-arg constructor and
 * answers one real event. The emulators stay in this JVM, so every child pays only for itself.
 */
final class ColdStart {

    /** The flags template.yaml gives the functions, used for every child alike. */
    static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    static final String INGEST_HANDLER = "io.npsloop.ingest.IngestFunction";
    static final String DISPATCH_HANDLER = "io.npsloop.dispatch.DispatchFunction";
    static final String REPORT_HANDLER = "io.npsloop.report.ReportFunction";
    static final String REFERENCE_HANDLER = "io.npsloop.benchmarks.reference.ReferenceWebhookHandler";

    /**
     * One fresh JVM: parent's wall time from spawning to the answer line, and the child's own clocks;
     * {@code primeMs} is the SnapStart hook's time between constructor and invocation (0 unprimed).
     */
    record Run(double wallMs, double jvmToAnswerMs, double initMs, double primeMs, double invokeMs, int status, int classes) {}

    /** Every run of one handler. */
    record Series(String name, Path jar, List<Run> runs) {
        Stats wall() {
            return Stats.of(runs.stream().map(Run::wallMs).toList());
        }

        Stats jvm() {
            return Stats.of(runs.stream().map(Run::jvmToAnswerMs).toList());
        }

        Stats init() {
            return Stats.of(runs.stream().map(Run::initMs).toList());
        }

        Stats invoke() {
            return Stats.of(runs.stream().map(Run::invokeMs).toList());
        }

        Stats prime() {
            return Stats.of(runs.stream().map(Run::primeMs).toList());
        }

        Stats classes() {
            return Stats.of(runs.stream().map(r -> (double) r.classes()).toList());
        }
    }

    /**
     * {@code floor} is a JVM that starts the launcher and answers without any handler; the primed
     * series run the SnapStart hook before their first invocation.
     */
    record Result(Series ingest, Series reference, Series dispatch, Series report, Series floor,
                  Series ingestPrimed, Series dispatchPrimed, Series reportPrimed,
                  Series ingestCds, Series referenceCds, Series ingestFullJit) {

        /** Each function's unprimed series with its primed one. */
        List<List<Series>> primedPairs() {
            return List.of(List.of(ingest, ingestPrimed), List.of(dispatch, dispatchPrimed), List.of(report, reportPrimed));
        }
    }

    private final LocalAws aws;
    private final Paths paths;
    private final PrintStream out;
    private final Path scratch;

    ColdStart(LocalAws aws, Paths paths, PrintStream out) {
        this.aws = aws;
        this.paths = paths;
        this.out = out;
        try {
            this.scratch = Files.createTempDirectory("nps-loop-cold");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(int runs, long seed) {
        var stack = Wiring.provision(aws, "bench-cold-" + Long.toString(System.currentTimeMillis(), 36));
        var webhooks = new Webhooks(seed, 1);
        // One pending follow-up per dispatch child, primed or not.
        var pending = pendingFollowUps(stack, webhooks, 2 * (runs + 1));

        var ingest = new Series("ingest (ours)", paths.ingestJar(), new ArrayList<>());
        var reference = new Series("reference (SAM style)", paths.referenceJar(), new ArrayList<>());
        var dispatch = new Series("dispatch (ours)", paths.dispatchJar(), new ArrayList<>());
        var report = new Series("report (ours)", paths.functionJar("report"), new ArrayList<>());
        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var floor = new Series("JVM alone (no handler)", paths.ingestJar(), new ArrayList<>());
        var ingestPrimed = new Series("ingest, primed", paths.ingestJar(), new ArrayList<>());
        var dispatchPrimed = new Series("dispatch, primed", paths.dispatchJar(), new ArrayList<>());
        var reportPrimed = new Series("report, primed", paths.functionJar("report"), new ArrayList<>());
        // Means measured, not adopted unless they pay: an AppCDS archive of the classes a first
        // request loads (dumped by a training run), and the JIT without the template's tier limit.
        var ingestCds = new Series("ingest, AppCDS", paths.ingestJar(), new ArrayList<>());
        var referenceCds = new Series("reference, AppCDS", paths.referenceJar(), new ArrayList<>());
        var ingestFullJit = new Series("ingest, full JIT", paths.ingestJar(), new ArrayList<>());
        var ingestArchive = scratch.resolve("ingest.jsa");
        var referenceArchive = scratch.resolve("reference.jsa");
        http(paths.ingestJar(), INGEST_HANDLER, stack, webhooks.freshDetractor("cds-o"), false,
                withFlag("-XX:ArchiveClassesAtExit=" + ingestArchive));
        http(paths.referenceJar(), REFERENCE_HANDLER, stack, webhooks.freshDetractor("cds-r"), false,
                withFlag("-XX:ArchiveClassesAtExit=" + referenceArchive));
        // Run 0 warms the page cache and the class-data archive; it is not counted.
        for (int i = 0; i <= runs; i++) {
            boolean counted = i > 0;
            // Alternate who goes first, so drift on the machine does not favour one side.
            var first = i % 2 == 0 ? ingest : reference;
            var second = i % 2 == 0 ? reference : ingest;
            for (var series : List.of(first, second)) {
                var handler = series == ingest ? INGEST_HANDLER : REFERENCE_HANDLER;
                var delivery = webhooks.freshDetractor((series == ingest ? "o" : "r") + i);
                var run = http(series.jar(), handler, stack, delivery, false);
                record(series, run, counted, i);
            }
            record(dispatch, stream(paths.dispatchJar(), DISPATCH_HANDLER, stack, pending.get(2 * i), i, false), counted, i);
            // A 30-day ROI report: its reads are the day counters, whatever is in them.
            var period = List.of(today.minusDays(29).toString(), today.toString());
            record(report, launch(report.jar(), stack.env(), reportArgs(period, false), "report-" + i), counted, i);
            // The same first requests after the SnapStart hook: what a restored snapshot's first request pays.
            record(ingestPrimed, http(paths.ingestJar(), INGEST_HANDLER, stack, webhooks.freshDetractor("p" + i), true), counted, i);
            record(dispatchPrimed, stream(paths.dispatchJar(), DISPATCH_HANDLER, stack, pending.get(2 * i + 1), i, true), counted, i);
            record(reportPrimed, launch(reportPrimed.jar(), stack.env(), reportArgs(period, true), "report-primed-" + i), counted, i);
            record(ingestCds, http(paths.ingestJar(), INGEST_HANDLER, stack, webhooks.freshDetractor("c" + i), false,
                    withFlag("-XX:SharedArchiveFile=" + ingestArchive)), counted, i);
            record(referenceCds, http(paths.referenceJar(), REFERENCE_HANDLER, stack, webhooks.freshDetractor("s" + i), false,
                    withFlag("-XX:SharedArchiveFile=" + referenceArchive)), counted, i);
            record(ingestFullJit, http(paths.ingestJar(), INGEST_HANDLER, stack, webhooks.freshDetractor("j" + i), false,
                    List.of()), counted, i);
            // Same classpath as the ingest run, nothing constructed or invoked.
            record(floor, launch(paths.ingestJar(), Map.of(), List.of("noop"), "noop-" + i), counted, i);
        }
        return new Result(ingest, reference, dispatch, report, floor, ingestPrimed, dispatchPrimed, reportPrimed,
                ingestCds, referenceCds, ingestFullJit);
    }

    private static List<String> reportArgs(List<String> period, boolean prime) {
        var args = new ArrayList<String>();
        if (prime) {
            args.add("--prime");
        }
        args.addAll(List.of("report", REPORT_HANDLER, period.get(0), period.get(1)));
        return args;
    }

    private void record(Series series, Run run, boolean counted, int i) {
        if (run.status() >= 400 || run.status() == 0) {
            throw new IllegalStateException(series.name() + " answered " + run.status() + " in cold run " + i);
        }
        if (counted) {
            series.runs().add(run);
        }
        out.printf(java.util.Locale.ROOT, "  %-22s run %2d%s: status %d, %6.0f ms wall, %6.0f ms JVM start to answer (init %.0f,%s first invoke %.0f)%n",
                series.name(), i, counted ? "" : " (warm-up, not counted)", run.status(), run.wallMs(), run.jvmToAnswerMs(),
                run.initMs(), run.primeMs() > 0 ? String.format(java.util.Locale.ROOT, " priming %.0f,", run.primeMs()) : "", run.invokeMs());
    }

    /** Stores high-value detractors through the ingest path, so each dispatch child has a follow-up to send. */
    private List<String[]> pendingFollowUps(Wiring.Stack stack, Webhooks webhooks, int count) {
        var client = Wiring.dynamoDb(stack.env());
        var intake = Wiring.ingest(stack.env(), client);
        var keys = new ArrayList<String[]>();
        int attempt = 0;
        while (keys.size() < count) {
            var delivery = webhooks.freshDetractor("d" + attempt++);
            var answer = intake.handle(Webhooks.SOURCE, Webhooks.signedHeaders(delivery.body()), delivery.body(), false);
            // One in ten is held out as the control group and gets no follow-up: skip those.
            if (answer.status() == 202 && answer.body().contains("\"status\":\"" + FollowUpStatus.PENDING.wireName() + "\"")) {
                var key = ResponseItem.key(new ResponseKey(Webhooks.SOURCE, delivery.responseId()));
                keys.add(new String[] {key.get(Table.PK).s(), key.get(Table.SK).s()});
            }
            if (attempt > count * 5) {
                throw new IllegalStateException("could not store pending follow-ups: " + answer.body());
            }
        }
        client.close();
        return keys;
    }

    private static List<String> withFlag(String flag) {
        var flags = new ArrayList<>(JVM_FLAGS);
        flags.add(flag);
        return flags;
    }

    private Run http(Path jar, String handler, Wiring.Stack stack, Webhooks.Delivery delivery, boolean prime) {
        return http(jar, handler, stack, delivery, prime, JVM_FLAGS);
    }

    private Run http(Path jar, String handler, Wiring.Stack stack, Webhooks.Delivery delivery, boolean prime,
                     List<String> jvmFlags) {
        try {
            Path body = Files.writeString(scratch.resolve(delivery.responseId() + ".json"), delivery.body(), StandardCharsets.UTF_8);
            var args = new ArrayList<String>();
            if (prime) {
                args.add("--prime");
            }
            args.addAll(List.of("http", handler, Webhooks.SOURCE, body.toString()));
            // Signed just before the JVM starts: the function allows five minutes of clock skew.
            Webhooks.signedHeaders(delivery.body()).forEach((k, v) -> args.add(k + "=" + v));
            return launch(jar, stack.env(), args, delivery.responseId(), jvmFlags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Run stream(Path jar, String handler, Wiring.Stack stack, String[] key, int i, boolean prime) {
        var sequence = String.format("%021d", 100_000_000_000_000_000L + i);
        var args = new ArrayList<String>();
        if (prime) {
            args.add("--prime");
        }
        args.addAll(List.of("stream", handler, key[0], key[1], sequence));
        return launch(jar, stack.env(), args, (prime ? "dispatch-primed-" : "dispatch-") + i);
    }

    private Run launch(Path functionJar, Map<String, String> env, List<String> args, String label) {
        return launch(functionJar, env, args, label, JVM_FLAGS);
    }

    private Run launch(Path functionJar, Map<String, String> env, List<String> args, String label, List<String> jvmFlags) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        // The function's jar first: its classes come from there, the launcher from ours after it.
        command.add(functionJar + java.io.File.pathSeparator + launcherLocation());
        command.add(ColdLauncher.class.getName());
        command.addAll(args);
        var builder = new ProcessBuilder(command);
        // Only what Lambda would set: no shell profile, no AWS settings of whoever runs this.
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        Path log = scratch.resolve(label + ".stderr");
        builder.redirectError(log.toFile());
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            double wallMs = Double.NaN;
            Map<String, String> figures = new LinkedHashMap<>();
            int status = 0;
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("ANSWER ")) {
                        wallMs = (System.nanoTime() - start) / 1e6;
                        status = Integer.parseInt(fields(line).getOrDefault("status", "0"));
                    } else if (line.startsWith("COLD ")) {
                        figures.putAll(fields(line));
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("cold start child did not exit: " + label);
            }
            if (figures.isEmpty()) {
                throw new IllegalStateException("cold start child printed no figures (exit " + process.exitValue()
                        + "); its stderr:\n" + tail(log));
            }
            return new Run(wallMs, Double.parseDouble(figures.get("jvmToAnswerMs")),
                    Double.parseDouble(figures.get("initMs")), Double.parseDouble(figures.getOrDefault("primeMs", "0")),
                    Double.parseDouble(figures.get("invokeMs")), status,
                    Integer.parseInt(figures.get("classes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The jar (or, in tests, the class folder) that holds the launcher. */
    static Path launcherLocation() {
        try {
            return Path.of(ColdLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> fields(String line) {
        var map = new LinkedHashMap<String, String>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return map;
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }
}
