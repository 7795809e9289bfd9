package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.local.LocalAws;
import io.npsloop.local.SnsDelivery;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SurveyMonkey and Qualtrics through the local stack over HTTP, their APIs answered by the
 * samples in events/api, and {@code bin/quarantine} run as an operator runs it.
 */
class FetchAndQuarantineEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalAws.shared(), "fetch-e2e-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, Map.of(), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> post(String source, SurveyTool.Signed signed) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/" + source))
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.body()));
        signed.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SurveyTool.Signed signed(String source, String sample) throws Exception {
        return Signer.sign(source, Files.readAllBytes(Main.findEvents().resolve(sample)), stack.functionEnvironment());
    }

    /** Follow-ups until {@code expected} arrived or 30 s passed, then a quiet second more to catch a duplicate. */
    private static List<SnsDelivery> followUps(int expected) {
        var received = new ArrayList<SnsDelivery>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofMillis(500))
                    .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        }
        stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))
                .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        return received;
    }

    private record Run(int exit, String out) {}

    /** Runs bin/quarantine against the stack, as an operator would. */
    private static Run quarantine(String... args) throws Exception {
        var repository = Main.findEvents().getParent().getParent();
        var command = new ArrayList<>(List.of("bash", repository.resolve("bin/quarantine").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", stack.baseUrl().toString()));
        var output = Files.createTempFile("quarantine", ".out");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        var out = Files.readString(output);
        Files.delete(output);
        return new Run(process.exitValue(), out);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listed() throws Exception {
        var run = quarantine("list");
        assertThat(run.exit()).as(run.out()).isZero();
        return (List<Map<String, Object>>) JSON.std.mapFrom(run.out()).get("requests");
    }

    @Test
    void surveyMonkeyAndQualtricsResponsesAreFetchedAndFollowedUpOnce() throws Exception {
        var monkey = signed("surveymonkey", "surveymonkey-response-completed.json");
        var qualtrics = signed("qualtrics", "qualtrics-completed-response.json");

        assertThat(post("surveymonkey", monkey).statusCode()).isEqualTo(202);
        assertThat(post("qualtrics", qualtrics).statusCode()).isEqualTo(202);
        var received = followUps(2);
        assertThat(post("surveymonkey", monkey).statusCode()).as("SurveyMonkey retrying").isEqualTo(200);

        assertThat(received).extracting(d -> d.attributes().get("followUpId"))
                .containsExactlyInAnyOrder("surveymonkey:118462093571", "qualtrics:R_2VbQ9xLm4KpT7sD");
        assertThat(received).filteredOn(d -> "recovery".equals(d.attributes().get("action"))).singleElement()
                .satisfies(d -> assertThat(d.subject()).isEqualTo("[NPS Recovery] score 3, high value: Ingrid Haugen"));
        assertThat(followUps(0)).as("nothing more after the retry").isEmpty();
    }

    @Test
    void theOpsCommandListsShowsAndReplaysWhatWasQuarantined() throws Exception {
        var good = signed("surveymonkey", "surveymonkey-response-completed.json");
        var tampered = new SurveyTool.Signed(good.headers(),
                new String(good.body(), StandardCharsets.UTF_8).replace("412785930", "412785931").getBytes(StandardCharsets.UTF_8));
        // A response the API does not know: it answers 404, a lasting failure.
        var unknown = Signer.sign("surveymonkey", new String(Files.readAllBytes(Main.findEvents().resolve("surveymonkey-response-completed.json")),
                StandardCharsets.UTF_8).replace("118462093571", "118462099999").getBytes(StandardCharsets.UTF_8), stack.functionEnvironment());

        assertThat(post("surveymonkey", tampered).statusCode()).isEqualTo(401);
        assertThat(post("surveymonkey", unknown).statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (listed().stream().noneMatch(r -> "fetch-failed".equals(r.get("outcome"))) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        var requests = listed();
        var rejected = requests.stream().filter(r -> "bad-signature".equals(r.get("outcome"))).findFirst().orElseThrow();
        var fetchFailed = requests.stream().filter(r -> "fetch-failed".equals(r.get("outcome"))).findFirst().orElseThrow();
        assertThat((String) fetchFailed.get("reason")).contains("surveymonkey API answered 404");

        var shown = quarantine("show", (String) rejected.get("id"));
        assertThat(shown.exit()).isZero();
        var detail = JSON.std.mapFrom(shown.out());
        assertThat(detail).containsEntry("status", 401).containsEntry("source", "surveymonkey");
        assertThat((String) detail.get("body")).contains("412785931");
        assertThat((Map<String, Object>) detail.get("headers")).containsKey("sm-signature");

        var replayed = quarantine("replay", (String) rejected.get("id"));
        assertThat(replayed.exit()).isZero();
        assertThat(JSON.std.mapFrom(replayed.out())).containsEntry("status", 401).containsEntry("outcome", "bad-signature");

        var missing = quarantine("show", "1795356221000-3f9a0c1b2d4e");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).contains("HTTP 404");
        assertThat(quarantine("replay", "../cases").exit()).as("ids are checked before any call").isEqualTo(2);
    }
}
