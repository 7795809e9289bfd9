package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.ingest.sources.StandardWebhooks;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack as a survey tool meets it: signed webhooks over HTTP to the template's route, the
 * stream driving dispatch, and follow-ups counted on the queue subscribed to the topic.
 */
class LocalStackEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalStack stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("local-data");
        stack = LocalStack.start(LocalAws.shared(), "e2e-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, Map.of("LOCAL_DATA_DIR", data.toString()), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Main.findEvents().resolve(name));
    }

    /** Waits until {@code expected} follow-ups arrived, then one quiet second more to catch any duplicate. */
    private static List<SnsDelivery> followUps(int expected) {
        var received = new ArrayList<SnsDelivery>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < expected && System.nanoTime() < deadline) {
            stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofMillis(500))
                    .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        }
        stack.aws().receiveAll(stack.resources().followUpQueueUrl(), Duration.ofSeconds(1))
                .forEach(m -> received.add(SnsDelivery.fromSqsBody(m.body())));
        return received;
    }

    /** Items outside the quarantine, which keeps rejected requests on purpose, and the report's counters. */
    private static int storedItems() {
        return (int) stack.aws().dynamoDb().scan(r -> r.tableName(stack.resources().tableName())).items().stream()
                .filter(i -> !i.get("pk").s().startsWith("QUARANTINE#") && !i.get("pk").s().startsWith("COUNTS#")).count();
    }

    @Test
    void acceptedThenRetriedThenTampered() throws Exception {
        var signed = Signer.sign("typeform", sample("typeform-detractor.json"), stack.functionEnvironment());
        var body = signed.body();
        var headers = signed.headers();

        var accepted = post("/webhooks/typeform", headers, body);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"category\":\"detractor\"").contains("\"action\":\"recovery\"");
        var first = followUps(1);
        assertThat(first).singleElement().satisfies(delivery -> {
            assertThat(delivery.attributes()).containsEntry("action", "recovery").containsEntry("followUpId",
                    "typeform:a3a12ec67a1365927098a606107fac15");
            assertThat(delivery.json()).containsEntry("action", "recovery");
        });
        int items = storedItems();

        var retried = post("/webhooks/typeform", headers, body);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"duplicate\":true").contains("\"status\":\"sent\"");
        assertThat(followUps(0)).isEmpty();
        assertThat(storedItems()).isEqualTo(items);

        var tampered = new String(body, StandardCharsets.UTF_8).replace("\"number\": 2", "\"number\": 10")
                .replace("a3a12ec67a1365927098a606107fac15", "f00dfeedf00dfeedf00dfeedf00dfeed").getBytes(StandardCharsets.UTF_8);
        var rejected = post("/webhooks/typeform", headers, tampered);
        assertThat(rejected.statusCode()).isEqualTo(401);
        assertThat(rejected.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(storedItems()).isEqualTo(items);
        assertThat(followUps(0)).isEmpty();
        var quarantine = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/quarantine")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(quarantine.body()).contains("\"outcome\":\"bad-signature\"");
    }

    @Test
    void aGenericResponseSignedPerStandardWebhooksReachesTheQueueOnce() throws Exception {
        var body = new String(sample("generic-promoter.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0002", "resp-e2e-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        var secret = stack.functionEnvironment().get("WEBHOOK_SECRET_GENERIC");
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var headers = new HashMap<String, String>();
        headers.put("content-type", "application/json; charset=utf-8");
        headers.put("webhook-id", "msg_e2e");
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", StandardWebhooks.signature(secret, "msg_e2e", timestamp, body));

        // A survey tool that retries at once, before the first attempt's follow-up went out.
        assertThat(post("/webhooks/generic", headers, body).statusCode()).isEqualTo(202);
        assertThat(post("/webhooks/generic", headers, body).statusCode()).isEqualTo(200);

        assertThat(followUps(1)).singleElement()
                .satisfies(d -> assertThat(d.attributes()).containsEntry("action", "referral").containsEntry("valueTier", "medium"));
    }

    @Test
    void aTeamWorksTheCaseOverTheCasesApi() throws Exception {
        var body = new String(sample("generic-detractor.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0001", "resp-case-e2e").replace("cust-1001", "cust-case-e2e")
                // An account whose hash puts it in the treatment arm, so a case opens.
                .replace("acct-globex", "acct-initrode").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body).statusCode()).isEqualTo(202);

        var open = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/cases?action=recovery")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).contains("\"id\":\"generic:resp-case-e2e\"").contains("\"status\":\"open\"");

        var contacted = post("/cases/generic:resp-case-e2e/events", Map.of("content-type", "application/json"),
                "{\"type\":\"contacted\",\"by\":\"lee@team.example\",\"note\":\"called\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(contacted.statusCode()).isEqualTo(200);
        assertThat(contacted.body()).contains("\"status\":\"contacted\"").contains("\"by\":\"lee@team.example\"");
        var skipped = post("/cases/generic:resp-case-e2e/events", Map.of("content-type", "application/json"),
                "{\"type\":\"contacted\",\"by\":\"lee@team.example\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(skipped.statusCode()).isEqualTo(409);
        var closed = post("/cases/generic:resp-case-e2e/events", Map.of("content-type", "application/json"),
                "{\"type\":\"closed\",\"by\":\"lee@team.example\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(closed.body()).contains("\"status\":\"closed\"");
        assertThat(HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/cases?action=recovery")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("resp-case-e2e");
    }

    @Test
    void anOutcomePostedForAContactedDetractorShowsInTheReport() throws Exception {
        var body = new String(sample("generic-detractor.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0001", "resp-roi-e2e").replace("cust-1001", "cust-roi-e2e")
                .replace("acct-globex", "acct-initrode").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body).statusCode()).isEqualTo(202);

        var outcome = "{\"events\":[{\"eventId\":\"crm-roi-e2e\",\"customerId\":\"cust-roi-e2e\",\"type\":\"concession\","
                + "\"occurredAt\":\"" + Instant.now() + "\",\"value\":120}]}";
        var posted = post("/outcomes", Map.of("content-type", "application/json"), outcome.getBytes(StandardCharsets.UTF_8));
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.body()).contains("\"status\":\"recorded\"").contains("\"arm\":\"treatment\"");

        var today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var report = stack.baseUrl().resolve("/reports/roi?from=" + today + "&to=" + today);
        String seen = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.contains("\"concessions\":120.00") && System.nanoTime() < deadline) {
            var answer = HTTP.send(HttpRequest.newBuilder(report).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            seen = answer.body();
            Thread.sleep(200);
        }
        // Counters arrive through the stream, as in AWS: the report reads them, never the responses.
        assertThat(seen).contains("\"concessions\":120.00").containsPattern("\"treated\":[1-9]");
        // Its follow-up went out too; take it off the queue the other tests count on.
        assertThat(followUps(1)).singleElement().satisfies(d -> assertThat(d.attributes()).containsEntry("action", "recovery"));
    }

    @Test
    void analystsGetTheCasesExportAndImportOutcomesFromAFile() throws Exception {
        var body = new String(sample("generic-promoter.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0002", "resp-export-e2e").replace("cust-1002", "cust-export-e2e").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body).statusCode()).isEqualTo(202);
        followUps(1);

        var imports = Files.createDirectories(data.resolve("imports"));
        Files.writeString(imports.resolve("leads.csv"), "eventId,customerId,type,occurredAt\n"
                + "lead-e2e-1,cust-export-e2e,referral_lead," + Instant.now() + "\n");
        var result = data.resolve("imports/results/leads.csv.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(result) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(Files.readString(result)).contains("\"status\":\"imported\"", "\"recorded\":1");

        var csv = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/exports/cases.csv")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.body()).startsWith("case_id,source,response_id").contains("generic:resp-export-e2e")
                .contains("referral_lead").doesNotContain("sam.lee@example.com");
        assertThat(Files.exists(data.resolve("exports/latest/roi.html"))).isTrue();
        assertThat(HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/exports/secrets.txt")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void aCustomerErasedOverHttpIsGoneFromTheTableAndTheExportAndALateRetryIsNotStored() throws Exception {
        var body = new String(sample("generic-detractor.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0001", "resp-erase-e2e").replace("cust-1001", "cust-erase-e2e")
                // A passive of an account of its own: no follow-up on the queue the other tests count, no shared case.
                .replace("acct-globex", "acct-erase-e2e").replace("\"score\": 3", "\"score\": 8").getBytes(StandardCharsets.UTF_8);
        var stored = post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body);
        assertThat(stored.statusCode()).isEqualTo(202);
        assertThat(stored.body()).contains("\"category\":\"passive\"");

        var erased = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/customers/cust-erase-e2e")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(erased.body()).contains("\"erasedBefore\":false", "\"responses\":1", "\"customerState\":1")
                .doesNotContain("cust-erase-e2e");
        assertThat(stack.aws().dynamoDb().scan(r -> r.tableName(stack.resources().tableName())).items().toString())
                .doesNotContain("cust-erase-e2e", "resp-erase-e2e");
        var csv = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/exports/cases.csv")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.body()).startsWith("case_id,").doesNotContain("cust-erase-e2e");

        var retried = post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"erased\":true");
        var again = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/customers/cust-erase-e2e")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"erasedBefore\":true", "\"responses\":0");
        var unknown = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/customers/cust-nobody-e2e")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void routesOutsideTheTemplateAre404AsInApiGateway() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/typeform")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(post("/other", Map.of(), new byte[0]).statusCode()).isEqualTo(404);
        assertThat(post("/webhooks/unknown-tool", Map.of("content-type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void nothingPersonalIsLogged() throws Exception {
        var body = sample("generic-detractor.json");
        post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body);
        followUps(1);

        var log = LOG.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("[ingest] {").contains("\"source\":\"generic\",\"status\":202,\"outcome\":\"accepted\"");
        assertThat(log).doesNotContain("maria.gomez@example.com", "María", "Gómez", "invoice", "cust-1001");
    }

}
