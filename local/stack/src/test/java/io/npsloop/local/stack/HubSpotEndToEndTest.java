package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalHubSpot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HubSpot connector through the local stack, as in AWS: a signed promoter becomes one task on
 * the local HubSpot (its queue subscribed to the topic with the template's filter policy), on the
 * contact found or created, with its owner and the case's marker, and the contact's NPS properties
 * set; completing the task there sends the app's v3-signed webhook to {@code POST /connectors/hubspot},
 * which marks the case contacted. Erasing the customer through the stack reaches the same HubSpot.
 */
class HubSpotEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static LocalHubSpot hubspot;

    @BeforeAll
    static void start() throws Exception {
        var env = new HashMap<>(LocalStack.LOCAL_HUBSPOT);
        env.put("LOCAL_DATA_DIR", Files.createTempDirectory("local-data").toString());
        stack = LocalStack.start(LocalAws.shared(), "hs-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, env, new PrintStream(LOG, true, StandardCharsets.UTF_8));
        hubspot = stack.hubspot().orElseThrow();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A sample posted signed, as the tool sends it, for a customer of this test (its account is in the treatment arm). */
    private static int post(String sample, String responseId, String customer) throws Exception {
        var body = Files.readString(Main.findEvents().resolve(sample), StandardCharsets.UTF_8)
                .replaceAll("resp-2026-11-000\\d", responseId).replaceAll("cust-\\d+", customer)
                .getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/generic")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signer.headers("generic", body, stack.functionEnvironment()).forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> props(Map<String, Object> record) {
        return (Map<String, String>) record.get("properties");
    }

    private static List<Map<String, Object>> tasksFor(String caseId, Duration wait) throws InterruptedException {
        var marker = "[nps-loop:" + caseId + "]";
        long deadline = System.nanoTime() + wait.toNanos();
        List<Map<String, Object>> found;
        do {
            found = hubspot.all("tasks").stream().filter(t -> String.valueOf(props(t).get("hs_task_body")).contains(marker)).toList();
            if (!found.isEmpty()) {
                // One more poll or two: a second task would show up here.
                Thread.sleep(2500);
                return hubspot.all("tasks").stream().filter(t -> String.valueOf(props(t).get("hs_task_body")).contains(marker)).toList();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return found;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPromoterBecomesOneTaskOnItsContactAndCompletingItMarksTheCaseContacted() throws Exception {
        var caseId = "generic:resp-hs-promoter";
        assertThat(post("generic-promoter.json", "resp-hs-promoter", "cust-hs-1")).isEqualTo(202);

        var tasks = tasksFor(caseId, Duration.ofSeconds(30));

        assertThat(tasks).as("exactly one task; log:%n%s", LOG).hasSize(1);
        var task = tasks.get(0);
        // The contact did not exist: created, and the task is on it, owned by the fallback owner.
        var contacts = hubspot.all("contacts").stream().filter(c -> "sam.lee@example.com".equals(props(c).get("email"))).toList();
        assertThat(contacts).singleElement().satisfies(contact -> {
            assertThat(props(contact)).containsEntry("firstname", "Sam").containsEntry("lastname", "Lee")
                    .containsEntry("nps_last_score", "10").containsEntry("nps_category", "promoter")
                    .containsEntry("nps_last_case_id", caseId);
            assertThat((Map<String, List<String>>) task.get("associations")).containsEntry("contacts", List.of((String) contact.get("id")));
        });
        assertThat(props(task)).containsEntry("hs_task_status", "NOT_STARTED").containsEntry("hubspot_owner_id", "900");
        assertThat(props(task).get("hs_task_body")).contains("[nps-loop:" + caseId + "]").contains("Score 10 (promoter)");
        assertThat(get("/cases/" + caseId).body()).contains("\"status\":\"open\"");

        // Someone completes it in HubSpot; the app's subscription posts the signed event to the stack.
        var completed = HTTP.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/crm/v3/objects/tasks/" + task.get("id")))
                .header("Authorization", "Bearer local-hubspot-token").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"properties\":{\"hs_task_status\":\"COMPLETED\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(completed.statusCode()).isEqualTo(200);

        assertThat(hubspot.webhookDeliveries()).as("log:%n%s", LOG).containsExactly(200);
        var contacted = get("/cases/" + caseId);
        assertThat(contacted.statusCode()).isEqualTo(200);
        assertThat(contacted.body()).contains("\"status\":\"contacted\"").contains("\"by\":\"hubspot\"");
        // Completed again (no change): HubSpot sends nothing more.
        HTTP.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/crm/v3/objects/tasks/" + task.get("id")))
                .header("Authorization", "Bearer local-hubspot-token").header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"properties\":{\"hs_task_status\":\"COMPLETED\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hubspot.webhookDeliveries()).hasSize(1);
    }
    @Test
    void erasingTheCustomerArchivesTheirTaskAndDeletesTheContactTheConnectorCreated() throws Exception {
        var caseId = "generic:resp-hs-erased";
        assertThat(post("generic-detractor.json", "resp-hs-erased", "cust-hs-2")).isEqualTo(202);
        var tasks = tasksFor(caseId, Duration.ofSeconds(30));
        assertThat(tasks).as("log:%n%s", LOG).hasSize(1);
        var contact = hubspot.all("contacts").stream().filter(c -> "maria.gomez@example.com".equals(props(c).get("email")))
                .findFirst().orElseThrow();
        assertThat(props(contact)).containsEntry("nps_loop_created_contact", "true");

        var erased = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/customers/cust-hs-2")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).contains("\"hubspotTasks\":1").contains("\"hubspotContacts\":1");
        assertThat(hubspot.all("tasks")).noneMatch(t -> String.valueOf(props(t).get("hs_task_body")).contains("[nps-loop:" + caseId + "]"));
        assertThat(hubspot.archived("tasks")).extracting(t -> t.get("id")).contains(tasks.get(0).get("id"));
        assertThat(hubspot.gdprDeleted()).contains((String) contact.get("id"));
        assertThat(hubspot.all("contacts")).noneMatch(c -> "maria.gomez@example.com".equals(props(c).get("email")));
    }
}
