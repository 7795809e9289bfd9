package io.npsloop.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.npsloop.benchmarks.launch.ColdLauncher;
import io.npsloop.config.Settings;
import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamRecordConverter;
import io.npsloop.report.CountersFunction;
import io.npsloop.report.ReportFunction;
import io.npsloop.table.ResponseItem;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ROI report latency and read units at two scales: the counters of 10,000 and of 1,000,000
 * responses over 30 days each, fed to the counters function in the same number of stream batches
 * (so every day's counter slots are in use in both, as under steady traffic), then the report over
 * each period asked for in turn by the report function, warm.
 *
 * <p>Both periods are in one table: DynamoDB Local answers queries on a table created later more
 * slowly (about 1.35× here, whichever scale it held), which would otherwise be measured as scale.
 * Only the counters are written: the report reads nothing else, however many response items the
 * table holds beside them.
 */
final class ReportScaling {

    static final int DAYS = 30;
    static final int BATCHES = 100;
    static final int SLOTS = 8;

    record Scale(int responses, int itemsRead, double readUnits, Stats latencyMs) {}

    record Result(Scale small, Scale large, int requests) {
        double latencyRatio() {
            return large.latencyMs().median() / small.latencyMs().median();
        }

        double readRatio() {
            return large.readUnits() / small.readUnits();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The functions' log lines: thousands of them would bury the figures. */
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    private final LocalAws aws;
    private final PrintStream out;

    ReportScaling(LocalAws aws, PrintStream out) {
        this.aws = aws;
        this.out = out;
    }

    /** The two reports are asked for in turn, so both meet the same JVM, emulator and machine state. */
    Result run(int requests, int warmup) {
        var stack = Wiring.provision(aws, "bench-report-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(stack.env());
        env.put("COUNTER_SLOTS", Integer.toString(SLOTS));
        var settings = new Settings(env);
        var counters = new CountersFunction(settings);
        var report = new ReportFunction(settings);
        var yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        var small = feed(10_000, yesterday.minusDays(2 * DAYS + 30), counters, report);
        var large = feed(1_000_000, yesterday.minusDays(DAYS - 1), counters, report);
        var smallMs = new ArrayList<Double>(requests);
        var largeMs = new ArrayList<Double>(requests);
        for (int i = 0; i < warmup + requests; i++) {
            boolean smallFirst = i % 2 == 0;
            double a = (smallFirst ? small : large).ask();
            double b = (smallFirst ? large : small).ask();
            if (i >= warmup) {
                smallMs.add(smallFirst ? a : b);
                largeMs.add(smallFirst ? b : a);
            }
        }
        return new Result(small.scale(Stats.of(smallMs)), large.scale(Stats.of(largeMs)), requests);
    }

    /** A table holding one scale's counters, and its report function. */
    private final class Fed {
        final int responses;
        final ReportFunction report;
        final APIGatewayV2HTTPEvent request;
        Map<String, Object> meta;

        Fed(int responses, ReportFunction report, APIGatewayV2HTTPEvent request) {
            this.responses = responses;
            this.report = report;
            this.request = request;
        }

        /** One report, checked on the first call; its time in ms. */
        double ask() {
            long start = System.nanoTime();
            var answer = report.handleRequest(request, new LocalContext("report", QUIET));
            long nanos = System.nanoTime() - start;
            if (answer.getStatusCode() != 200) {
                throw new IllegalStateException("the report answered " + answer.getStatusCode() + ": " + answer.getBody());
            }
            if (meta == null) {
                var body = read(answer.getBody());
                long counted = ((Number) ((Map<?, ?>) body.get("nps")).get("responses")).longValue();
                if (counted != responses) {
                    throw new IllegalStateException("the report counted " + counted + " responses, not " + responses);
                }
                meta = cast(body.get("meta"));
            }
            return nanos / 1e6;
        }

        Scale scale(Stats latency) {
            var scale = new Scale(responses, ((Number) meta.get("countersRead")).intValue(),
                    ((Number) meta.get("readUnits")).doubleValue(), latency);
            out.printf(java.util.Locale.ROOT, "  report over %d days at %,d responses: %d counter items, %.1f read units;"
                            + " %d requests: median %s ms, p95 %s ms%n",
                    DAYS, responses, scale.itemsRead(), scale.readUnits(), latency.count(),
                    Stats.ms(latency.median()), Stats.ms(latency.p95()));
            return scale;
        }
    }

    private Fed feed(int responses, LocalDate from, CountersFunction counters, ReportFunction report) {
        var to = from.plusDays(DAYS - 1);

        long fed = System.nanoTime();
        var images = new ArrayList<Map<String, AttributeValue>>(DAYS);
        for (int d = 0; d < DAYS; d++) {
            images.add(StreamRecordConverter.toLambdaItem(ResponseItem.toItem(response(d, from.plusDays(d)), Duration.ofDays(1))));
        }
        int perBatch = responses / BATCHES;
        long sequence = 1;
        for (int b = 0; b < BATCHES; b++) {
            var records = new ArrayList<DynamodbEvent.DynamodbStreamRecord>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                records.add(insert(images.get(i % DAYS), sequence++));
            }
            var event = new DynamodbEvent();
            event.setRecords(records);
            if (!counters.handleRequest(event, new LocalContext("counters", QUIET)).getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the counters function refused a batch");
            }
        }
        out.printf("  %,d responses counted in %d batches (%.0f s)%n", responses, BATCHES, (System.nanoTime() - fed) / 1e9);

        return new Fed(responses, report, ColdLauncher.reportRequest(from.toString(), to.toString()));
    }

    /** One response per day, the category turning with the day; only its day and counts matter here. */
    private static ResponseRecord response(int d, LocalDate day) {
        var category = Category.values()[d % 3];
        int score = category == Category.PROMOTER ? 10 : category == Category.PASSIVE ? 7 : 2;
        var at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        var response = new SurveyResponse(new ResponseKey("generic", "r-" + d), "nps",
                new Respondent("cust-" + d, null, null, null, "en", new BigDecimal("100")), new Score(score), null, at);
        return new ResponseRecord(response, ValueTier.LOW, new FollowUpDecision.NoFollowUp("benchmark"), at);
    }

    private static DynamodbEvent.DynamodbStreamRecord insert(Map<String, AttributeValue> image, long sequence) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventID(UUID.randomUUID().toString());
        var change = new StreamRecord();
        change.setSequenceNumber(Long.toString(sequence));
        change.setNewImage(image);
        record.setDynamodb(change);
        return record;
    }

    private static Map<String, Object> read(String body) {
        try {
            return cast(JSON.readValue(body, Map.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the report's answer is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    static List<String> summaryRows(Result r) {
        return List.of(
                String.format(java.util.Locale.ROOT,
                        "| report over %d days, 10,000 responses: ms median / p95 (%d warm requests); counter items, read units | %s / %s; %d items, %.1f units | | |",
                        DAYS, r.requests(), Stats.ms(r.small().latencyMs().median()), Stats.ms(r.small().latencyMs().p95()),
                        r.small().itemsRead(), r.small().readUnits()),
                String.format(java.util.Locale.ROOT,
                        "| report over %d days, 1,000,000 responses: ms median / p95; counter items, read units | %s / %s; %d items, %.1f units | | |",
                        DAYS, Stats.ms(r.large().latencyMs().median()), Stats.ms(r.large().latencyMs().p95()),
                        r.large().itemsRead(), r.large().readUnits()),
                String.format(java.util.Locale.ROOT,
                        "| **report at 1M / at 10k** (latency medians; read units) | **%.2f×**; %.2f× | ≤ 1.2× | %s |",
                        r.latencyRatio(), r.readRatio(),
                        r.latencyRatio() <= 1.2 && r.readRatio() <= 1.2 ? "yes" : "no"));
    }
}
