package io.npsloop.report;

import io.npsloop.domain.roi.ConfidenceSequence;
import io.npsloop.domain.roi.Counter;
import io.npsloop.domain.roi.Interval;
import io.npsloop.domain.roi.RoiReport;
import io.npsloop.domain.roi.Tally;
import io.npsloop.domain.roi.TierUplift;
import io.npsloop.domain.roi.UpliftChange;
import io.npsloop.table.UpliftItem;
import io.npsloop.http.Answer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /reports/roi?from=YYYY-MM-DD&to=YYYY-MM-DD}: the report over the cohorts decided
 * in that period (UTC days, both included), with every outcome recorded for them so far.
 */
public final class ReportApi {

    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;

    private final DynamoDbCounters counters;
    private final RoiReport.Assumptions assumptions;
    private final Clock clock;
    private final Supplier<Optional<UpliftItem.Stored>> uplifts;

    ReportApi(DynamoDbCounters counters, RoiReport.Assumptions assumptions, Clock clock) {
        this(counters, assumptions, clock, Optional::empty);
    }

    /** @param uplifts the uplifts last estimated on the schedule, shown as they are */
    ReportApi(DynamoDbCounters counters, RoiReport.Assumptions assumptions, Clock clock, Supplier<Optional<UpliftItem.Stored>> uplifts) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.assumptions = Objects.requireNonNull(assumptions, "assumptions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.uplifts = Objects.requireNonNull(uplifts, "uplifts");
    }

    Answer roi(Map<String, String> query) {
        var errors = new ArrayList<Map<String, String>>();
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var to = date(query, "to", today, errors);
        var from = date(query, "from", to == null ? null : to.minusDays(DEFAULT_DAYS - 1), errors);
        if (errors.isEmpty() && from.isAfter(to)) {
            errors.add(Map.of("field", "from", "message", "must not be after to"));
        } else if (errors.isEmpty() && ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            errors.add(Map.of("field", "from", "message", "the period is at most " + MAX_DAYS + " days; ask for several"));
        }
        if (!errors.isEmpty()) {
            return Answer.problem(400, "invalid", "The period is not valid: from and to are dates like 2026-05-01.", errors);
        }
        return Answer.json(200, "report", report(from, to));
    }

    /** The report as analysts read it; the exports write the same document. */
    public Map<String, Object> report(LocalDate from, LocalDate to) {
        var reading = counters.read(from, to);
        var segmentReading = counters.readSegments(from, to);
        var report = RoiReport.of(reading.total(), assumptions);
        var body = new LinkedHashMap<String, Object>();
        var period = new LinkedHashMap<String, Object>();
        period.put("from", from.toString());
        period.put("to", to.toString());
        body.put("period", period);
        body.put("nps", nps(report.nps()));
        body.put("recovery", recovery(report.recovery()));
        body.put("referral", referral(report.referral()));
        body.put("nurture", nurture(report.nurture()));
        var totals = new LinkedHashMap<String, Object>();
        totals.put("value", report.totals().value());
        totals.put("cost", report.totals().cost());
        totals.put("roi", round(report.totals().roi()));
        totals.put("roiCi95", interval(report.totals().roiCi95()));
        totals.put("roiCs95", interval(report.totals().roiCs95()));
        body.put("totals", totals);
        var assumed = new LinkedHashMap<String, Object>();
        assumed.put("recoveryCost", assumptions.recoveryCost());
        assumed.put("referralCost", assumptions.referralCost());
        assumed.put("nurtureCost", assumptions.nurtureCost());
        assumed.put("confidence", assumptions.confidence());
        assumed.put("interval", "Newcombe hybrid score (method 10) for the difference of two proportions, from Wilson intervals "
                + "on each arm's counts divided by its design effect; referral value: cluster-robust Wald");
        assumed.put("anytimeInterval", "cs95, roiCs95, valueCs95: asymptotic confidence sequences (Waudby-Smith et al. 2024), "
                + "the same intervals with z_t = sqrt((t rho^2 + 1) / (t rho^2) * (log(t rho^2 + 1) - 2 log 0.05)) at t units; "
                + "they hold the truth at every look at once, so read them when the report is read as data arrives");
        assumed.put("anytimeTargetUnits", ConfidenceSequence.CS95.targetUnits());
        assumed.put("unit", "the unit of randomization: an account, or a customer without one; intervals treat units as independent, "
                + "not customers");
        assumed.put("cohorts", "every customer worth the follow-up's cost counts in their unit's arm, whatever was then done "
                + "(intention to treat); a unit's cohort counts on the UTC day it started; outcomes recorded so far count in it");
        assumed.put("unknownValue", "customers whose annual value the survey tool did not send count with value 0");
        body.put("assumptions", assumed);
        body.put("unattributedOutcomes", report.unattributedOutcomes());
        body.put("countedBeforeCohorts", report.countedBeforeCohorts());
        body.put("warnings", report.warnings());
        body.put("segments", segments(RoiReport.segments(segmentReading.segments(), assumptions)));
        body.put("uplift", uplifts.get().map(ReportApi::uplift).orElse(null));
        body.put("variants", variants(RoiReport.variants(segmentReading.segments(), reading.total(), assumptions)));
        body.put("timeToContact", timeToContact(RoiReport.timeToContact(segmentReading.segments())));
        body.put("daily", daily(reading.days()));
        body.put("meta", Map.of("generatedAt", clock.instant().toString(), "countersRead", reading.itemsRead(),
                "segmentCountersRead", segmentReading.itemsRead(), "readUnits", reading.readUnits() + segmentReading.readUnits()));
        return body;
    }

    private static Map<String, Object> nps(RoiReport.Nps nps) {
        var body = new LinkedHashMap<String, Object>();
        body.put("score", nps.score());
        body.put("responses", nps.responses());
        body.put("promoters", nps.promoters());
        body.put("passives", nps.passives());
        body.put("detractors", nps.detractors());
        return body;
    }

    private static Map<String, Object> churnReduction(RoiReport.ChurnReduction reduction) {
        var churn = new LinkedHashMap<String, Object>();
        churn.put("absolute", round(reduction.absolute()));
        churn.put("relative", round(reduction.relative()));
        churn.put("ci95", interval(reduction.ci95()));
        churn.put("relativeCi95", interval(reduction.relativeCi95()));
        var deff = reduction.designEffects();
        churn.put("designEffects", deff == null ? null : Map.of("treated", round(deff.first()), "holdout", round(deff.second())));
        churn.put("cs95", interval(reduction.cs95()));
        churn.put("relativeCs95", interval(reduction.relativeCs95()));
        return churn;
    }

    private static Map<String, Object> recovery(RoiReport.Recovery recovery) {
        var churn = churnReduction(recovery.churnReduction());
        var body = new LinkedHashMap<String, Object>();
        body.put("treated", recovery.treated());
        body.put("holdout", recovery.holdout());
        body.put("treatedUnits", recovery.treatedUnits());
        body.put("holdoutUnits", recovery.holdoutUnits());
        body.put("contacted", recovery.contacted());
        body.put("treatedChurned", recovery.treatedChurned());
        body.put("holdoutChurned", recovery.holdoutChurned());
        body.put("treatedRenewed", recovery.treatedRenewed());
        body.put("holdoutRenewed", recovery.holdoutRenewed());
        body.put("treatedChurnRate", round(recovery.treatedChurnRate()));
        body.put("holdoutChurnRate", round(recovery.holdoutChurnRate()));
        body.put("churnReduction", churn);
        body.put("customersSaved", recovery.customersSaved());
        body.put("treatedValue", recovery.treatedValue());
        body.put("retainedValue", recovery.retainedValue());
        body.put("concessions", recovery.concessions());
        body.put("cost", recovery.cost());
        return body;
    }

    /** Recovery's shape without concessions; a period without nurture decisions says so in {@code note}. */
    private static Map<String, Object> nurture(RoiReport.Nurture nurture) {
        var body = new LinkedHashMap<String, Object>();
        body.put("treated", nurture.treated());
        body.put("holdout", nurture.holdout());
        body.put("treatedUnits", nurture.treatedUnits());
        body.put("holdoutUnits", nurture.holdoutUnits());
        body.put("contacted", nurture.contacted());
        body.put("treatedChurned", nurture.treatedChurned());
        body.put("holdoutChurned", nurture.holdoutChurned());
        body.put("treatedRenewed", nurture.treatedRenewed());
        body.put("holdoutRenewed", nurture.holdoutRenewed());
        body.put("treatedChurnRate", round(nurture.treatedChurnRate()));
        body.put("holdoutChurnRate", round(nurture.holdoutChurnRate()));
        body.put("churnReduction", churnReduction(nurture.churnReduction()));
        body.put("customersSaved", nurture.customersSaved());
        body.put("treatedValue", nurture.treatedValue());
        body.put("retainedValue", nurture.retainedValue());
        body.put("cost", nurture.cost());
        if (!nurture.decided()) {
            body.put("note", "No passive was nurtured or held out in this period: nurture is off (NURTURE_PASSIVES) "
                    + "or no passive's value justified it.");
        }
        return body;
    }

    private static Map<String, Object> referral(RoiReport.Referral referral) {
        var body = new LinkedHashMap<String, Object>();
        body.put("asked", referral.asked());
        body.put("holdout", referral.holdout());
        body.put("askedUnits", referral.askedUnits());
        body.put("holdoutUnits", referral.holdoutUnits());
        body.put("contacted", referral.contacted());
        body.put("leads", referral.leads());
        body.put("converted", referral.converted());
        body.put("convertedValue", referral.convertedValue());
        body.put("holdoutLeads", referral.holdoutLeads());
        body.put("holdoutConverted", referral.holdoutConverted());
        body.put("holdoutConvertedValue", referral.holdoutConvertedValue());
        body.put("value", referral.value());
        body.put("valueCi95", interval(referral.valueCi95()));
        body.put("cost", referral.cost());
        body.put("valueCs95", interval(referral.valueCs95()));
        return body;
    }

    /** Per action, its figures in each segment, in the action's own shape, with its return and the too-small warning. */
    private static Map<String, Object> segments(RoiReport.Segments segments) {
        var body = new LinkedHashMap<String, Object>();
        body.put("recovery", rows(segments.recovery(), ReportApi::recovery));
        body.put("referral", rows(segments.referral(), ReportApi::referral));
        body.put("nurture", rows(segments.nurture(), figures -> {
            var row = nurture(figures);
            row.remove("note");
            return row;
        }));
        return body;
    }

    /**
     * Per action with variants: each variant against the holdout, in the action's own shape with
     * its return, and each pair of variants against each other.
     */
    private static Map<String, Object> variants(RoiReport.Variants variants) {
        var body = new LinkedHashMap<String, Object>();
        body.put("recovery", actionVariants(variants.recovery(), ReportApi::recovery));
        body.put("referral", actionVariants(variants.referral(), ReportApi::referral));
        return body;
    }

    /** Treated recovery customers' churn by how long their case took to first record contact: observational, so labelled. */
    private static Map<String, Object> timeToContact(List<RoiReport.ContactBucket> buckets) {
        var body = new LinkedHashMap<String, Object>();
        body.put("label", TIME_TO_CONTACT_LABEL);
        var rows = new ArrayList<Map<String, Object>>();
        for (var bucket : buckets) {
            var row = new LinkedHashMap<String, Object>();
            row.put("bucket", bucket.delay().wireName());
            row.put("label", bucket.delay().label());
            row.put("units", bucket.units());
            row.put("customers", bucket.members());
            row.put("churned", bucket.churned());
            row.put("churnRate", round(bucket.churnRate()));
            row.put("wilson95", interval(bucket.wilson95()));
            rows.add(row);
        }
        body.put("buckets", rows);
        return body;
    }

    /** What the time-to-contact figures are, wherever they are shown. */
    static final String TIME_TO_CONTACT_LABEL = "observational: not a randomized comparison";

    private static <T> Map<String, Object> actionVariants(RoiReport.ActionVariants<T> variants,
                                                          java.util.function.Function<T, Map<String, Object>> figures) {
        var body = new LinkedHashMap<String, Object>();
        var rows = rows(variants.variants(), figures);
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            row.remove("dimension");
            row.put("variant", row.remove("segment"));
            row.put("roiCs95", interval(variants.variants().get(i).returns().roiCs95()));
        }
        body.put("againstHoldout", rows);
        var pairs = new ArrayList<Map<String, Object>>();
        for (var comparison : variants.comparisons()) {
            var pair = new LinkedHashMap<String, Object>();
            pair.put("first", comparison.first());
            pair.put("second", comparison.second());
            pair.put("difference", round(comparison.difference()));
            pair.put("ci95", interval(comparison.ci95()));
            pair.put("cs95", interval(comparison.cs95()));
            pair.put("tooSmall", comparison.tooSmall());
            pairs.add(pair);
        }
        body.put("betweenVariants", pairs);
        return body;
    }

    private static <T> List<Map<String, Object>> rows(List<RoiReport.SegmentFigures<T>> segments,
                                                      java.util.function.Function<T, Map<String, Object>> figures) {
        var rows = new ArrayList<Map<String, Object>>();
        for (var segment : segments) {
            var row = new LinkedHashMap<String, Object>();
            row.put("dimension", segment.segment().dimension().wireName());
            row.put("segment", segment.segment().value());
            row.putAll(figures.apply(segment.figures()));
            row.put("roi", round(segment.returns().roi()));
            row.put("roiCi95", interval(segment.returns().roiCi95()));
            row.put("roiCs95", interval(segment.returns().roiCs95()));
            row.put("tooSmall", segment.tooSmall());
            rows.add(row);
        }
        return rows;
    }

    /**
     * Per action × tier, the uplift the schedule last estimated: prior, measured and used, the
     * evidence, and since when the tier's typical customer has (not) been worth contacting.
     */
    static Map<String, Object> uplift(UpliftItem.Stored stored) {
        var tiers = new ArrayList<Map<String, Object>>();
        for (var uplift : stored.estimates()) {
            var e = uplift.estimate();
            var row = new LinkedHashMap<String, Object>();
            row.put("action", uplift.action().wireName());
            row.put("tier", uplift.tier().wireName());
            row.put("origin", uplift.measured() ? "measured" : "configured");
            row.put("prior", round(e.prior()));
            row.put("measured", round(e.measured()));
            row.put("used", round(e.used()));
            row.put("posteriorMean", round(e.mean()));
            row.put("evidenceWeight", round(e.weight()));
            row.put("holdoutUnits", e.holdoutUnits());
            row.put("treatedUnits", e.treatedUnits());
            row.put("holdoutCustomers", round(e.holdoutCustomers()));
            row.put("treatedCustomers", round(e.treatedCustomers()));
            row.put("typicalValue", uplift.typicalValue());
            row.put("expected", uplift.expected());
            row.put("cost", uplift.cost());
            row.put("contacted", uplift.contacted());
            var last = UpliftChange.last(stored.changes(), uplift.action(), uplift.tier());
            row.put("since", last == null ? null : last.at().toString());
            row.put("summary", summary(uplift, last));
            tiers.add(row);
        }
        var changes = new ArrayList<Map<String, Object>>();
        for (var change : stored.changes()) {
            var row = new LinkedHashMap<String, Object>();
            row.put("action", change.action().wireName());
            row.put("tier", change.tier().wireName());
            row.put("contacted", change.contacted());
            row.put("at", change.at().toString());
            row.put("expected", change.expected());
            row.put("cost", change.cost());
            changes.add(row);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("computedAt", stored.computedAt().toString());
        body.put("tiers", tiers);
        body.put("changes", changes);
        return body;
    }

    /** One line a person reads, e.g. "low tier: expected 4.10 below cost 25, not contacted since 2026-11-02". */
    static String summary(TierUplift uplift, UpliftChange last) {
        var tier = uplift.tier().wireName() + " tier";
        if (!uplift.measured()) {
            return tier + ": configured uplift " + BigDecimal.valueOf(uplift.estimate().prior()).stripTrailingZeros().toPlainString()
                    + " (referral is not measured: its counters hold no promoter's annual value)";
        }
        if (uplift.contacted() == null) {
            return tier + ": no customer counted yet, so the configured uplift holds";
        }
        var since = last == null ? "" : " since " + LocalDate.ofInstant(last.at(), ZoneOffset.UTC);
        return tier + ": expected " + uplift.expected().toPlainString() + (uplift.contacted() ? " above" : " below") + " cost "
                + uplift.cost().stripTrailingZeros().toPlainString() + ", " + (uplift.contacted() ? "contacted" : "not contacted") + since;
    }

    private static List<Map<String, Object>> daily(Map<LocalDate, Tally> days) {
        var series = new ArrayList<Map<String, Object>>();
        days.forEach((day, tally) -> {
            var point = new LinkedHashMap<String, Object>();
            point.put("day", day.toString());
            long responses = tally.count(Counter.RESPONSES);
            point.put("responses", responses);
            point.put("nps", RoiReport.Nps.of(tally).score());
            point.put("recoveryTreated", tally.count(Counter.RECOVERY_TREATED_MEMBERS));
            point.put("recoveryTreatedChurned", tally.count(Counter.RECOVERY_TREATED_CHURNED_MEMBERS));
            point.put("recoveryHoldout", tally.count(Counter.RECOVERY_HOLDOUT_MEMBERS));
            point.put("recoveryHoldoutChurned", tally.count(Counter.RECOVERY_HOLDOUT_CHURNED_MEMBERS));
            point.put("nurtureTreated", tally.count(Counter.NURTURE_TREATED_MEMBERS));
            point.put("nurtureTreatedChurned", tally.count(Counter.NURTURE_TREATED_CHURNED_MEMBERS));
            point.put("nurtureHoldout", tally.count(Counter.NURTURE_HOLDOUT_MEMBERS));
            point.put("nurtureHoldoutChurned", tally.count(Counter.NURTURE_HOLDOUT_CHURNED_MEMBERS));
            point.put("countedBeforeCohorts", RoiReport.countedBeforeCohorts(tally));
            series.add(point);
        });
        return series;
    }

    private static LocalDate date(Map<String, String> query, String name, LocalDate fallback, List<Map<String, String>> errors) {
        var raw = query == null ? null : query.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(Map.of("field", name, "message", "must be a date like 2026-05-01"));
            return null;
        }
    }

    private static List<Double> interval(Interval interval) {
        return interval == null ? null : List.of(round(interval.lower()), round(interval.upper()));
    }

    /** Six decimals: more than any analyst needs, fewer than the floating-point noise. */
    private static Double round(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }
}
