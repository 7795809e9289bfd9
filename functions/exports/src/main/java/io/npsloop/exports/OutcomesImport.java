package io.npsloop.exports;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.report.LeadConversions;
import io.npsloop.report.OutcomesApi;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
    private final LeadConversions conversions;
    private final ExportSink sink;

    public OutcomesImport(OutcomesApi outcomes, LeadConversions conversions, ExportSink sink) {
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.conversions = Objects.requireNonNull(conversions, "conversions");
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
                // Rows naming a lead are conversions, marked on the lead; the others are events as they stand.
                var plain = new ArrayList<Map<String, Object>>();
                var plainIndex = new ArrayList<Integer>();
                var results = new ArrayList<Map<String, Object>>();
                for (int i = 0; i < chunk.size(); i++) {
                    if (OutcomesCsv.LEADS.stream().anyMatch(chunk.get(i)::containsKey)) {
                        results.add(conversion(i, chunk.get(i)));
                    } else {
                        plain.add(chunk.get(i));
                        plainIndex.add(i);
                    }
                }
                if (!plain.isEmpty()) {
                    for (var row : OutcomesApi.results(outcomes.record(plain))) {
                        var indexed = new LinkedHashMap<>(row);
                        indexed.put("index", plainIndex.get((int) row.get("index")));
                        results.add(indexed);
                    }
                }
                for (var row : results) {
                    switch (String.valueOf(row.get("status"))) {
                        case "recorded" -> recorded++;
                        case "duplicate" -> duplicates++;
                        default -> rejected++;
                    }
                }
                results.sort(java.util.Comparator.comparingInt(r -> (int) r.get("index")));
                for (var row : results) {
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

    /**
     * A row naming a lead: marked converted through {@link LeadConversions}, as the API and the desk
     * do. Recorded, a duplicate (the same conversion again), or rejected with why: another type, an
     * unknown lead, another value than the lead's, a bad value or time.
     */
    private Map<String, Object> conversion(int index, Map<String, Object> row) {
        var result = new LinkedHashMap<String, Object>();
        result.put("index", index);
        if (row.get("eventId") != null) {
            result.put("eventId", row.get("eventId"));
        }
        var errors = new ArrayList<Map<String, String>>();
        if (!OutcomeType.REFERRAL_CONVERTED.wireName().equals(row.get("type"))) {
            errors.add(Map.of("field", "type", "message", "must be referral_converted in a row that names a lead"));
        }
        Instant at = null;
        try {
            at = OffsetDateTime.parse(String.valueOf(row.get("occurredAt"))).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(Map.of("field", "occurredAt", "message", "must be a date-time with its offset, e.g. 2026-05-01T09:30:00Z"));
        }
        var leadId = row.get("lead_id") instanceof String id ? id.strip().toLowerCase(java.util.Locale.ROOT)
                : row.get("lead_contact") instanceof String contact ? LeadConversions.leadIdOfContact(contact) : null;
        var field = row.get("lead_id") != null ? "lead_id" : "lead_contact";
        if (errors.isEmpty()) {
            var converted = conversions.convert(leadId, row.get("value"), at);
            if (converted instanceof LeadConversions.Done done) {
                result.put("status", done.again() ? "duplicate" : "recorded");
                return result;
            } else if (converted instanceof LeadConversions.UnknownLead) {
                errors.add(Map.of("field", field, "message", "names no known lead; nothing was changed"));
            } else if (converted instanceof LeadConversions.Conflict conflict) {
                errors.add(Map.of("field", "value", "message", "differs from the value the lead was marked converted with, "
                        + conflict.value().toPlainString() + "; nothing was changed"));
            } else if (converted instanceof LeadConversions.Invalid invalid) {
                errors.addAll(invalid.errors());
            }
        }
        result.put("status", "rejected");
        result.put("errors", errors);
        return result;
    }

    /** Where the result of importing {@code name} is written. */
    public static String resultPath(String name) {
        var file = name.substring(name.lastIndexOf('/') + 1);
        return "imports/results/" + file + ".json";
    }
}
