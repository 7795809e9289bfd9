package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.local.LocalAws;
import io.npsloop.local.SnsDelivery;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Many survey tools at once against the local stack over HTTP: signed webhooks from a concurrent
 * client, a share of them retried after their answer and some sent twice at the same moment.
 * Every unique response must be stored once, every follow-up decided must reach the queue
 * subscribed to the topic once, the customers' counters and the functions' metrics must add up,
 * and nothing may answer 5xx.
 *
 * <p>{@code -Dload.count=10000} runs the full load (RELIABILITY.md keeps its figures); the normal
 * build sends 1,000.
 */
class LoadTest {

    private static final int COUNT = Integer.getInteger("load.count", 1000);
    private static final int CONNECTIONS = Integer.getInteger("load.connections", 48);
    private static final double RETRIED = 0.20;
    private static final double CONCURRENT_DUPLICATES = 0.05;

    /** One send of one webhook; a retry keeps the webhook id and signs again, as Standard Webhooks senders do. */
    private record Send(int response, String webhookId, String body) {}

    private record Result(int response, int status, String body, long nanos) {}

    @Test
    void everyUniqueResponseIsStoredOnceAndEveryDecidedFollowUpArrivesOnce() throws Exception {
        var log = new java.io.ByteArrayOutputStream();
        try (var stack = LocalStack.start(LocalAws.shared(), "load-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, Map.of(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            var secret = stack.functionEnvironment().get("WEBHOOK_SECRET_GENERIC");
            var random = new Random(20261122L);
            var bodies = new ArrayList<String>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                bodies.add(body(i, random));
            }
            var ids = new ArrayList<String>(COUNT);
            for (int i = 0; i < COUNT; i++) {
                ids.add("msg_load_" + i);
            }

            // First sends, with some duplicates posted at the same moment as their original.
            var firstWave = new ArrayList<Send>();
            for (int i = 0; i < COUNT; i++) {
                firstWave.add(new Send(i, ids.get(i), bodies.get(i)));
                if (random.nextDouble() < CONCURRENT_DUPLICATES) {
                    firstWave.add(new Send(i, ids.get(i), bodies.get(i)));
                }
            }
            var retries = new ArrayList<Send>();
            for (int i = 0; i < COUNT; i++) {
                if (random.nextDouble() < RETRIED) {
                    retries.add(new Send(i, ids.get(i), bodies.get(i)));
                }
            }

            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            var pool = Executors.newFixedThreadPool(CONNECTIONS);
            var results = new ConcurrentLinkedQueue<Result>();
            long started = System.nanoTime();
            try {
                send(pool, http, stack.baseUrl(), secret, firstWave, results);
                Collections.shuffle(retries, random);
                send(pool, http, stack.baseUrl(), secret, retries, results);
            } finally {
                pool.shutdown();
            }
            long elapsed = System.nanoTime() - started;

            // No 5xx, nothing but 202 (stored) and 200 (duplicate), and exactly one 202 per unique response.
            var statuses = results.stream().collect(Collectors.groupingBy(Result::status, Collectors.counting()));
            assertThat(statuses).containsOnlyKeys(202, 200);
            var accepted = results.stream().filter(r -> r.status() == 202)
                    .collect(Collectors.groupingBy(Result::response, Collectors.counting()));
            assertThat(accepted).hasSize(COUNT).allSatisfy((response, times) -> assertThat(times).isEqualTo(1L));

            var decided = new HashMap<String, String>();
            for (var result : results) {
                if (result.status() == 202) {
                    var answer = JSON.std.mapFrom(result.body());
                    var followUp = (Map<?, ?>) answer.get("followUp");
                    if ("pending".equals(followUp.get("status"))) {
                        decided.put("generic:" + answer.get("responseId"), (String) followUp.get("action"));
                    }
                }
            }

            var items = stack.aws().dynamoDb().scanPaginator(r -> r.tableName(stack.resources().tableName())).items().stream().toList();
            assertThat(items.stream().filter(i -> i.get("sk").s().equals("RESPONSE")).count()).isEqualTo(COUNT);
            long counted = items.stream().filter(i -> i.get("sk").s().equals("STATE") && i.get("pk").s().startsWith("CUSTOMER#"))
                    .mapToLong(i -> Long.parseLong(i.getOrDefault("responses", AttributeValue.fromN("0")).n())).sum();
            assertThat(counted).as("the customers' response counters add up to the responses stored").isEqualTo(COUNT);

            long drainStarted = System.nanoTime();
            var delivered = new ArrayList<SnsDelivery>();
            long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(60, COUNT / 25)).toNanos();
            while (delivered.size() < decided.size() && System.nanoTime() < deadline) {
                stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofMillis(500))
                        .forEach(m -> delivered.add(SnsDelivery.fromSqsBody(m.body())));
            }
            long drained = System.nanoTime() - drainStarted;
            stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(2))
                    .forEach(m -> delivered.add(SnsDelivery.fromSqsBody(m.body())));
            var perFollowUp = delivered.stream()
                    .collect(Collectors.groupingBy(d -> d.attributes().get("followUpId"), Collectors.counting()));
            assertThat(perFollowUp.keySet()).isEqualTo(decided.keySet());
            assertThat(perFollowUp).allSatisfy((id, times) -> assertThat(times).as(id).isEqualTo(1L));
            assertThat(stack.aws().receiveAll(stack.resources().deadLetterQueueUrl(), Duration.ofMillis(200))).isEmpty();

            // The metrics the functions emitted tell the same story as the table and the queue.
            var lines = log.toString(StandardCharsets.UTF_8);
            assertThat(count(lines, "\"Accepted\":1")).isEqualTo(COUNT);
            assertThat(count(lines, "\"Duplicates\":1")).isEqualTo(results.size() - COUNT);
            assertThat(count(lines, "\"FollowUpsPublished\":1")).isEqualTo(decided.size());
            assertThat(count(lines, "\"PublishFailures\":1") + count(lines, "\"RepeatedAttempts\":1")).isZero();

            var latencies = results.stream().mapToLong(Result::nanos).sorted().toArray();
            System.out.printf("load: %d unique webhooks, %d requests (%d retries, %d concurrent duplicates) over %d connections%n",
                    COUNT, results.size(), retries.size(), firstWave.size() - COUNT, CONNECTIONS);
            System.out.printf("load: %.0f requests/s; latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    results.size() / (elapsed / 1e9), ms(latencies, 0.50), ms(latencies, 0.95), ms(latencies, 0.99),
                    latencies[latencies.length - 1] / 1e6);
            System.out.printf("load: statuses %s; %d follow-ups decided, %d delivered once each, all on the queue %.1f s after the last answer%n",
                    new java.util.TreeMap<>(statuses), decided.size(), perFollowUp.size(), drained / 1e9);
        }
    }

    private static void send(ExecutorService pool, HttpClient http, URI base, String secret, List<Send> sends,
                             ConcurrentLinkedQueue<Result> results) throws Exception {
        var futures = new ArrayList<Future<?>>(sends.size());
        for (var send : sends) {
            futures.add(pool.submit(() -> {
                var bytes = send.body().getBytes(StandardCharsets.UTF_8);
                var timestamp = Long.toString(Instant.now().getEpochSecond());
                var request = HttpRequest.newBuilder(base.resolve("/webhooks/generic"))
                        .header("content-type", "application/json")
                        .header("webhook-id", send.webhookId())
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", StandardWebhooks.signature(secret, send.webhookId(), timestamp, bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build();
                long start = System.nanoTime();
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                results.add(new Result(send.response(), response.statusCode(), response.body(), System.nanoTime() - start));
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
    }

    /** A distinct customer per response, so each decision stands alone; scores and values spread like a real survey. */
    private static String body(int i, Random random) {
        int score = random.nextInt(11);
        int value = 1000 + random.nextInt(60_000);
        return """
                {"responseId":"load-%d","surveyId":"relationship-nps-q4","respondent":{"id":"cust-load-%d",\
                "email":"load%d@example.com","name":"Load Tester %d","locale":"%s","annualValue":%d},\
                "score":%d,"comment":"load comment %d","submittedAt":"2026-11-20T09:30:00Z"}"""
                .formatted(i, i, i, i, random.nextBoolean() ? "en" : "es", value, score, i);
    }

    private static int count(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length())) {
            count++;
        }
        return count;
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
