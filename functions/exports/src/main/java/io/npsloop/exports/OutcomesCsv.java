package io.npsloop.exports;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/**
 * Outcome events from a CSV file with a header row naming the columns {@code eventId},
 * {@code customerId} (or {@code accountId}, or both columns with one filled per row),
 * {@code type}, {@code occurredAt} and, where the type needs it, {@code value} (any order; other
 * columns are ignored). Each row becomes the same event {@code POST /outcomes}
 * takes, so a row is checked exactly as an event is. A {@code referral_converted} row may name the
 * lead instead, by {@code lead_contact} (the referred person's email or phone, however typed) or
 * {@code lead_id}: it then needs no eventId or customerId, the lead gives both.
 */
final class OutcomesCsv {

    static final List<String> REQUIRED = List.of("eventId", "type", "occurredAt");
    /** At least one: a row names the customer or the whole account the outcome happened to. */
    static final List<String> SUBJECTS = List.of("customerId", "accountId");
    /** A conversion's lead, instead of an event id and a customer. */
    static final List<String> LEADS = List.of("lead_contact", "lead_id");
    /** A backfill larger than this is split into several files. */
    static final int MAX_ROWS = 100_000;

    /** The rows as events, in file order, or why the file cannot be read at all. */
    record Parsed(List<Map<String, Object>> events, List<Long> lines, String problem) {}

    private OutcomesCsv() {}

    static Parsed parse(Reader reader) {
        var format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            var header = parser.getHeaderNames();
            var missing = new ArrayList<String>();
            var namesLeads = LEADS.stream().anyMatch(header::contains);
            for (var column : namesLeads ? List.of("type", "occurredAt") : List.of("eventId", "customerId", "type", "occurredAt")) {
                if (column.equals("customerId") ? SUBJECTS.stream().noneMatch(header::contains) : !header.contains(column)) {
                    missing.add(column.equals("customerId") ? "customerId (or accountId)" : column);
                }
            }
            if (!missing.isEmpty()) {
                return new Parsed(List.of(), List.of(), "The header row lacks " + String.join(", ", missing)
                        + "; it must name eventId, customerId or accountId (or lead_contact or lead_id for conversions), type, occurredAt and, "
                        + "for concessions and conversions, value.");
            }
            var events = new ArrayList<Map<String, Object>>();
            var lines = new ArrayList<Long>();
            for (var record : parser) {
                if (events.size() >= MAX_ROWS) {
                    return new Parsed(List.of(), List.of(), "More than " + MAX_ROWS + " rows; split the file. Nothing was imported.");
                }
                var event = new LinkedHashMap<String, Object>();
                for (var column : java.util.stream.Stream.of(REQUIRED, SUBJECTS, LEADS).flatMap(List::stream).toList()) {
                    var cell = record.isSet(column) ? record.get(column) : "";
                    if (!cell.isEmpty()) {
                        event.put(column, cell);
                    }
                }
                if (header.contains("value") && record.isSet("value") && !record.get("value").isEmpty()) {
                    event.put("value", number(record.get("value")));
                }
                events.add(event);
                lines.add(parser.getCurrentLineNumber());
            }
            return new Parsed(events, lines, null);
        } catch (IOException | RuntimeException e) {
            // commons-csv reports malformed quoting as an unchecked exception naming the position.
            return new Parsed(List.of(), List.of(), "The file is not valid CSV: " + e.getMessage());
        }
    }

    /** A number where the cell is one; otherwise the text, which the event check then rejects with its reason. */
    private static Object number(String cell) {
        try {
            return new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return cell;
        }
    }
}
