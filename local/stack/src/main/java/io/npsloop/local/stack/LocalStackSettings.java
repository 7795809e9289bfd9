package io.npsloop.local.stack;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Reader;
import io.npsloop.config.Setting;

/** What only the local stack reads. */
public final class LocalStackSettings {

    private LocalStackSettings() {}

    public static final Setting PORT = Setting.of(Area.LOCAL_STACK, "PORT", Kind.POSITIVE_INT)
            .byDefault("3000")
            .readBy(Reader.LOCAL_STACK)
            .means("Port of the local stack (also where bin/local-stack post sends).");

    public static final Setting LOCAL_DATA_DIR = Setting.of(Area.LOCAL_STACK, "LOCAL_DATA_DIR", Kind.TEXT)
            .byDefault("local-data")
            .readBy(Reader.LOCAL_STACK)
            .means("The local stand-in for the export bucket: exports/ and imports/ below it.");

    public static final Setting ESCALATION_INTERVAL_SECONDS = Setting.of(Area.LOCAL_STACK, "ESCALATION_INTERVAL_SECONDS", Kind.SECONDS)
            .byDefault("60")
            .readBy(Reader.LOCAL_STACK)
            .means("How often the local stack looks for overdue cases (the template's EscalationSchedule in AWS).");
}
