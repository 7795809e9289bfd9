package io.npsloop.exports;

import io.npsloop.http.Answer;
import io.npsloop.report.ReportApi;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes what analysts read, partitioned by day for Athena:
 * <pre>
 * cases/date=YYYY-MM-DD/cases.jsonl    cases received that day (UTC), rewritten every run (the Glue table reads these)
 * cases-csv/date=YYYY-MM-DD/cases.csv  the same as CSV, for spreadsheets
 * reports/date=YYYY-MM-DD/roi.json     the ROI report of the run's window, as of that run
 * reports/date=YYYY-MM-DD/roi.html     the same report as a page with charts
 * latest/cases.csv, latest/cases.jsonl, latest/roi.json, latest/roi.html
 * </pre>
 * Each run covers the last {@code days} days, so statuses and outcomes that changed since the
 * last run are in the files. Cases are read with a parallel scan: its cost grows with the table,
 * once per run, which is why the report itself never scans.
 */
public final class Exporter {

    /** What a run wrote. */
    public record Summary(LocalDate from, LocalDate to, int cases, int files, String latestCsv) {}

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ReportApi reports;
    private final ExportSink sink;
    private final int days;
    private final int segments;
    private final Clock clock;

    public Exporter(DynamoDbClient dynamoDb, String tableName, ReportApi reports, ExportSink sink, int days, int segments,
                    Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("EXPORT_DAYS must be 1..366: " + days);
        }
        if (segments < 1 || segments > 64) {
            throw new IllegalArgumentException("EXPORT_SCAN_SEGMENTS must be 1..64: " + segments);
        }
        this.days = days;
        this.segments = segments;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Summary run() {
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var from = today.minusDays(days - 1);
        var responses = new ConcurrentLinkedQueue<Map<String, AttributeValue>>();
        var outcomes = new ConcurrentLinkedQueue<Map<String, AttributeValue>>();
        scan(from, responses, outcomes);

        var byCustomer = new HashMap<String, List<CaseRows.CustomerOutcome>>();
        for (var item : outcomes) {
            byCustomer.computeIfAbsent(Table.str(item, OutcomeItem.CUSTOMER_ID), id -> new ArrayList<>()).add(CaseRows.outcome(item));
        }
        var byDay = new HashMap<LocalDate, List<CaseRow>>();
        for (var item : responses) {
            var customer = Table.str(item, ResponseItem.CUSTOMER_ID);
            var row = CaseRows.of(item, customer == null ? List.of() : byCustomer.getOrDefault(customer, List.of()));
            var day = LocalDate.ofInstant(Instant.parse(row.receivedAt()), ZoneOffset.UTC);
            if (!day.isBefore(from)) {
                byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(row);
            }
        }
        int files = 0;
        var all = new ArrayList<CaseRow>();
        // Every day of the window, empty ones too: a day whose cases were all erased must lose its old file.
        for (var day = from; !day.isAfter(today); day = day.plusDays(1)) {
            var rows = byDay.getOrDefault(day, new ArrayList<>());
            rows.sort(Comparator.comparing(CaseRow::receivedAt).thenComparing(CaseRow::caseId));
            all.addAll(rows);
            sink.write("cases-csv/date=" + day + "/cases.csv", "text/csv; charset=utf-8", CaseFiles.csv(rows));
            sink.write("cases/date=" + day + "/cases.jsonl", "application/x-ndjson", CaseFiles.jsonLines(rows));
            files += 2;
        }
        var report = reports.report(from, today);
        var json = json(report);
        var html = HtmlReport.render(report).getBytes(StandardCharsets.UTF_8);
        sink.write("reports/date=" + today + "/roi.json", "application/json", json);
        sink.write("reports/date=" + today + "/roi.html", "text/html; charset=utf-8", html);
        sink.write("latest/cases.csv", "text/csv; charset=utf-8", CaseFiles.csv(all));
        sink.write("latest/cases.jsonl", "application/x-ndjson", CaseFiles.jsonLines(all));
        sink.write("latest/roi.json", "application/json", json);
        sink.write("latest/roi.html", "text/html; charset=utf-8", html);
        return new Summary(from, today, all.size(), files + 6, sink.describe("latest/cases.csv"));
    }

    private void scan(LocalDate from, ConcurrentLinkedQueue<Map<String, AttributeValue>> responses,
                      ConcurrentLinkedQueue<Map<String, AttributeValue>> outcomes) {
        // A day early: instants compare as text only roughly (fractions of a second sort before "Z");
        // the exact cut is made on the parsed time.
        var since = from.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        IntStream.range(0, segments).parallel().forEach(segment -> {
            Map<String, AttributeValue> start = null;
            do {
                var exclusiveStart = start;
                var page = dynamoDb.scan(r -> r.tableName(tableName)
                        .segment(segment).totalSegments(segments)
                        .filterExpression("(#type = :response AND " + ResponseItem.RECEIVED_AT + " >= :since) OR #type = :outcome")
                        .expressionAttributeNames(Map.of("#type", Table.TYPE))
                        .expressionAttributeValues(Map.of(
                                ":response", AttributeValue.fromS(ResponseItem.TYPE_NAME),
                                ":outcome", AttributeValue.fromS(OutcomeItem.TYPE_NAME),
                                ":since", AttributeValue.fromS(since)))
                        .exclusiveStartKey(exclusiveStart));
                for (var item : page.items()) {
                    (OutcomeItem.TYPE_NAME.equals(Table.str(item, Table.TYPE)) ? outcomes : responses).add(item);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        });
    }

    private static byte[] json(Map<String, Object> report) {
        try {
            return Answer.WRITER.asString(report).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
