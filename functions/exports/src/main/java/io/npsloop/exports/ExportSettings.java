package io.npsloop.exports;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Origin;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;

/** The export function's settings. */
public final class ExportSettings {

    private ExportSettings() {}

    public static final Setting EXPORT_BUCKET = Setting.of(Area.EXPORTS, "EXPORT_BUCKET", Kind.TEXT)
            .from(new Origin.Template("ExportBucket"))
            .readBy(Reader.EXPORT)
            .means("The bucket the exports are written to.");

    public static final Setting EXPORT_PREFIX = Setting.of(Area.EXPORTS, "EXPORT_PREFIX", Kind.TEXT)
            .byDefault("")
            .readBy(Reader.EXPORT)
            .means("Key prefix of every exported file.");

    public static final Setting EXPORT_DAYS = Setting.of(Area.EXPORTS, "EXPORT_DAYS", Kind.POSITIVE_INT)
            .byDefault("35")
            .parameter("ExportDays")
            .readBy(Reader.EXPORT)
            .means("Days of cases each export rewrites (1-366), so changed statuses and new outcomes reach the files.");

    public static final Setting EXPORT_SCAN_SEGMENTS = Setting.of(Area.EXPORTS, "EXPORT_SCAN_SEGMENTS", Kind.POSITIVE_INT)
            .byDefault("4")
            .readBy(Reader.EXPORT)
            .means("Parallel scan segments reading the cases (1-64).");
}
