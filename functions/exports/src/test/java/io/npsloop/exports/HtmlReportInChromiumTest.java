package io.npsloop.exports;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.CohortCount;
import io.npsloop.domain.roi.Counter;
import io.npsloop.domain.roi.Interval;
import io.npsloop.domain.roi.RoiReport;
import io.npsloop.domain.roi.Tally;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium (Debian's {@code chromium}, which the CI script
 * installs) and reads back the page as the browser built it: the script ran and drew every chart.
 */
class HtmlReportInChromiumTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path folder;

    @Test
    void theChartsAreDrawn() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("headless Chromium at %s (apt-get install chromium, or set CHROMIUM)", CHROMIUM).isTrue();
        var page = folder.resolve("roi.html");
        Files.writeString(page, HtmlReport.render(studyReport(14)), StandardCharsets.UTF_8);

        var dom = render(page);

        assertThat(dom).contains("data-charts=\"drawn\"");
        assertThat(marks(dom, "nps-chart")).as("a line and one dot per day").isEqualTo(1 + 14);
        assertThat(marks(dom, "churn-chart")).as("two bars, the anytime-valid interval with its ends, the fixed one, the estimate")
                .isEqualTo(2 + 3 + 1 + 1);
        assertThat(marks(dom, "value-chart")).as("value and cost").isEqualTo(2);
        assertThat(dom).contains("Churn reduction 2.0%, anytime-valid 95% interval [0.3%, 3.7%]; fixed-sample [0.9%, 3.1%]")
                .contains("ROI 70.0%");
        // The estimate is green: the interval read daily excludes zero.
        assertThat(dom).containsPattern("<circle[^>]*fill=\"#16a34a\"[^>]*class=\"mark\"");
    }

    @Test
    void textFromTheReportCannotInjectMarkup() {
        var report = studyReport(1);
        report.put("warnings", List.of("<script>alert(1)</script>"));

        var html = HtmlReport.render(report);

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("\\u003cscript>alert(1)\\u003c/script>");
        assertThat(html).doesNotContain("<script>alert(1)");
    }

    @Test
    void nurtureHasItsRowsOrSaysWhyThereAreNone() {
        var counts = singles(Action.NURTURE, Arm.TREATMENT, 80, 48, 80_000).plus(singles(Action.NURTURE, Arm.HOLDOUT, 70, 56, 70_000))
                .plus(Tally.of(Counter.NURTURE_CONTACTS, 80));
        var nurture = RoiReport.of(counts, new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10"),
                new BigDecimal("5"))).nurture();
        var reduction = new LinkedHashMap<String, Object>();
        reduction.put("absolute", nurture.churnReduction().absolute());
        reduction.put("relative", nurture.churnReduction().relative());
        reduction.put("ci95", List.of(nurture.churnReduction().ci95().lower(), nurture.churnReduction().ci95().upper()));
        reduction.put("cs95", List.of(nurture.churnReduction().cs95().lower(), nurture.churnReduction().cs95().upper()));
        var section = new LinkedHashMap<String, Object>();
        section.put("treated", nurture.treated());
        section.put("holdout", nurture.holdout());
        section.put("treatedChurnRate", nurture.treatedChurnRate());
        section.put("holdoutChurnRate", nurture.holdoutChurnRate());
        section.put("churnReduction", reduction);
        section.put("customersSaved", nurture.customersSaved());
        section.put("retainedValue", nurture.retainedValue());
        section.put("cost", nurture.cost());
        var measured = studyReport(1);
        measured.put("nurture", section);
        var off = studyReport(1);
        off.put("nurture", Map.of("treated", 0, "holdout", 0, "note", "No passive was nurtured or held out in this period."));

        assertThat(HtmlReport.render(measured))
                .contains("<th>Passives nurtured / held out</th><td class=\"n\">80 / 70</td>")
                .contains("<th>Churn nurtured / held out</th><td class=\"n\">60.0% / 80.0%</td>")
                .contains("<th>Nurture churn reduction (relative)</th><td class=\"n\">25.0%</td><td>absolute 20.0%, anytime-valid 95% "
                        + "interval " + percents(nurture.churnReduction().cs95()) + " (read this one daily); fixed-sample 95% interval "
                        + "[5.2%, 33.4%] (one planned look)</td>")
                .contains(HtmlReport.escape(HtmlReport.READING))
                .contains("<th>Customers kept by nurture</th><td class=\"n\">16.0</td><td>value retained 16000.00, cost 400.00</td>");
        assertThat(HtmlReport.render(off))
                .contains("<th>Passives nurtured</th><td class=\"n\">none</td><td>No passive was nurtured or held out in this period.</td>")
                .doesNotContain("Nurture churn reduction");
    }

    @Test
    void eachActionsSegmentsAreATableThatFitsAPhone() throws Exception {
        var report = studyReport(3);
        var recovery = new ArrayList<Map<String, Object>>();
        recovery.add(churnRow("tier", "high", 400, 380, 400, 380, 0.1, 0.2, List.of(0.05, 0.15), "8000.00", "600.00", 12.33,
                List.of(5.1, 19.2), null));
        recovery.add(churnRow("survey", "relationship-nps-2026-q4-enterprise-accounts-europe-and-middle-east", 12, 3, 20, 4, 0.25,
                0.5, List.of(-0.2, 0.6), "100.00", "240.00", -0.58, List.of(-1.5, 2.0),
                "Too small to say anything: fewer than 30 units (accounts, or customers without one) in an arm (12 treated, 3 held out)."));
        var referral = new LinkedHashMap<String, Object>();
        referral.put("dimension", "source");
        referral.put("segment", "typeform");
        referral.put("asked", 40);
        referral.put("holdout", 40);
        referral.put("askedUnits", 40);
        referral.put("holdoutUnits", 40);
        referral.put("leads", 4);
        referral.put("converted", 4);
        referral.put("holdoutLeads", 2);
        referral.put("holdoutConverted", 2);
        referral.put("value", "2000.00");
        referral.put("valueCi95", List.of(-1200.4, 5200.6));
        referral.put("valueCs95", widened(List.of(-1200.4, 5200.6)));
        referral.put("cost", "400.00");
        referral.put("roi", 4.0);
        referral.put("roiCi95", List.of(-4.0, 12.0));
        referral.put("roiCs95", widened(List.of(-4.0, 12.0)));
        referral.put("tooSmall", null);
        report.put("segments", Map.of("recovery", recovery, "referral", List.of(referral), "nurture", List.of()));
        var page = folder.resolve("segments.html");
        // Headless Chromium's window is at least 500 px wide, so the page is laid out in a 360 px frame
        // (srcdoc: the frame shares the probe's origin) and the probe reads how wide its content is.
        var served = HtmlReport.render(report);
        Files.writeString(page, "<!doctype html><html><body style=\"margin:0\"><iframe id=\"phone\" width=\"360\" height=\"2400\" "
                + "style=\"border:0\" srcdoc=\"" + HtmlReport.escape(served) + "\"></iframe><script>"
                + "document.getElementById('phone').addEventListener('load', function () { var d = this.contentDocument;"
                + " document.body.dataset.width = d.documentElement.scrollWidth; document.body.dataset.framed = d.body.dataset.charts; });"
                + "</script></body></html>", StandardCharsets.UTF_8);

        var probe = render(page);
        var dom = HtmlReport.render(report);

        var width = Pattern.compile("data-width=\"(\\d+)\"").matcher(probe);
        assertThat(width.find()).as("the frame loaded").isTrue();
        assertThat(Integer.parseInt(width.group(1))).as("page width in a 360 px frame").isLessThanOrEqualTo(360);
        assertThat(probe).as("the frame's charts were drawn").contains("data-framed=\"drawn\"");
        assertThat(dom).contains("<h2>Recovery by segment</h2>").contains("<h2>Referral by segment</h2>")
                .doesNotContain("Nurture by segment")
                .contains("<th>Tier high</th><td>400 / 380 units<br>400 / 380 customers</td><td>10.0% / 20.0%<br>reduction 10.0% [2.5%, 17.5%] fixed [5.0%, 15.0%]</td>"
                        + "<td>retained 8000.00<br>cost 600.00<br>ROI 1233.0% [157.5%, 2272.5%] fixed [510.0%, 1920.0%]</td>")
                .contains("<td colspan=\"4\" class=\"warning\">Too small to say anything: fewer than 30 units")
                .contains("<th>Source typeform</th><td>40 / 40 units<br>40 / 40 promoters</td><td>asked 4, 4<br>held out 2, 2</td>"
                        + "<td>value 2000.00 [-2801, 6801] fixed [-1200, 5201]<br>cost 400.00<br>ROI 400.0% [-800.0%, 1600.0%] fixed [-400.0%, 1200.0%]</td>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void variantsAndTimeToContactAreTablesThatFitAPhoneAndSayWhatTheyAre() throws Exception {
        var report = studyReport(3);
        var call = churnRow("variant", "call+concession-with-a-long-playbook-name", 400, 380, 400, 380, 0.1, 0.2, List.of(0.05, 0.15),
                "8000.00", "600.00", 12.33, List.of(5.1, 19.2), null);
        call.remove("dimension");
        call.put("variant", call.remove("segment"));
        call.put("roiCs95", List.of(2.5, 22.0));
        ((Map<String, Object>) call.get("churnReduction")).put("cs95", List.of(0.02, 0.18));
        var pair = new LinkedHashMap<String, Object>();
        pair.put("first", "call+concession-with-a-long-playbook-name");
        pair.put("second", "email");
        pair.put("difference", 0.05);
        pair.put("ci95", List.of(-0.01, 0.11));
        pair.put("cs95", List.of(-0.04, 0.14));
        pair.put("tooSmall", "Too small to say anything: fewer than 30 units (accounts, or customers without one) in a variant (400 call, 12 email).");
        report.put("variants", Map.of("recovery", Map.of("againstHoldout", List.of(call), "betweenVariants", List.of(pair)),
                "referral", Map.of("againstHoldout", List.of(), "betweenVariants", List.of())));
        var buckets = new ArrayList<Map<String, Object>>();
        for (var label : List.of("under 1 hour", "1 to 4 hours", "4 to 24 hours", "1 to 3 days", "over 3 days", "never contacted")) {
            var bucket = new LinkedHashMap<String, Object>();
            bucket.put("label", label);
            bucket.put("units", 30);
            bucket.put("customers", 42);
            bucket.put("churnRate", 0.125);
            bucket.put("wilson95", List.of(0.05, 0.26));
            buckets.add(bucket);
        }
        report.put("timeToContact", Map.of("label", "observational: not a randomized comparison", "buckets", buckets));
        var page = folder.resolve("variants.html");
        var served = HtmlReport.render(report);
        Files.writeString(page, "<!doctype html><html><body style=\"margin:0\"><iframe id=\"phone\" width=\"360\" height=\"2400\" "
                + "style=\"border:0\" srcdoc=\"" + HtmlReport.escape(served) + "\"></iframe><script>"
                + "document.getElementById('phone').addEventListener('load', function () { var d = this.contentDocument;"
                + " document.body.dataset.width = d.documentElement.scrollWidth; document.body.dataset.framed = d.body.dataset.charts; });"
                + "</script></body></html>", StandardCharsets.UTF_8);

        var probe = render(page);

        var width = Pattern.compile("data-width=\"(\\d+)\"").matcher(probe);
        assertThat(width.find()).as("the frame loaded").isTrue();
        assertThat(Integer.parseInt(width.group(1))).as("page width in a 360 px frame").isLessThanOrEqualTo(360);
        assertThat(served).contains("<h2>Recovery by variant</h2>").doesNotContain("Referral by variant")
                .contains("<th>call+concession-with-a-long-playbook-name</th><td>400 / 380 units</td><td>10.0% / 20.0%<br>reduction 10.0%"
                        + "<br>anytime [2.0%, 18.0%]<br>fixed [5.0%, 15.0%]</td><td>cost 600.00<br>ROI 1233.0%<br>anytime [250.0%, 2200.0%]"
                        + "<br>fixed [510.0%, 1920.0%]</td>")
                .contains("<th>call+concession-with-a-long-playbook-name against email</th><td>5.0%</td><td>anytime [-4.0%, 14.0%]"
                        + "<br>fixed [-1.0%, 11.0%]</td>")
                .contains("in a variant (400 call, 12 email).")
                .contains("<h2>Recovery churn by time to first contact</h2>\n<p class=\"warning\">observational: not a randomized comparison")
                .contains("<th>never contacted</th><td>42 (30)</td><td>12.5%<br>[5.0%, 26.0%]</td>");
    }

    private static Map<String, Object> churnRow(String dimension, String segment, long treatedUnits, long holdoutUnits, long treated,
                                                long holdout, double treatedRate, double holdoutRate, List<Double> ci, String retained,
                                                String cost, double roi, List<Double> roiCi, String tooSmall) {
        var reduction = new LinkedHashMap<String, Object>();
        reduction.put("absolute", holdoutRate - treatedRate);
        reduction.put("ci95", ci);
        reduction.put("cs95", widened(ci));
        var row = new LinkedHashMap<String, Object>();
        row.put("dimension", dimension);
        row.put("segment", segment);
        row.put("treated", treated);
        row.put("holdout", holdout);
        row.put("treatedUnits", treatedUnits);
        row.put("holdoutUnits", holdoutUnits);
        row.put("treatedChurnRate", treatedRate);
        row.put("holdoutChurnRate", holdoutRate);
        row.put("churnReduction", reduction);
        row.put("retainedValue", retained);
        row.put("cost", cost);
        row.put("roi", roi);
        row.put("roiCi95", roiCi);
        row.put("roiCs95", widened(roiCi));
        row.put("tooSmall", tooSmall);
        return row;
    }

    /** An anytime-valid interval for the fixture: the fixed one, half as wide again on each side. */
    private static List<Double> widened(List<Double> fixed) {
        double half = (fixed.get(1) - fixed.get(0)) / 4;
        return List.of(fixed.get(0) - half, fixed.get(1) + half);
    }

    private static String percents(Interval interval) {
        return String.format(java.util.Locale.ROOT, "[%.1f%%, %.1f%%]", interval.lower() * 100, interval.upper() * 100);
    }

    private String render(Path page, String... options) throws Exception {
        var command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + folder.resolve("profile"), "--virtual-time-budget=5000"));
        command.addAll(List.of(options));
        command.addAll(List.of("--dump-dom", page.toUri().toString()));
        var process = new ProcessBuilder(command).redirectError(folder.resolve("chromium.log").toFile()).start();
        var dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).as("Chromium printed the page; its log: %s", folder.resolve("chromium.log")).contains("</html>");
        return dom;
    }

    /** Elements drawn into one chart, counted in the DOM the browser built. */
    private static int marks(String dom, String chart) {
        var svg = Pattern.compile("<svg id=\"" + chart + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertThat(svg.find()).as(chart).isTrue();
        var matcher = Pattern.compile("class=\"mark\"").matcher(svg.group());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** {@code units} customers alone in their unit, {@code churned} of whom left, as unit cohorts count them. */
    private static Tally singles(Action action, Arm arm, long units, long churned, long value) {
        var left = new CohortCount(action, arm, LocalDate.parse("2026-11-01"), 1, BigDecimal.ZERO, 1, 0, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO).counts();
        var stayed = new CohortCount(action, arm, LocalDate.parse("2026-11-01"), 1, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO).counts();
        var sums = new EnumMap<Counter, BigDecimal>(Counter.class);
        left.values().forEach((counter, v) -> sums.merge(counter, v.multiply(BigDecimal.valueOf(churned)), BigDecimal::add));
        stayed.values().forEach((counter, v) -> sums.merge(counter, v.multiply(BigDecimal.valueOf(units - churned)), BigDecimal::add));
        sums.put(Counter.of(action, arm, Counter.Measure.MEMBER_VALUE), BigDecimal.valueOf(value));
        return Tally.of(sums);
    }

    /** The study's figures, as the report function would give them, with a daily series. */
    private static Map<String, Object> studyReport(int days) {
        var counts = Tally.of(Counter.RESPONSES, 20_000).plus(Tally.of(Counter.DETRACTORS, 20_000))
                .plus(Tally.of(Counter.RECOVERY_CONTACTS, 10_000))
                .plus(singles(Action.RECOVERY, Arm.TREATMENT, 10_000, 1_800, 17_000_000))
                .plus(singles(Action.RECOVERY, Arm.HOLDOUT, 10_000, 2_000, 17_000_000));
        var report = RoiReport.of(counts, new RoiReport.Assumptions(new BigDecimal("20"), new BigDecimal("10")));
        var body = new LinkedHashMap<String, Object>();
        body.put("period", Map.of("from", "2026-11-01", "to", "2026-11-14"));
        body.put("nps", Map.of("score", report.nps().score(), "responses", 20_000, "promoters", 0, "passives", 0, "detractors", 20_000));
        var reduction = new LinkedHashMap<String, Object>();
        reduction.put("absolute", report.recovery().churnReduction().absolute());
        reduction.put("relative", report.recovery().churnReduction().relative());
        var ci = report.recovery().churnReduction().ci95();
        reduction.put("ci95", List.of(ci.lower(), ci.upper()));
        var cs = report.recovery().churnReduction().cs95();
        reduction.put("cs95", List.of(cs.lower(), cs.upper()));
        var recovery = new LinkedHashMap<String, Object>();
        recovery.put("treated", 10_000);
        recovery.put("holdout", 10_000);
        recovery.put("treatedChurnRate", report.recovery().treatedChurnRate());
        recovery.put("holdoutChurnRate", report.recovery().holdoutChurnRate());
        recovery.put("churnReduction", reduction);
        recovery.put("customersSaved", report.recovery().customersSaved());
        body.put("recovery", recovery);
        var totals = new LinkedHashMap<String, Object>();
        totals.put("value", report.totals().value());
        totals.put("cost", report.totals().cost());
        totals.put("roi", report.totals().roi());
        totals.put("roiCi95", List.of(report.totals().roiCi95().lower(), report.totals().roiCi95().upper()));
        totals.put("roiCs95", List.of(report.totals().roiCs95().lower(), report.totals().roiCs95().upper()));
        body.put("totals", totals);
        body.put("warnings", report.warnings());
        var daily = new ArrayList<Map<String, Object>>();
        for (int d = 0; d < days; d++) {
            daily.add(Map.of("day", "2026-11-" + String.format("%02d", d + 1), "responses", 100, "nps", -60.0 + d * 3));
        }
        body.put("daily", daily);
        return body;
    }
}
