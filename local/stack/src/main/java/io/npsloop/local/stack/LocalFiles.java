package io.npsloop.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.exports.Exporter;
import io.npsloop.exports.FolderSink;
import io.npsloop.exports.OutcomesImport;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.local.LocalContext;
import io.npsloop.observe.Log;
import io.npsloop.report.OutcomesApi;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The export bucket, on this machine: a folder. Exports are written under {@code exports/} as in
 * the bucket, {@code GET /exports/<file>} runs an export and serves the latest file, and CSV files
 * dropped into {@code imports/} are imported as S3 would trigger it, with results in
 * {@code imports/results/}.
 */
final class LocalFiles {

    private static final Map<String, String> SERVED = Map.of(
            "cases.csv", "text/csv; charset=utf-8",
            "cases.jsonl", "application/x-ndjson",
            "roi.json", "application/json",
            "roi.html", "text/html; charset=utf-8");

    private final Path root;
    private final Exporter exporter;
    private final OutcomesImport importer;
    private final PrintStream log;

    LocalFiles(Path root, java.util.function.Function<FolderSink, Exporter> exporter, OutcomesApi outcomes,
               io.npsloop.report.LeadConversions conversions, PrintStream log) {
        this.root = root.toAbsolutePath().normalize();
        this.exporter = exporter.apply(new FolderSink(this.root.resolve("exports")));
        this.importer = new OutcomesImport(outcomes, conversions, new FolderSink(this.root));
        this.log = log;
    }

    Path root() {
        return root;
    }

    /** {@code GET /exports/{file}}: a fresh export, then the file. */
    APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, LocalContext context) {
        var file = event.getPathParameters() == null ? null : event.getPathParameters().get("file");
        if (file == null || !SERVED.containsKey(file)) {
            return answer(Answer.problem(404, "unknown-export", "Exports are " + String.join(", ", Set.copyOf(SERVED.keySet())) + "."));
        }
        var summary = exporter.run();
        new Log(context.getLogger()::log, "export", context.getAwsRequestId(), Clock.systemUTC())
                .info("export", "export:" + summary.to(), "cases", summary.cases(), "files", summary.files());
        try {
            var body = Files.readString(root.resolve("exports/latest").resolve(file), StandardCharsets.UTF_8);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("content-type", SERVED.get(file))).withBody(body).build();
        } catch (IOException e) {
            return answer(Answer.problem(500, "export-failed", "The export did not write " + file + "."));
        }
    }

    /** Imports every CSV file in {@code imports/} that has no result yet. */
    void importNewFiles() {
        var imports = root.resolve("imports");
        if (!Files.isDirectory(imports)) {
            return;
        }
        try (var files = Files.list(imports)) {
            for (var file : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                var name = "imports/" + file.getFileName();
                if (Files.exists(root.resolve(OutcomesImport.resultPath(name)))) {
                    continue;
                }
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    var result = importer.importFile(name, reader);
                    log.println("[import] " + name + " status=" + result.get("status") + " recorded=" + result.get("recorded")
                            + " duplicates=" + result.get("duplicates") + " rejected=" + result.get("rejected"));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.println("[import] failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static APIGatewayV2HTTPResponse answer(Answer answer) {
        return HttpEvents.response(answer);
    }
}
