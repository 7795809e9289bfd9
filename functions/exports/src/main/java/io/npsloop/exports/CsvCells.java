package io.npsloop.exports;

/**
 * Spreadsheet formula injection: a cell that starts with {@code =}, {@code +}, {@code -}, {@code @}
 * (or a tab or carriage return, which some spreadsheets skip before reading a formula) is run as a
 * formula when an analyst opens the file. Text from outside (ids, reasons) is prefixed with a
 * single quote, which spreadsheets show as text; numbers the export writes itself are left alone.
 */
final class CsvCells {

    private CsvCells() {}

    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value
                : value;
    }
}
