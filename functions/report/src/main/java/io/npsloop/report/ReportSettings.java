package io.npsloop.report;

import static io.npsloop.config.Reader.COUNTERS;
import static io.npsloop.config.Reader.ERASURE;
import static io.npsloop.config.Reader.EXPORT;
import static io.npsloop.config.Reader.REPORT;
import static io.npsloop.config.Reader.UPLIFT;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;

/** The report, counters and erasure functions' settings (the exports share the report's). */
public final class ReportSettings {

    private ReportSettings() {}

    public static final Setting COUNTER_SLOTS = Setting.of(Area.REPORT, "COUNTER_SLOTS", Kind.POSITIVE_INT)
            .byDefault("8")
            .parameter("CounterSlots")
            .readBy(REPORT, COUNTERS, EXPORT)
            .means("Items each day's report counters are spread over (1-100), so bursts of responses do not all update one item; "
                    + "the report reads at most this many items per day.");

    public static final Setting UPLIFT_PRIOR_STRENGTH = Setting.of(Area.POLICY, "UPLIFT_PRIOR_STRENGTH", Kind.POSITIVE_INT)
            .byDefault(String.valueOf((int) io.npsloop.domain.roi.UpliftEstimator.DEFAULT.priorStrength()))
            .parameter("UpliftPriorStrength")
            .readBy(UPLIFT)
            .means("Measured uplift: how many customers per arm the configured uplift counts as, before a tier's own holdout "
                    + "outweighs it (docs/METHOD.md).");

    public static final Setting UPLIFT_QUANTILE = Setting.of(Area.POLICY, "UPLIFT_QUANTILE", Kind.SHARE)
            .byDefault(String.valueOf(io.npsloop.domain.roi.UpliftEstimator.DEFAULT.quantile()))
            .parameter("UpliftQuantile")
            .readBy(UPLIFT)
            .means("Measured uplift: the quantile of a tier's estimate used for deciding, above 0 and below 1; lower is more cautious.");

    public static final Setting REPORT_API_TOKEN = Setting.of(Area.REPORT, "REPORT_API_TOKEN", Kind.SECRET)
            .readBy(REPORT)
            .means("Where no IAM authorises the routes (the local stack), a bearer token both report routes require.");

    public static final Setting ERASURE_TOMBSTONE_DAYS = Setting.of(Area.ERASURE, "ERASURE_TOMBSTONE_DAYS", Kind.DAYS)
            .byDefault("30")
            .parameter("ErasureTombstoneDays")
            .readBy(ERASURE)
            .means("Days after an erasure during which an answer or outcome of the erased customer is dropped rather than "
                    + "stored (late retries of survey tools).");

    public static final Setting ERASURE_SCAN_SEGMENTS = Setting.of(Area.ERASURE, "ERASURE_SCAN_SEGMENTS", Kind.POSITIVE_INT)
            .byDefault("4")
            .readBy(ERASURE)
            .means("Parallel scan segments when an erasure has to scan the table (1-64).");
}
