package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.ingest.IngestFunction;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.StreamEventSource;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Everything the functions write while every sample goes through ingest, dispatch, cases and
 * escalation, with rejected requests, a failed write and an SNS outage on the way: standard
 * output, standard error and the Lambda logger, all captured. No respondent's email, name or
 * comment may appear in any of it.
 */
class NoPersonalDataInLogsTest {

    /** Fails the first few calls it matches, as an outage would; no emulator can refuse a call on demand. */
    private static final class Outage implements ExecutionInterceptor {
        private final Class<?> request;
        private final AtomicInteger left;

        Outage(Class<?> request, int times) {
            this.request = request;
            this.left = new AtomicInteger(times);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (request.isInstance(context.request()) && left.getAndDecrement() > 0) {
                throw request == TransactWriteItemsRequest.class
                        ? DynamoDbException.builder().statusCode(500).message("injected: internal server error").build()
                        : SdkClientException.create("injected: unavailable");
            }
        }
    }

    @Test
    void noEmailNameOrCommentIsEverLogged() throws Exception {
        var captured = new ByteArrayOutputStream();
        var capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        var out = System.out;
        var err = System.err;
        System.setOut(new PrintStream(tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err, captured), true, StandardCharsets.UTF_8));
        Set<String> personal = new TreeSet<>();
        try (var stack = LocalStack.start(LocalAws.shared(), "pii-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, Map.of("ESCALATION_INTERVAL_SECONDS", "3600",
                        "LOCAL_DATA_DIR", Files.createTempDirectory("pii-data").toString()), capture)) {
            var env = stack.functionEnvironment();
            var http = HttpClient.newHttpClient();
            var samples = Main.samples(Main.findEvents());
            for (var sample : samples) {
                var source = Main.sourceOf(sample);
                var path = Signer.path(source, env);
                var body = Files.readAllBytes(sample);
                var headers = Signer.headers(source, body, env);
                post(http, stack, path, headers, body);
                post(http, stack, path, headers, body); // the tool's retry
                // Tampered, so the signature fails: quarantined and logged, body and all never printed.
                var tampered = new String(body, StandardCharsets.UTF_8).replaceFirst("\"", "\" ").getBytes(StandardCharsets.UTF_8);
                post(http, stack, path, headers, tampered);
            }
            var generic = new String(Files.readAllBytes(Main.findEvents().resolve("generic-detractor.json")), StandardCharsets.UTF_8);
            var invalid = generic.replace("\"score\": 3", "\"score\": 42").replace("resp-2026-11-0001", "resp-invalid")
                    .getBytes(StandardCharsets.UTF_8);
            post(http, stack, "/webhooks/generic", Signer.headers("generic", invalid, env), invalid);
            var plain = generic.getBytes(StandardCharsets.UTF_8);
            var wrongType = new HashMap<>(Signer.headers("generic", plain, env));
            wrongType.put("content-type", "text/plain");
            post(http, stack, "/webhooks/generic", wrongType, plain);
            post(http, stack, "/webhooks/unknown-tool", Signer.headers("generic", plain, env), plain);
            var huge = (generic + " ".repeat(70_000)).getBytes(StandardCharsets.UTF_8);
            post(http, stack, "/webhooks/generic", Signer.headers("generic", huge, env), huge);

            // A failed write, through the ingest function as Lambda runs it, logging to standard output.
            var settings = new Settings(env);
            var failing = new IngestFunction(settings, new AwsClients(settings, List.of(new Outage(TransactWriteItemsRequest.class, 1))));
            var storeFailure = generic.replace("resp-2026-11-0001", "resp-store-failure").replace("cust-1001", "cust-store-failure");
            var failedAnswer = failing.handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "generic"))
                    .withHeaders(Signer.headers("generic", storeFailure.getBytes(StandardCharsets.UTF_8), env))
                    .withBody(storeFailure).build(), new LocalContext("ingest"));
            assertThat(failedAnswer.getStatusCode()).isEqualTo(503);

            // Dispatch with SNS down for a while, on a table of its own so the stack's poller does not publish first.
            var outageResources = stack.aws().provision("pii-outage-" + UUID.randomUUID().toString().substring(0, 8));
            var outageEnv = new HashMap<>(env);
            outageEnv.put("TABLE_NAME", outageResources.tableName());
            outageEnv.put("TOPIC_ARN", outageResources.topicArn());
            var outageSettings = new Settings(outageEnv);
            new IngestFunction(outageSettings).handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /webhooks/{source}").withPathParameters(Map.of("source", "generic"))
                    .withHeaders(Signer.headers("generic", plain, env)).withBody(generic).build(), new LocalContext("ingest"));
            var dispatch = new DispatchFunction(outageSettings,
                    new AwsClients(outageSettings, List.of(new Outage(PublishRequest.class, 3))));
            try (var stream = new StreamEventSource(stack.aws().dynamoDbStreams(), stack.aws().sqs(), outageResources.streamArn(),
                    event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                    StreamEventSource.Options.defaults(outageResources.deadLetterQueueUrl()))) {
                stream.drain(Duration.ofMillis(500));
            }
            assertThat(stack.aws().receiveAll(outageResources.followUpQueueUrl(), Duration.ofSeconds(1))).hasSize(1);
            awaitFollowUps(stack);

            // Cases: a step, a look, the open list; then escalation a day later.
            var caseId = "generic:resp-2026-11-0001";
            post(http, stack, "/cases/" + caseId + "/events", Map.of("content-type", "application/json"),
                    "{\"type\":\"contacted\",\"by\":\"lee@team.example\",\"note\":\"called\"}".getBytes(StandardCharsets.UTF_8));
            get(http, stack, "/cases/" + caseId);
            get(http, stack, "/cases?dueBefore=" + Instant.now().plus(Duration.ofDays(30)));
            new EscalationFunction(settings, Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC))
                    .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
            awaitFollowUps(stack);

            // Outcomes, the report and an export: they name customers by id only, and must stay so.
            post(http, stack, "/outcomes", Map.of("content-type", "application/json"), ("{\"events\":[{\"eventId\":\"pii-1\","
                    + "\"customerId\":\"cust-1001\",\"type\":\"concession\",\"occurredAt\":\"" + Instant.now() + "\",\"value\":40},"
                    + "{\"eventId\":\"pii-2\",\"customerId\":\"cust-1001\",\"type\":\"churned\"}]}").getBytes(StandardCharsets.UTF_8));
            get(http, stack, "/reports/roi");
            get(http, stack, "/exports/cases.csv");

            // The personal data the parsers took out of the samples, as stored.
            stack.aws().dynamoDb().scanPaginator(r -> r.tableName(stack.resources().tableName())).items().stream()
                    .filter(i -> i.containsKey("sk") && i.get("sk").s().equals("RESPONSE"))
                    .forEach(i -> List.of("email", "name", "comment").forEach(field -> {
                        if (i.containsKey(field) && i.get(field).s() != null && i.get(field).s().length() > 3) {
                            personal.add(i.get(field).s());
                            personal.add(ascii(i.get(field).s()));
                        }
                    }));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        var log = captured.toString(StandardCharsets.UTF_8);
        assertThat(personal).as("the samples' personal data").hasSizeGreaterThan(15)
                .contains("maria.gomez@example.com", "María Gómez");
        assertThat(log).as("the run logged").contains("\"function\":\"ingest\"", "\"function\":\"dispatch\"",
                "\"function\":\"cases\"", "\"function\":\"escalation\"", "\"function\":\"report\"",
                "\"function\":\"counters\"", "\"function\":\"export\"", "\"outcome\":\"bad-signature\"",
                "\"outcome\":\"store-failed\"", "\"message\":\"publish failed\"", "\"Quarantined\":1");
        for (var value : personal) {
            assertThat(log).as("logs must not contain personal data").doesNotContain(value);
        }
    }

    private static void post(HttpClient http, LocalStack stack, String path, Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void get(HttpClient http, LocalStack stack, String path) throws Exception {
        http.send(HttpRequest.newBuilder(stack.baseUrl().resolve(path)).GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Lets the stack's own stream poller publish what is pending, and empties the queue. */
    private static void awaitFollowUps(LocalStack stack) {
        stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(2));
    }

    private static String ascii(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static OutputStream tee(OutputStream first, OutputStream second) {
        return new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                first.write(b);
                second.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                first.write(b, off, len);
                second.write(b, off, len);
            }
        };
    }
}
