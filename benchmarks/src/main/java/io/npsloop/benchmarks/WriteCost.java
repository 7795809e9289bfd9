package io.npsloop.benchmarks;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import io.npsloop.report.CountersFunction;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DynamoDB units per ingested response: a seeded mix of webhooks through the ingest path, then
 * the table's stream through the dispatch path and through the counters function, each with the
 * template's filter and batch size.
 *
 * <p>Write units are priced by the documented rules from the stream's before and after images
 * (see {@link StreamUnits}); conditional writes that were refused (a retry's put of a response
 * already stored) change nothing but are billed, at least one unit each. Every call also asks for
 * ReturnConsumedCapacity and the reported figures are printed beside them: DynamoDB Local reports
 * reads by the rules, but its figures for writes are not (4 units per KB for some transactions,
 * 4 in all for others of the same shape, 2 for some standard writes under 1 KB), so they are
 * shown, not used.
 */
final class WriteCost {

    record Result(
            int responses,
            int deliveries,
            Map<String, Integer> outcomes,
            Map<String, CapacityMeter.Tally> ingest,
            Map<String, CapacityMeter.Tally> dispatch,
            Map<String, CapacityMeter.Tally> counters,
            StreamUnits.Tally ingestWrites,
            StreamUnits.Tally dispatchWrites,
            StreamUnits.Tally counterWrites,
            long refusedIngestWrites,
            List<Integer> putSizes,
            int published,
            // Time per stream record that passed the filter: each one Lambda would deliver.
            List<Double> dispatchMs,
            // Stream records that passed the counters' filter, and the counters function's time for all of them.
            int counterRecords,
            double countersMs,
            double seconds) {

        /** Write units by the documented rules: ingest (refused puts included), dispatch and counters. */
        double documentedWriteUnits() {
            return ingestWrites.totalUnits() + refusedIngestWrites + dispatchWrites.totalUnits() + counterWrites.totalUnits();
        }

        double ingestWriteUnitsPerResponse() {
            return (double) (ingestWrites.totalUnits() + refusedIngestWrites) / responses;
        }

        double counterWriteUnitsPerResponse() {
            return (double) counterWrites.totalUnits() / responses;
        }

        double dispatchWriteUnitsPerResponse() {
            return (double) dispatchWrites.totalUnits() / responses;
        }

        /** What DynamoDB Local reported for every write call. */
        double localWriteUnits() {
            double sum = 0;
            for (var m : List.of(ingest, dispatch, counters)) {
                for (var op : List.of("TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem")) {
                    sum += units(m, op);
                }
            }
            return sum;
        }

        /** Reads as reported; DynamoDB Local prices these by the rules (1 per 4 KB, strongly consistent). */
        double readUnits() {
            double sum = 0;
            for (var m : List.of(ingest, dispatch, counters)) {
                for (var op : List.of("GetItem", "Query", "TransactGetItems", "BatchGetItem")) {
                    sum += units(m, op);
                }
            }
            return sum;
        }

        long refusedTransactions() {
            var t = ingest.get("TransactWriteItems");
            return t == null ? 0 : t.failed;
        }

        static double units(Map<String, CapacityMeter.Tally> m, String op) {
            var t = m.get(op);
            return t == null ? 0 : t.units;
        }

        static long calls(Map<String, CapacityMeter.Tally> m, String op) {
            var t = m.get(op);
            return t == null ? 0 : t.calls - t.failed;
        }
    }

    private final LocalAws aws;
    private final PrintStream out;

    WriteCost(LocalAws aws, PrintStream out) {
        this.aws = aws;
        this.out = out;
    }

    Result run(int responses, long seed) {
        long started = System.nanoTime();
        var stack = Wiring.provision(aws, "bench-writes-" + Long.toString(System.currentTimeMillis(), 36));
        var meter = new CapacityMeter();
        var client = Wiring.dynamoDb(stack.env(), meter);
        var intake = Wiring.ingest(stack.env(), client);
        var priced = new StreamUnits(aws.dynamoDbStreams(), stack.resources().streamArn(), meter);
        var deliveries = new Webhooks(seed, responses).mixed(responses, 0.02);

        Map<String, Integer> outcomes = new TreeMap<>();
        int done = 0;
        for (var delivery : deliveries) {
            var answer = intake.handle(Webhooks.SOURCE, Webhooks.signedHeaders(delivery.body()), delivery.body(), false);
            if (answer.status() >= 400) {
                throw new IllegalStateException("ingest answered " + answer.status() + ": " + answer.body());
            }
            outcomes.merge(outcome(answer.outcome(), answer.body()), 1, Integer::sum);
            if (++done % 2000 == 0) {
                out.printf("  ingested %d of %d deliveries%n", done, deliveries.size());
            }
        }
        var ingest = meter.snapshot();
        var putSizes = meter.putSizes();
        long refused = meter.refusedStandardWrites();
        var ingestWrites = priced.readNew();
        meter.reset();

        var dispatchMs = new ArrayList<Double>();
        int[] sent = {0};
        var handler = Wiring.dispatch(aws, stack.env(), client, (nanos, published) -> {
            dispatchMs.add(nanos / 1e6);
            sent[0] += published ? 1 : 0;
        });
        try (var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), stack.resources().streamArn(),
                handler, StreamEventSource.Options.defaults(stack.resources().deadLetterQueueUrl()))) {
            stream.drain(Duration.ofSeconds(2));
        }
        var dispatch = meter.snapshot();
        var dispatchWrites = priced.readNew();
        meter.reset();
        int published = sent[0];
        out.printf("  dispatch handled %d stream records, published %d follow-ups%n", dispatchMs.size(), published);

        // The report's counters read the same stream from its start, as their own consumer does.
        var settings = new Settings(stack.env());
        var counters = new CountersFunction(settings, new AwsClients(settings, List.of(meter)));
        int[] counterRecords = {0};
        long[] countersNanos = {0};
        try (var stream = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), stack.resources().streamArn(),
                event -> {
                    long start = System.nanoTime();
                    var answer = counters.handleRequest(event, new LocalContext("counters"));
                    countersNanos[0] += System.nanoTime() - start;
                    counterRecords[0] += event.getRecords().size();
                    return answer;
                },
                StreamEventSource.Options.counters(stack.resources().deadLetterQueueUrl()))) {
            stream.drain(Duration.ofSeconds(2));
        }
        var countersCalls = meter.snapshot();
        var counterWrites = priced.readNew();
        client.close();
        out.printf("  counters applied the stream in %d transactions%n", WriteCost.Result.calls(countersCalls, "TransactWriteItems"));
        return new Result(responses, deliveries.size(), outcomes, ingest, dispatch, countersCalls, ingestWrites, dispatchWrites,
                counterWrites, refused, putSizes, published, dispatchMs, counterRecords[0], countersNanos[0] / 1e6,
                (System.nanoTime() - started) / 1e9);
    }

    /** accepted/pending, accepted/holdout, duplicate, ... from the answer the sender gets. */
    private static String outcome(String outcome, String body) {
        int at = body.indexOf("\"status\":\"");
        if (!"accepted".equals(outcome) || at < 0) {
            return outcome;
        }
        int from = at + "\"status\":\"".length();
        return outcome + "/" + body.substring(from, body.indexOf('"', from));
    }
}
