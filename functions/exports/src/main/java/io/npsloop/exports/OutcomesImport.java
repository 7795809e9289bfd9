package io.npsloop.exports;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.report.OutcomesApi;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Imports a CSV file of outcomes, for backfills: every row is checked and kept like an event of
 * {@code POST /outcomes} (idempotent by eventId, so importing a file twice changes nothing), and a
 * result file beside it says what was kept and which rows were rejected and why.
 */
public final class OutcomesImport {

    /** Rejected rows listed in a result file; the counts always cover all of them. */
    static final int MAX_LISTED = 1_000;

    private final OutcomesApi outcomes;
    private final ExportSink sink;

    public OutcomesImport(OutcomesApi outcomes, ExportSink sink) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * @param name the file's name, e.g. {@code imports/2026-11-churn.csv}
     * @return what was written as {@code imports/results/<file name>.json}
     */
    public Map<String, Object> importFile(String name, Reader csv) {
        var parsed = OutcomesCsv.parse(csv);
        var result = new LinkedHashMap<String, Object>();
        result.put("file", name);
        if (parsed.problem() != null) {
            result.put("status", "rejected");
            result.put("problem", parsed.problem());
        } else {
            int recorded = 0;
            int duplicates = 0;
            int rejected = 0;
            var rejectedRows = new ArrayList<Map<String, Object>>();
            var events = parsed.events();
            for (int from = 0; from < events.size(); from += OutcomesApi.MAX_EVENTS) {
                var chunk = events.subList(from, Math.min(events.size(), from + OutcomesApi.MAX_EVENTS));
                var answer = outcomes.record(chunk);
                recorded += (int) answer.get("recorded");
                duplicates += (int) answer.get("duplicates");
                rejected += (int) answer.get("rejected");
                for (var row : OutcomesApi.results(answer)) {
                    if ("rejected".equals(row.get("status")) && rejectedRows.size() < MAX_LISTED) {
                        var listed = new LinkedHashMap<String, Object>();
                        listed.put("line", parsed.lines().get(from + (int) row.get("index")));
                        listed.put("eventId", row.get("eventId"));
                        listed.put("errors", row.get("errors"));
                        rejectedRows.add(listed);
                    }
                }
            }
            result.put("status", rejected == 0 ? "imported" : recorded + duplicates == 0 ? "rejected" : "partly-imported");
            result.put("rows", events.size());
            result.put("recorded", recorded);
            result.put("duplicates", duplicates);
            result.put("rejected", rejected);
            result.put("rejectedRows", rejectedRows);
        }
        try {
            sink.write(resultPath(name), "application/json", JSON.std.asString(result).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Where the result of importing {@code name} is written. */
    public static String resultPath(String name) {
        var file = name.substring(name.lastIndexOf('/') + 1);
        return "imports/results/" + file + ".json";
    }
}
