package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.config.ActionLinkSettings;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalHubSpot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
 * which marks the case contacted. People referred on the referral page, and a recovery case resolved,
 * reach the contact's properties through the topic's relationship messages. Erasing the customer
 * through the stack reaches the same HubSpot.
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
        return post(sample, responseId, customer, "acct-globex");
    }

    private static int post(String sample, String responseId, String customer, String account) throws Exception {
        return post(sample, responseId, customer, account, null);
    }

    /** As above, with the sample's email replaced by {@code email} when given: a customer of their own in HubSpot. */
    private static int post(String sample, String responseId, String customer, String account, String email) throws Exception {
        var text = Files.readString(Main.findEvents().resolve(sample), StandardCharsets.UTF_8)
                .replaceAll("resp-2026-11-000\\d", responseId).replaceAll("cust-\\d+", customer)
                .replace("acct-globex", account);
        var body = (email == null ? text : text.replaceAll("[\\w.+-]+@example\\.com", email))
                .getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/generic")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signer.headers("generic", body, stack.functionEnvironment()).forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The contact's properties once {@code property} reads {@code value}, or as they are after {@code wait}. */
    private static Map<String, String> contactOnce(String email, String property, String value, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<String, String> found = Map.of();
        do {
            found = hubspot.all("contacts").stream().filter(c -> email.equals(props(c).get("email"))).findFirst()
                    .map(HubSpotEndToEndTest::props).orElse(Map.of());
            if (value.equals(found.get(property))) {
                return found;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return found;
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

        // The promoter names two people on their referral page: the contact shows them, and the score still.
        var keys = ActionLinkKeys.parse(stack.functionEnvironment().get(ActionLinkSettings.ACTION_LINK_KEYS.variable()));
        var link = ReferralLink.of(caseId, Instant.now(), Duration.ofDays(30));
        var stamp = URLEncoder.encode(link.stamp(keys, Instant.now().minusSeconds(10)), StandardCharsets.UTF_8);
        var people = "shown=" + stamp + "&name1=Lee+Park&contact1=lee.park%40example.com&consent1=yes"
                + "&name2=Kim+Roe&contact2=kim.roe%40example.com&consent2=yes";
        var referred = send("POST", ReferralLink.PATH + link.sign(keys), "application/x-www-form-urlencoded", people);
        assertThat(referred.statusCode()).as(referred.body()).isEqualTo(200);

        var contact = contactOnce("sam.lee@example.com", "nps_referrals_given", "2", Duration.ofSeconds(30));
        assertThat(contact).as("log:%n%s", LOG).containsEntry("nps_referrals_given", "2").containsEntry("nps_last_score", "10")
                .containsEntry("nps_open_recovery_case", "false");
        // A step on the case is no task.
        assertThat(tasksFor(caseId, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aDetractorsRecoveryShowsAsAnOpenCaseOnTheContactUntilTheCaseIsResolved() throws Exception {
        var caseId = "generic:resp-hs-detractor";
        // An account in the recovery's treatment arm, so a case opens.
        assertThat(post("generic-detractor.json", "resp-hs-detractor", "cust-hs-2", "acct-initrode")).isEqualTo(202);
        assertThat(tasksFor(caseId, Duration.ofSeconds(30))).as("log:%n%s", LOG).hasSize(1);
        var open = contactOnce("maria.gomez@example.com", "nps_open_recovery_case", "true", Duration.ofSeconds(10));
        assertThat(open).containsEntry("nps_open_recovery_case", "true").containsEntry("nps_category", "detractor");

        // Contacted, then resolved through the cases API.
        var json = "application/json";
        assertThat(send("POST", "/cases/" + caseId + "/events", json, "{\"type\":\"contacted\",\"by\":\"lee@team.example\"}")
                .body()).contains("\"status\":\"contacted\"");
        assertThat(send("POST", "/cases/" + caseId + "/events", json, "{\"type\":\"resolved\",\"by\":\"lee@team.example\"}")
                .body()).contains("\"status\":\"resolved\"");

        var resolved = contactOnce("maria.gomez@example.com", "nps_open_recovery_case", "false", Duration.ofSeconds(30));
        assertThat(resolved).as("log:%n%s", LOG).containsEntry("nps_open_recovery_case", "false").containsEntry("nps_referrals_given", "0");
    }
    @Test
    void erasingTheCustomerArchivesTheirTaskAndDeletesTheContactTheConnectorCreated() throws Exception {
        var caseId = "generic:resp-hs-erased";
        assertThat(post("generic-detractor.json", "resp-hs-erased", "cust-hs-3", "acct-globex", "ana.erased@example.com")).isEqualTo(202);
        var tasks = tasksFor(caseId, Duration.ofSeconds(30));
        assertThat(tasks).as("log:%n%s", LOG).hasSize(1);
        var contact = hubspot.all("contacts").stream().filter(c -> "ana.erased@example.com".equals(props(c).get("email")))
                .findFirst().orElseThrow();
        assertThat(props(contact)).containsEntry("nps_loop_created_contact", "true");

        var erased = HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve("/customers/cust-hs-3")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(erased.body()).contains("\"hubspotTasks\":1").contains("\"hubspotContacts\":1");
        assertThat(hubspot.all("tasks")).noneMatch(t -> String.valueOf(props(t).get("hs_task_body")).contains("[nps-loop:" + caseId + "]"));
        assertThat(hubspot.archived("tasks")).extracting(t -> t.get("id")).contains(tasks.get(0).get("id"));
        assertThat(hubspot.gdprDeleted()).contains((String) contact.get("id"));
        assertThat(hubspot.all("contacts")).noneMatch(c -> "ana.erased@example.com".equals(props(c).get("email")));
    }
}
