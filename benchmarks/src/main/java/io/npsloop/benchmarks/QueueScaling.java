package io.npsloop.benchmarks;

import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.desk.DeskQueue;
import io.npsloop.domain.cases.CaseOwner;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.local.LocalAws;
import io.npsloop.table.ResponseItem;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The desk's queue, first page, at 100 and at 100,000 open cases: read units and time, unfiltered
 * (a page from each action's partition, merged) and by owner, tier and source (one partition).
 * The cases are written straight to the table in batches, as the ingest would leave them, each
 * scale in a table of its own (the large one created first); both exist before either is measured.
 */
final class QueueScaling {

    static final int PAGE = 25;

    record Query(String name, DeskQueue.Filters filters) {}

    record Figure(int open, String query, int listed, double readUnits, Stats latencyMs) {}

    record Result(List<Figure> figures, double seedSeconds) {}

    private static final List<Query> QUERIES = List.of(
            new Query("no filter", new DeskQueue.Filters(null, null, null, null)),
            new Query("action=recovery", new DeskQueue.Filters(Action.RECOVERY, null, null, null)),
            new Query("owner=unassigned", new DeskQueue.Filters(null, null, null, CaseOwner.UNASSIGNED)),
            new Query("tier=high", new DeskQueue.Filters(null, "high", null, null)),
            new Query("source=typeform&tier=high", new DeskQueue.Filters(null, "high", "typeform", null)));

    private final LocalAws aws;
    private final PrintStream out;

    QueueScaling(LocalAws aws, PrintStream out) {
        this.aws = aws;
        this.out = out;
    }

    Result run(int requests, int warmup) {
        // The large table first: DynamoDB Local answers a table created later a little more slowly, which then
        // weighs against the small scale and cannot pass for a cost of scale.
        var large = Wiring.provision(aws, "bench-queue-l-" + UUID.randomUUID().toString().substring(0, 6)).resources().tableName();
        var small = Wiring.provision(aws, "bench-queue-s-" + UUID.randomUUID().toString().substring(0, 6)).resources().tableName();
        seed(small, 100);
        long started = System.nanoTime();
        seed(large, 100_000);
        double seedSeconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "  seeded 100,000 open cases in %.0f s (BatchWriteItem, 25 a call, 4 threads)%n", seedSeconds);
        var figures = new ArrayList<Figure>();
        for (var query : QUERIES) {
            var queues = Map.of(100, new DeskQueue(new DynamoDbCases(aws.dynamoDb(), small)),
                    100_000, new DeskQueue(new DynamoDbCases(aws.dynamoDb(), large)));
            for (int open : List.of(100, 100_000)) {
                var queue = queues.get(open);
                var times = new ArrayList<Double>();
                DeskQueue.Page page = null;
                for (int i = 0; i < warmup + requests; i++) {
                    long t = System.nanoTime();
                    page = queue.page(query.filters(), null, PAGE);
                    if (i >= warmup) {
                        times.add((System.nanoTime() - t) / 1e6);
                    }
                }
                var figure = new Figure(open, query.name(), page.cases().size(), page.readUnits(), Stats.of(times));
                figures.add(figure);
                out.printf(Locale.ROOT, "  %-26s %,8d open: %3d listed, %5.1f read units; %d requests: median %s ms, p95 %s ms%n",
                        query.name(), open, figure.listed(), figure.readUnits(), times.size(), Stats.ms(figure.latencyMs().median()),
                        Stats.ms(figure.latencyMs().p95()));
            }
        }
        return new Result(figures, seedSeconds);
    }

    /** Open cases spread over actions, tiers, sources and a year of due times, written as the ingest writes them. */
    private void seed(String tableName, int count) {
        var random = new Random(20261204L + count);
        var now = Instant.now();
        var sources = List.of("typeform", "delighted", "generic", "qualtrics");
        var items = new ArrayList<WriteRequest>(count);
        for (int i = 0; i < count; i++) {
            var action = Action.values()[random.nextInt(3)];
            var tier = ValueTier.values()[random.nextInt(4)];
            var received = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
            var response = new SurveyResponse(new ResponseKey(sources.get(random.nextInt(sources.size())), "r" + i), "s-1",
                    new Respondent("cust-" + i, "c" + i + "@example.com", "Customer " + i, "acct-" + (i % 5000), "en",
                            new BigDecimal(1000 + random.nextInt(50_000))),
                    new Score(random.nextInt(11)), "A comment of about the usual length, saying what went wrong and why.", received);
            var decision = new FollowUpDecision.Contact(action, received.plus(Duration.ofHours(24 + random.nextInt(72))), "seeded");
            items.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(ResponseItem.toItem(new ResponseRecord(response, tier, decision, received), Duration.ofDays(730))).build()).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var done = new ArrayList<Future<?>>();
            for (int from = 0; from < items.size(); from += 25) {
                var batch = items.subList(from, Math.min(from + 25, items.size()));
                done.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> pending = Map.of(tableName, List.copyOf(batch));
                    while (!pending.isEmpty()) {
                        var request = pending;
                        var answer = aws.dynamoDb().batchWriteItem(r -> r.requestItems(request));
                        pending = answer.hasUnprocessedItems() && !answer.unprocessedItems().isEmpty() ? answer.unprocessedItems() : Map.of();
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding failed", e);
        } finally {
            pool.shutdown();
        }
    }
}
