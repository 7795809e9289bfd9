package io.npsloop.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.npsloop.config.Settings;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Warm overhead: the ingest function's handler, warm, per request, against the DynamoDB calls it
 * makes for that request replayed alone on a client configured the same way. The calls are the
 * ones the ingest path really made, recorded in a first pass over the same webhooks against the
 * replay's table, which is then emptied so the replay meets the same items.
 */
final class WarmOverhead {

    record Result(int requests, int warmup, List<Double> handlerMs, List<Double> rawMs, double callsPerRequest) {
        Stats handler() {
            return Stats.of(handlerMs);
        }

        Stats raw() {
            return Stats.of(rawMs);
        }

        Stats difference() {
            var diff = new ArrayList<Double>(handlerMs.size());
            for (int i = 0; i < handlerMs.size(); i++) {
                diff.add(handlerMs.get(i) - rawMs.get(i));
            }
            return Stats.of(diff);
        }
    }

    /** Keeps every DynamoDB request of each webhook, in order. */
    private static final class Recorder implements ExecutionInterceptor {
        List<SdkRequest> current = new ArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            current.add(context.request());
        }
    }

    private final LocalAws aws;
    private final PrintStream out;

    WarmOverhead(LocalAws aws, PrintStream out) {
        this.aws = aws;
        this.out = out;
    }

    Result run(int requests, int warmup, long seed) {
        String stamp = Long.toString(System.currentTimeMillis(), 36);
        var handlerStack = Wiring.provision(aws, "bench-warm-fn-" + stamp);
        String rawName = "bench-warm-raw-" + stamp;
        var rawStack = Wiring.provision(aws, rawName);
        int total = warmup + requests;
        // First deliveries only: retries would add refused transactions to both sides alike.
        var deliveries = new Webhooks(seed, total).mixed(total, 0);

        // Record the calls against the raw table, then empty it, so the replay meets the same state.
        var recorder = new Recorder();
        var recordingClient = Wiring.dynamoDb(rawStack.env(), recorder);
        var recordingIntake = Wiring.ingest(rawStack.env(), recordingClient);
        List<List<SdkRequest>> calls = new ArrayList<>(total);
        for (var delivery : deliveries) {
            recorder.current = new ArrayList<>();
            var answer = recordingIntake.handle(Webhooks.SOURCE, Webhooks.signedHeaders(delivery.body()), delivery.body(), false);
            if (answer.status() >= 400) {
                throw new IllegalStateException("recording pass answered " + answer.status() + ": " + answer.body());
            }
            calls.add(List.copyOf(recorder.current));
        }
        recordingClient.close();
        aws.dynamoDb().deleteTable(r -> r.tableName(rawStack.resources().tableName()));
        aws.provision(rawName);
        out.printf("  recorded the DynamoDB calls of %d webhooks%n", total);

        // The function as Lambda builds it, and a bare client set up the way its clients are.
        var function = new IngestFunction(new Settings(handlerStack.env()));
        var context = new LocalContext("ingest", new PrintStream(OutputStream.nullOutputStream()));
        DynamoDbClient raw = Wiring.dynamoDb(rawStack.env());

        var handlerMs = new ArrayList<Double>(requests);
        var rawMs = new ArrayList<Double>(requests);
        long callCount = 0;
        for (int i = 0; i < total; i++) {
            var event = event(deliveries.get(i).body());
            double h;
            double r;
            // Alternate the order so neither side always runs with the caches the other just warmed.
            if (i % 2 == 0) {
                h = timeHandler(function, event, context);
                r = timeRaw(raw, calls.get(i));
            } else {
                r = timeRaw(raw, calls.get(i));
                h = timeHandler(function, event, context);
            }
            if (i >= warmup) {
                handlerMs.add(h);
                rawMs.add(r);
                callCount += calls.get(i).size();
            }
        }
        raw.close();
        return new Result(requests, warmup, handlerMs, rawMs, (double) callCount / requests);
    }

    private static double timeHandler(IngestFunction function, APIGatewayV2HTTPEvent event, LocalContext context) {
        long start = System.nanoTime();
        var response = function.handleRequest(event, context);
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.getStatusCode() >= 400) {
            throw new IllegalStateException("ingest answered " + response.getStatusCode() + ": " + response.getBody());
        }
        return ms;
    }

    private static double timeRaw(DynamoDbClient raw, List<SdkRequest> calls) {
        long start = System.nanoTime();
        for (var call : calls) {
            try {
                invoke(raw, call);
            } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
                // The ingest path meets these too (a lost race, a stored duplicate) and carries on.
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void invoke(DynamoDbClient raw, SdkRequest call) {
        if (call instanceof GetItemRequest r) {
            raw.getItem(r);
        } else if (call instanceof TransactWriteItemsRequest r) {
            raw.transactWriteItems(r);
        } else if (call instanceof UpdateItemRequest r) {
            raw.updateItem(r);
        } else if (call instanceof PutItemRequest r) {
            raw.putItem(r);
        } else if (call instanceof QueryRequest r) {
            raw.query(r);
        } else if (call instanceof TransactGetItemsRequest r) {
            raw.transactGetItems(r);
        } else if (call instanceof BatchGetItemRequest r) {
            raw.batchGetItem(r);
        } else if (call instanceof DeleteItemRequest r) {
            raw.deleteItem(r);
        } else {
            throw new IllegalStateException("no replay for " + call.getClass().getSimpleName());
        }
    }

    private static APIGatewayV2HTTPEvent event(String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /webhooks/{source}")
                .withRawPath("/webhooks/" + Webhooks.SOURCE)
                .withHeaders(Webhooks.signedHeaders(body))
                .withPathParameters(Map.of("source", Webhooks.SOURCE))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
