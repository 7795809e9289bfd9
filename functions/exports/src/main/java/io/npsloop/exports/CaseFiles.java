package io.npsloop.exports;

import io.npsloop.http.Answer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Cases as CSV (RFC 4180, header row, formula-safe text) and as JSON Lines (one object per case). */
final class CaseFiles {

    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader(CaseRow.COLUMNS.toArray(String[]::new))
            .setRecordSeparator("\r\n")
            .get();

    private CaseFiles() {}

    static byte[] csv(List<CaseRow> rows) {
        var out = new StringWriter();
        try (var printer = new CSVPrinter(out, CSV)) {
            for (var row : rows) {
                for (var value : row.values().values()) {
                    printer.print(value instanceof String text ? CsvCells.text(text) : value == null ? "" : plain(value));
                }
                printer.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jsonLines(List<CaseRow> rows) {
        var out = new StringBuilder();
        try {
            for (var row : rows) {
                out.append(Answer.WRITER.asString(row.values())).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String plain(Object value) {
        return value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
}
