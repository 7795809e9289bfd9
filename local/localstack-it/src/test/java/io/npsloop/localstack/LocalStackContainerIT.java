package io.npsloop.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.sources.typeform.TypeformSource;
import io.npsloop.local.LocalAws;
import io.npsloop.local.SnsDelivery;
import io.npsloop.local.stack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The local stack with LocalStack in Docker in place of DynamoDB Local and fauxqs: a second,
 * independent emulator for the same path from signed webhook to follow-up on the queue.
 * Without Docker the class is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerIT {

    /** The last tag that starts without an auth token; later tags exit at start-up without one. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    @Container
    static final LocalStackContainer LOCALSTACK = container();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalAws aws;
    private static LocalStack stack;

    private static LocalStackContainer container() {
        var image = DockerImageName.parse(System.getProperty("localstack.image", DEFAULT_IMAGE))
                .asCompatibleSubstituteFor("localstack/localstack");
        // Streams come with DynamoDB; SNS delivers to SQS inside the container.
        var container = new LocalStackContainer(image).withServices(
                EnabledService.named("dynamodb"), EnabledService.named("sns"), EnabledService.named("sqs"));
        var token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    @BeforeAll
    static void start() {
        var endpoint = LOCALSTACK.getEndpoint();
        aws = LocalAws.external(endpoint, endpoint, endpoint);
        // ARNs and queue URLs carry the region the clients sign with.
        assertThat(aws.region().id()).isEqualTo(LOCALSTACK.getRegion());
        stack = LocalStack.start(aws, "ls-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, Map.of(), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void signedWebhookFollowsUpOnceRetryIsIdempotentTamperedIsRejected() throws Exception {
        // Sent now, as Typeform would: the replay window judges the signed submitted_at.
        var body = Files.readString(samples().resolve("typeform-detractor.json"))
                .replace("2026-11-21T14:03:40Z", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var secret = stack.functionEnvironment().get("WEBHOOK_SECRET_TYPEFORM");
        var signature = TypeformSource.signature(secret, body);

        var accepted = post(body, signature);
        assertThat(accepted.statusCode()).as("first delivery: %s%n%s", accepted.body(), log()).isEqualTo(202);
        assertThat(followUps(1)).as("follow-ups after the first delivery%n%s", log()).singleElement()
                .satisfies(delivery -> assertThat(delivery.attributes()).containsEntry("action", "recovery"));
        int stored = storedItems();
        assertThat(stored).isPositive();

        var retried = post(body, signature);
        assertThat(retried.statusCode()).as("retry: %s", retried.body()).isEqualTo(200);
        assertThat(followUps(0)).as("follow-ups after the retry").isEmpty();
        assertThat(storedItems()).isEqualTo(stored);

        // A new response token too, so a missed check would show up as a new item.
        var tampered = new String(body, StandardCharsets.UTF_8)
                .replace("\"number\": 2", "\"number\": 9")
                .replace("a3a12ec67a1365927098a606107fac15", "0123456789abcdef0123456789abcdef")
                .getBytes(StandardCharsets.UTF_8);
        var rejected = post(tampered, signature);
        assertThat(rejected.statusCode()).as("tampered: %s", rejected.body()).isEqualTo(401);
        assertThat(storedItems()).isEqualTo(stored);
        assertThat(followUps(0)).as("follow-ups after the tampered request").isEmpty();
    }

    private static HttpResponse<String> post(byte[] body, String signature) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/typeform"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("typeform-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits for {@code expected} follow-ups, then a quiet spell to catch duplicates. LocalStack's
     * streams and SNS fan-out are slower than the in-process emulators, hence the long limits.
     */
    private static List<SnsDelivery> followUps(int expected) {
        var queue = stack.resources().followUpQueueUrl();
        var received = new ArrayList<SnsDelivery>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            aws.receiveAll(queue, Duration.ofSeconds(1)).forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        }
        aws.receiveAll(queue, Duration.ofSeconds(3)).forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        return received;
    }

    private static int storedItems() {
        return aws.dynamoDb().scan(r -> r.tableName(stack.resources().tableName())).count();
    }

    private static Path samples() {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events/webhooks"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("events/webhooks above the working directory").isNotNull();
        return dir.resolve("events/webhooks");
    }

    private static String log() {
        return LOG.toString(StandardCharsets.UTF_8);
    }
}
