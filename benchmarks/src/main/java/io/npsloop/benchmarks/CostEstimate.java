package io.npsloop.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a million responses would cost in AWS, from this run's figures and public list prices for
 * us-east-1 (free tiers left out). BENCHMARKS.md cites the pricing pages.
 */
final class CostEstimate {

    /** us-east-1 list prices, USD. */
    static final double API_GATEWAY_HTTP_PER_REQUEST = 1.00 / 1e6;
    static final double LAMBDA_PER_REQUEST = 0.20 / 1e6;
    static final double LAMBDA_ARM_PER_GB_SECOND = 0.0000133334;
    static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1e6;
    static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1e6;
    static final double SNS_PER_PUBLISH = 0.50 / 1e6;
    static final double SNS_PER_EMAIL = 2.00 / 1e5;

    /** template.yaml: MemorySize 1024 on arm64. */
    static final double MEMORY_GB = 1.0;
    /** Share of invocations that start a new execution environment; AWS reports under 1% in production. */
    static final double COLD_SHARE = 0.01;

    record Line(String item, String basis, double usd) {}

    record Estimate(List<Line> lines, double total, double emailPerMillion) {}

    static Estimate of(WriteCost.Result writes, WarmOverhead.Result warm, ColdStart.Result cold) {
        double million = 1e6;
        double deliveries = (double) writes.deliveries() / writes.responses();
        double published = (double) writes.published() / writes.responses();
        double dispatched = (double) writes.dispatchMs().size() / writes.responses();
        double ingestMs = billedMean(warm.handlerMs());
        double dispatchMs = billedMean(writes.dispatchMs());
        double ingestColdMs = cold == null ? 0 : cold.ingest().jvm().median();
        double dispatchColdMs = cold == null ? 0 : cold.dispatch().jvm().median();
        double writeUnits = writes.documentedWriteUnits() / writes.responses();
        double readUnits = writes.readUnits() / writes.responses();

        var lines = new ArrayList<Line>();
        lines.add(new Line("API Gateway HTTP API requests",
                f("%.2f requests per response (redeliveries included) × $1.00 per million", deliveries),
                million * deliveries * API_GATEWAY_HTTP_PER_REQUEST));
        lines.add(new Line("Lambda ingest requests", f("%.2f × $0.20 per million", deliveries),
                million * deliveries * LAMBDA_PER_REQUEST));
        lines.add(new Line("Lambda ingest duration",
                f("%.1f ms billed mean warm, + %.0f%% cold × %.0f ms, × 1 GB × $0.0000133334 per GB-s",
                        ingestMs, COLD_SHARE * 100, ingestColdMs),
                million * deliveries * gbSeconds(ingestMs + COLD_SHARE * ingestColdMs) * LAMBDA_ARM_PER_GB_SECOND));
        lines.add(new Line("Lambda dispatch requests",
                f("%.3f stream records per response pass the filter, one invocation each (upper bound; batches of up to 25 cost less)", dispatched),
                million * dispatched * LAMBDA_PER_REQUEST));
        lines.add(new Line("Lambda dispatch duration",
                f("%.1f ms billed mean per record, + %.0f%% cold × %.0f ms", dispatchMs, COLD_SHARE * 100, dispatchColdMs),
                million * dispatched * gbSeconds(dispatchMs + COLD_SHARE * dispatchColdMs) * LAMBDA_ARM_PER_GB_SECOND));
        double counted = (double) writes.counterRecords() / writes.responses();
        double countersMsPerResponse = writes.countersMs() / writes.responses();
        lines.add(new Line("Lambda counters requests",
                f("%.2f stream records per response pass its filter; at most one invocation each (batches of up to 1,000 cost less)", counted),
                million * counted * LAMBDA_PER_REQUEST));
        lines.add(new Line("Lambda counters duration",
                f("%.2f ms of handler time per response, summed over its batches", countersMsPerResponse),
                million * gbSeconds(countersMsPerResponse) * LAMBDA_ARM_PER_GB_SECOND));
        lines.add(new Line("DynamoDB writes (on-demand)",
                f("%.2f write units per response × $0.625 per million", writeUnits),
                million * writeUnits * DYNAMODB_PER_WRITE_UNIT));
        lines.add(new Line("DynamoDB reads (on-demand)",
                f("%.2f read units per response × $0.125 per million", readUnits),
                million * readUnits * DYNAMODB_PER_READ_UNIT));
        lines.add(new Line("DynamoDB Streams reads by Lambda", "free for Lambda triggers", 0));
        lines.add(new Line("SNS publishes", f("%.3f per response × $0.50 per million; SQS deliveries free", published),
                million * published * SNS_PER_PUBLISH));
        double total = lines.stream().mapToDouble(Line::usd).sum();
        return new Estimate(lines, total, million * published * SNS_PER_EMAIL);
    }

    static void print(Estimate estimate, PrintStream out) {
        out.println("| item | basis | USD per 1M responses |");
        out.println("|---|---|---:|");
        for (var line : estimate.lines()) {
            out.printf(Locale.ROOT, "| %s | %s | %.2f |%n", line.item(), line.basis(), line.usd());
        }
        out.printf(Locale.ROOT, "| **total** | us-east-1 list prices, free tiers not counted | **%.2f** |%n", estimate.total());
        out.printf(Locale.ROOT, "| (optional) SNS email deliveries | one email per follow-up × $2.00 per 100,000 | %.2f |%n",
                estimate.emailPerMillion());
    }

    /** Lambda bills each invocation rounded up to the millisecond. */
    private static double billedMean(List<Double> ms) {
        return ms.stream().mapToDouble(Math::ceil).average().orElse(0);
    }

    private static double gbSeconds(double ms) {
        return MEMORY_GB * ms / 1000.0;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
