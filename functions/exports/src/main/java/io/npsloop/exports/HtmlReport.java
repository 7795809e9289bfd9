package io.npsloop.exports;

import io.npsloop.http.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The ROI report as one self-contained HTML page for people who do not read JSON: the headline
 * figures (recovery's, nurture's, the totals) and warnings as text, one table per action of its
 * figures per segment (narrow enough for a phone), and three charts (NPS by day, churn treated against held out with
 * the interval of the difference, value against cost) drawn as SVG by a small script from the
 * report embedded in the page. No external scripts, fonts or styles: it opens from a bucket or a
 * disk as it is.
 */
final class HtmlReport {

    private HtmlReport() {}

    static String render(Map<String, Object> report) {
        String data;
        try {
            // No "<" at all inside the script element: "</script>" would end it, "<!--" or "<script"
            // would change how it is parsed. In JSON "<" only occurs in strings, where \u003c means the same.
            data = Answer.WRITER.asString(report).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var period = map(report, "period");
        var nps = map(report, "nps");
        var recovery = map(report, "recovery");
        var reduction = map(recovery, "churnReduction");
        var totals = map(report, "totals");
        var html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>NPS Loop ROI report ").append(escape(period.get("from"))).append(" to ")
                .append(escape(period.get("to"))).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1d2733}")
                .append("table{border-collapse:collapse;margin:1rem 0}td,th{padding:.3rem .8rem;border-bottom:1px solid #dde;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.warning{background:#fff4d6;padding:.5rem 1rem;border-left:4px solid #e0a800}")
                .append(".segments{width:100%;font-size:.85rem}.segments th,.segments td{padding:.3rem .4rem;vertical-align:top;overflow-wrap:anywhere}")
                .append(".segments td.warning{padding:.3rem .5rem;font-size:.8rem}@media (max-width:30rem){body{margin:.75rem}}")
                .append(".reading{border-left:4px solid #2563eb;padding:.5rem 1rem;background:#eef4ff}")
                .append("figure{margin:1.5rem 0}figcaption{font-weight:600;margin-bottom:.4rem}svg{background:#fafbfc;border:1px solid #e4e7eb;max-width:100%;height:auto}")
                .append("</style></head>\n<body>\n");
        html.append("<h1>Return of the follow-ups</h1>\n<p>Follow-up decisions from <b>").append(escape(period.get("from")))
                .append("</b> to <b>").append(escape(period.get("to"))).append("</b> (UTC), with every outcome recorded so far. ")
                .append("How each figure is computed: docs/METHOD.md.</p>\n");
        html.append("<p class=\"reading\">").append(escape(READING)).append("</p>\n");
        for (var warning : (List<?>) report.get("warnings")) {
            html.append("<p class=\"warning\">").append(escape(warning)).append("</p>\n");
        }
        html.append("<table>\n");
        row(html, "NPS", nps.get("score"), nps.get("responses") + " responses: promoters " + nps.get("promoters")
                + ", passives " + nps.get("passives") + ", detractors " + nps.get("detractors"));
        row(html, "Detractors contacted / held out", recovery.get("treated") + " / " + recovery.get("holdout"), "");
        row(html, "Churn contacted / held out", percent(recovery.get("treatedChurnRate")) + " / " + percent(recovery.get("holdoutChurnRate")), "");
        row(html, "Churn reduction (relative)", percent(reduction.get("relative")), "absolute " + percent(reduction.get("absolute"))
                + ", " + intervals(reduction.get("cs95"), reduction.get("ci95")));
        row(html, "Customers saved", recovery.get("customersSaved"), "");
        nurture(html, map(report, "nurture"));
        row(html, "Value retained + referrals", totals.get("value"), "");
        row(html, "Cost", totals.get("cost"), "");
        row(html, "ROI", percent(totals.get("roi")), intervals(totals.get("roiCs95"), totals.get("roiCi95")));
        html.append("</table>\n");
        segments(html, map(report, "segments"));
        uplift(html, map(report, "uplift"));
        variants(html, map(report, "variants"));
        timeToContact(html, map(report, "timeToContact"));
        html.append("<figure><figcaption>NPS by decision day</figcaption><svg id=\"nps-chart\" data-chart=\"nps\" width=\"720\" height=\"220\" viewBox=\"0 0 720 220\" role=\"img\" aria-label=\"NPS by day\"></svg></figure>\n");
        html.append("<figure><figcaption>Churn: contacted against held out, and the difference with its anytime-valid 95% interval "
                        + "(black) and fixed-sample one (grey)</figcaption>")
                .append("<svg id=\"churn-chart\" data-chart=\"churn\" width=\"720\" height=\"220\" viewBox=\"0 0 720 220\" role=\"img\" aria-label=\"Churn by arm\"></svg></figure>\n");
        html.append("<figure><figcaption>Value against cost</figcaption><svg id=\"value-chart\" data-chart=\"value\" width=\"720\" height=\"175\" viewBox=\"0 0 720 175\" role=\"img\" aria-label=\"Value against cost\"></svg></figure>\n");
        html.append("<script type=\"application/json\" id=\"report-data\">").append(data).append("</script>\n");
        html.append("<script>\n").append(SCRIPT).append("</script>\n</body></html>\n");
        return html.toString();
    }

    /** Nurture's rows, as recovery's; one row saying why when no passive was in either arm. */
    private static void nurture(StringBuilder html, Map<String, Object> nurture) {
        if (nurture == null || nurture.get("note") != null) {
            row(html, "Passives nurtured", "none", nurture == null ? "" : String.valueOf(nurture.get("note")));
            return;
        }
        var reduction = map(nurture, "churnReduction");
        row(html, "Passives nurtured / held out", nurture.get("treated") + " / " + nurture.get("holdout"), "");
        row(html, "Churn nurtured / held out", percent(nurture.get("treatedChurnRate")) + " / "
                + percent(nurture.get("holdoutChurnRate")), "");
        row(html, "Nurture churn reduction (relative)", percent(reduction.get("relative")), "absolute "
                + percent(reduction.get("absolute")) + ", " + intervals(reduction.get("cs95"), reduction.get("ci95")));
        row(html, "Customers kept by nurture", nurture.get("customersSaved"), "value retained " + nurture.get("retainedValue")
                + ", cost " + nurture.get("cost"));
    }

    /**
     * One table per action with segments: units and customers per arm, the effect with its
     * anytime-valid interval then the fixed one, the return, and the too-small warning under the segment it is about. Four columns
     * of short lines, so a 360 px phone shows them without scrolling sideways.
     */
    private static void segments(StringBuilder html, Map<String, Object> segments) {
        if (segments == null) {
            return;
        }
        var titles = Map.of("recovery", "Recovery by segment", "referral", "Referral by segment", "nurture", "Nurture by segment");
        for (var action : List.of("recovery", "referral", "nurture")) {
            var rows = (List<?>) segments.get(action);
            if (rows == null || rows.isEmpty()) {
                continue;
            }
            boolean referral = action.equals("referral");
            html.append("<h2>").append(titles.get(action)).append("</h2>\n<table class=\"segments\" id=\"segments-").append(action)
                    .append("\">\n<tr><th>Segment</th><th>").append(referral ? "Asked / held out" : "Treated / held out")
                    .append("</th><th>").append(referral ? "Leads, conversions" : "Churn").append("</th><th>Return</th></tr>\n");
            for (var item : rows) {
                @SuppressWarnings("unchecked")
                var row = (Map<String, Object>) item;
                html.append("<tr><th>").append(escape(DIMENSIONS.getOrDefault(String.valueOf(row.get("dimension")), "")))
                        .append(" ").append(escape(row.get("segment"))).append("</th><td>");
                if (referral) {
                    html.append(escape(row.get("askedUnits") + " / " + row.get("holdoutUnits"))).append(" units<br>")
                            .append(escape(row.get("asked") + " / " + row.get("holdout"))).append(" promoters</td><td>asked ")
                            .append(escape(row.get("leads") + ", " + row.get("converted"))).append("<br>held out ")
                            .append(escape(row.get("holdoutLeads") + ", " + row.get("holdoutConverted"))).append("</td><td>value ")
                            .append(escape(row.get("value"))).append(" ").append(escape(amounts(row.get("valueCs95"))))
                            .append(" fixed ").append(escape(amounts(row.get("valueCi95"))));
                } else {
                    var reduction = map(row, "churnReduction");
                    html.append(escape(row.get("treatedUnits") + " / " + row.get("holdoutUnits"))).append(" units<br>")
                            .append(escape(row.get("treated") + " / " + row.get("holdout"))).append(" customers</td><td>")
                            .append(escape(percent(row.get("treatedChurnRate")) + " / " + percent(row.get("holdoutChurnRate"))))
                            .append("<br>reduction ").append(escape(percent(reduction.get("absolute")))).append(" ")
                            .append(escape(interval(reduction.get("cs95")))).append(" fixed ").append(escape(interval(reduction.get("ci95"))))
                            .append("</td><td>retained ").append(escape(row.get("retainedValue")));
                }
                html.append("<br>cost ").append(escape(row.get("cost"))).append("<br>ROI ").append(escape(percent(row.get("roi"))))
                        .append(" ").append(escape(interval(row.get("roiCs95")))).append(" fixed ").append(escape(interval(row.get("roiCi95"))))
                        .append("</td></tr>\n");
                if (row.get("tooSmall") != null) {
                    html.append("<tr><td colspan=\"4\" class=\"warning\">").append(escape(row.get("tooSmall"))).append("</td></tr>\n");
                }
            }
            html.append("</table>\n");
        }
    }

    /**
     * The uplift the policy rations with per action × tier, as the schedule last estimated it:
     * prior, measured and used, and since when the tier is (not) contacted, in the segments' narrow columns.
     */
    private static void uplift(StringBuilder html, Map<String, Object> uplift) {
        if (uplift == null) {
            return;
        }
        html.append("<h2>Uplift per tier</h2>\n<p>Estimated ").append(escape(uplift.get("computedAt")))
                .append("; the policy rations with it when UPLIFT_SOURCE is measured.</p>\n<table class=\"segments\" id=\"uplift\">\n")
                .append("<tr><th>Action, tier</th><th>Prior / measured / used</th><th>Evidence</th><th>Contacted</th></tr>\n");
        for (var item : (List<?>) uplift.get("tiers")) {
            @SuppressWarnings("unchecked")
            var row = (Map<String, Object>) item;
            html.append("<tr><th>").append(escape(row.get("action") + " " + row.get("tier"))).append("</th><td>")
                    .append(escape(row.get("prior") + " / " + (row.get("measured") == null ? "n/a" : row.get("measured")) + " / "
                            + row.get("used"))).append("</td><td>")
                    .append(escape(row.get("treatedUnits") + " / " + row.get("holdoutUnits"))).append(" units</td><td>")
                    .append(escape(row.get("summary"))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static final Map<String, String> DIMENSIONS = Map.of("tier", "Tier", "source", "Source", "survey", "Survey");

    /**
     * Per action with variants: each variant against the holdout, in the segments' four columns
     * with the anytime-valid interval first, then each pair of variants against each other.
     */
    private static void variants(StringBuilder html, Map<String, Object> variants) {
        if (variants == null) {
            return;
        }
        for (var action : List.of("recovery", "referral")) {
            var byAction = map(variants, action);
            var rows = byAction == null ? null : (List<?>) byAction.get("againstHoldout");
            if (rows == null || rows.isEmpty()) {
                continue;
            }
            boolean referral = action.equals("referral");
            html.append("<h2>").append(referral ? "Referral by variant" : "Recovery by variant").append("</h2>\n<p>Each variant against the ")
                    .append("whole holdout: the variants were drawn at random within the treated arm.</p>\n<table class=\"segments\" id=\"variants-")
                    .append(action).append("\">\n<tr><th>Variant</th><th>").append(referral ? "Asked / held out" : "Treated / held out")
                    .append("</th><th>").append(referral ? "Value" : "Churn").append("</th><th>Return</th></tr>\n");
            for (var item : rows) {
                @SuppressWarnings("unchecked")
                var row = (Map<String, Object>) item;
                html.append("<tr><th>").append(escape(row.get("variant"))).append("</th><td>");
                if (referral) {
                    html.append(escape(row.get("askedUnits") + " / " + row.get("holdoutUnits"))).append(" units</td><td>")
                            .append(escape(row.get("value"))).append("<br>anytime ").append(escape(amounts(row.get("valueCs95"))))
                            .append("<br>fixed ").append(escape(amounts(row.get("valueCi95"))));
                } else {
                    var reduction = map(row, "churnReduction");
                    html.append(escape(row.get("treatedUnits") + " / " + row.get("holdoutUnits"))).append(" units</td><td>")
                            .append(escape(percent(row.get("treatedChurnRate")) + " / " + percent(row.get("holdoutChurnRate"))))
                            .append("<br>reduction ").append(escape(percent(reduction.get("absolute"))))
                            .append("<br>anytime ").append(escape(interval(reduction.get("cs95"))))
                            .append("<br>fixed ").append(escape(interval(reduction.get("ci95"))));
                }
                html.append("</td><td>cost ").append(escape(row.get("cost"))).append("<br>ROI ").append(escape(percent(row.get("roi"))))
                        .append("<br>anytime ").append(escape(interval(row.get("roiCs95")))).append("<br>fixed ")
                        .append(escape(interval(row.get("roiCi95")))).append("</td></tr>\n");
                if (row.get("tooSmall") != null) {
                    html.append("<tr><td colspan=\"4\" class=\"warning\">").append(escape(row.get("tooSmall"))).append("</td></tr>\n");
                }
            }
            html.append("</table>\n");
            var pairs = (List<?>) byAction.get("betweenVariants");
            if (pairs == null || pairs.isEmpty()) {
                continue;
            }
            html.append("<table class=\"segments\" id=\"variant-pairs-").append(action).append("\">\n<tr><th>Pair</th><th>")
                    .append(referral ? "First's value per promoter beyond second's" : "First's churn below second's")
                    .append("</th><th>Intervals</th></tr>\n");
            for (var item : pairs) {
                @SuppressWarnings("unchecked")
                var pair = (Map<String, Object>) item;
                var difference = pair.get("difference");
                html.append("<tr><th>").append(escape(pair.get("first"))).append(" against ").append(escape(pair.get("second")))
                        .append("</th><td>").append(escape(referral ? String.valueOf(difference) : percent(difference))).append("</td><td>anytime ")
                        .append(escape(referral ? amounts(pair.get("cs95")) : interval(pair.get("cs95")))).append("<br>fixed ")
                        .append(escape(referral ? amounts(pair.get("ci95")) : interval(pair.get("ci95")))).append("</td></tr>\n");
                if (pair.get("tooSmall") != null) {
                    html.append("<tr><td colspan=\"3\" class=\"warning\">").append(escape(pair.get("tooSmall"))).append("</td></tr>\n");
                }
            }
            html.append("</table>\n");
        }
    }

    /** Churn of treated recovery customers by time to first contact, with the label that says it is not an effect. */
    private static void timeToContact(StringBuilder html, Map<String, Object> timeToContact) {
        if (timeToContact == null) {
            return;
        }
        var buckets = (List<?>) timeToContact.get("buckets");
        if (buckets == null || buckets.stream().allMatch(b -> ((Number) ((Map<?, ?>) b).get("customers")).longValue() == 0)) {
            return;
        }
        html.append("<h2>Recovery churn by time to first contact</h2>\n<p class=\"warning\">")
                .append(escape(timeToContact.get("label"))).append(": customers reached fast differ from those reached late, ")
                .append("so these rates do not say what speed changes (docs/METHOD.md).</p>\n<table class=\"segments\" id=\"time-to-contact\">\n")
                .append("<tr><th>First contact</th><th>Customers (units)</th><th>Churn, Wilson 95%</th></tr>\n");
        for (var item : buckets) {
            @SuppressWarnings("unchecked")
            var bucket = (Map<String, Object>) item;
            html.append("<tr><th>").append(escape(bucket.get("label"))).append("</th><td>").append(escape(bucket.get("customers")))
                    .append(" (").append(escape(bucket.get("units"))).append(")</td><td>").append(escape(percent(bucket.get("churnRate"))))
                    .append("<br>").append(escape(interval(bucket.get("wilson95")))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** A money interval, as the referral value's. */
    private static String amounts(Object bounds) {
        return bounds instanceof List<?> list && list.size() == 2
                ? String.format(java.util.Locale.ROOT, "[%.0f, %.0f]", ((Number) list.get(0)).doubleValue(), ((Number) list.get(1)).doubleValue())
                : "";
    }

    private static void row(StringBuilder html, String label, Object value, String detail) {
        html.append("<tr><th>").append(escape(label)).append("</th><td class=\"n\">").append(escape(value == null ? "n/a" : value))
                .append("</td><td>").append(escape(detail)).append("</td></tr>\n");
    }

    private static String percent(Object fraction) {
        return fraction instanceof Number n ? String.format(java.util.Locale.ROOT, "%.1f%%", n.doubleValue() * 100) : "n/a";
    }

    /** Which interval to read daily, in the page's words: the anytime-valid one. */
    static final String READING = "Read the anytime-valid 95% intervals: they hold the true effect at every look at once, "
            + "however often this report is read, and the warnings judge by them. The fixed-sample 95% intervals beside them "
            + "are right only for one look at a size planned in advance; read daily, they would show an effect that is not "
            + "there far more often than 5% of the time.";

    /** The anytime-valid interval first, the one to read; the fixed-sample one after it. */
    private static String intervals(Object sequence, Object fixed) {
        return "anytime-valid 95% interval " + interval(sequence) + " (read this one daily); fixed-sample 95% interval "
                + interval(fixed) + " (one planned look)";
    }

    private static String interval(Object bounds) {
        return bounds instanceof List<?> list && list.size() == 2 ? "[" + percent(list.get(0)) + ", " + percent(list.get(1)) + "]" : "n/a";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String name) {
        return (Map<String, Object>) body.get(name);
    }

    static String escape(Object value) {
        var text = String.valueOf(value);
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Draws the charts; marks the page {@code data-charts="drawn"} when done, or names the chart that failed. */
    private static final String SCRIPT = """
            (function () {
              var NS = 'http://www.w3.org/2000/svg';
              var report = JSON.parse(document.getElementById('report-data').textContent);
              function el(svg, name, attrs, text) {
                var node = document.createElementNS(NS, name);
                for (var k in attrs) { node.setAttribute(k, attrs[k]); }
                if (text !== undefined) { node.textContent = text; }
                svg.appendChild(node);
                return node;
              }
              function pct(x) { return x === null || x === undefined ? 'n/a' : (x * 100).toFixed(1) + '%'; }
              function nps(svg) {
                var days = report.daily.filter(function (d) { return d.nps !== null; });
                var w = +svg.getAttribute('width'), h = +svg.getAttribute('height'), pad = 36;
                var y = function (v) { return pad / 2 + (100 - v) / 200 * (h - pad); };
                el(svg, 'line', {x1: pad, x2: w - 10, y1: y(0), y2: y(0), stroke: '#99a', 'stroke-dasharray': '4 3'});
                [100, 0, -100].forEach(function (v) { el(svg, 'text', {x: 4, y: y(v) + 4, 'font-size': 11}, String(v)); });
                if (days.length === 0) { el(svg, 'text', {x: w / 2 - 40, y: h / 2}, 'No responses'); return; }
                var step = days.length > 1 ? (w - pad - 20) / (days.length - 1) : 0;
                var points = days.map(function (d, i) { return [pad + 10 + i * step, y(d.nps)]; });
                el(svg, 'polyline', {points: points.map(function (p) { return p.join(','); }).join(' '), fill: 'none',
                  stroke: '#2563eb', 'stroke-width': 2, 'class': 'mark'});
                points.forEach(function (p, i) {
                  var dot = el(svg, 'circle', {cx: p[0], cy: p[1], r: 3, fill: '#2563eb', 'class': 'mark'});
                  el(dot, 'title', {}, days[i].day + ': NPS ' + days[i].nps + ' (' + days[i].responses + ' responses)');
                });
              }
              function churn(svg) {
                var r = report.recovery, w = +svg.getAttribute('width'), h = +svg.getAttribute('height');
                var rates = [['Contacted', r.treatedChurnRate, '#2563eb'], ['Held out', r.holdoutChurnRate, '#9ca3af']];
                var top = Math.max(0.05, r.treatedChurnRate || 0, r.holdoutChurnRate || 0) * 1.25, base = h - 30;
                rates.forEach(function (rate, i) {
                  var v = rate[1] || 0, bh = v / top * (base - 20);
                  el(svg, 'rect', {x: 60 + i * 120, y: base - bh, width: 80, height: bh, fill: rate[2], 'class': 'mark'});
                  el(svg, 'text', {x: 60 + i * 120, y: base + 16, 'font-size': 12}, rate[0] + ' ' + pct(rate[1]));
                });
                // The anytime-valid interval is the one drawn boldly and the one the colour judges by.
                var cs = r.churnReduction.cs95, ci = r.churnReduction.ci95, a = r.churnReduction.absolute;
                var x0 = 360, x1 = w - 30, lo = -0.1, hi = 0.1;
                [cs, ci].forEach(function (b) { if (b) { lo = Math.min(lo, b[0] * 1.2); hi = Math.max(hi, b[1] * 1.2); } });
                var x = function (v) { return x0 + (v - lo) / (hi - lo) * (x1 - x0); }, cy = h / 2;
                var span = function (b) { return b ? '[' + pct(b[0]) + ', ' + pct(b[1]) + ']' : 'n/a'; };
                el(svg, 'line', {x1: x(0), x2: x(0), y1: 20, y2: h - 40, stroke: '#99a', 'stroke-dasharray': '4 3'});
                el(svg, 'text', {x: 20, y: 14, 'font-size': 12}, 'Churn reduction ' + pct(a) +
                  ', anytime-valid 95% interval ' + span(cs) + '; fixed-sample ' + span(ci));
                if (ci) {
                  el(svg, 'line', {x1: x(ci[0]), x2: x(ci[1]), y1: cy + 14, y2: cy + 14, stroke: '#9ca3af', 'stroke-width': 2, 'class': 'mark'});
                }
                if (cs) {
                  el(svg, 'line', {x1: x(cs[0]), x2: x(cs[1]), y1: cy, y2: cy, stroke: '#111', 'stroke-width': 2, 'class': 'mark'});
                  el(svg, 'line', {x1: x(cs[0]), x2: x(cs[0]), y1: cy - 8, y2: cy + 8, stroke: '#111', 'class': 'mark'});
                  el(svg, 'line', {x1: x(cs[1]), x2: x(cs[1]), y1: cy - 8, y2: cy + 8, stroke: '#111', 'class': 'mark'});
                }
                if (cs || ci) {
                  el(svg, 'circle', {cx: x(a), cy: cy, r: 5, fill: cs && cs[0] > 0 ? '#16a34a' : '#e0a800', 'class': 'mark'});
                }
              }
              function value(svg) {
                var t = report.totals, w = +svg.getAttribute('width');
                var top = Math.max(1, t.value, t.cost);
                [['Value', t.value, '#16a34a'], ['Cost', t.cost, '#dc2626']].forEach(function (bar, i) {
                  var bw = Math.max(0, bar[1]) / top * (w - 260);
                  el(svg, 'rect', {x: 80, y: 24 + i * 50, width: bw, height: 32, fill: bar[2], 'class': 'mark'});
                  el(svg, 'text', {x: 10, y: 45 + i * 50, 'font-size': 13}, bar[0]);
                  el(svg, 'text', {x: 90 + bw, y: 45 + i * 50, 'font-size': 12}, Number(bar[1]).toLocaleString('en'));
                });
                el(svg, 'text', {x: 10, y: 145, 'font-size': 13}, 'ROI ' + pct(t.roi));
              }
              var charts = {nps: nps, churn: churn, value: value};
              try {
                document.querySelectorAll('svg[data-chart]').forEach(function (svg) { charts[svg.dataset.chart](svg); });
                document.body.dataset.charts = 'drawn';
              } catch (e) {
                document.body.dataset.charts = 'failed: ' + e;
              }
            })();
            """;
}
