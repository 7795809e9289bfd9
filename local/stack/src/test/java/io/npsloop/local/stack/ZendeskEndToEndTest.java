package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.LocalZendesk;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Zendesk connector through the local stack, as in AWS: a signed detractor becomes one ticket
 * on the local Zendesk (its queue subscribed to the topic with the template's filter policy);
 * solving it there sends the trigger's signed webhook to {@code POST /connectors/zendesk}, which
 * resolves the case; a promoter opens none; erasing the customer deletes the ticket and the end user
 * the connector created for them.
 */
// The escalation check counts every open case of this stack's table: the promoter's referral case opens after it.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZendeskEndToEndTest {

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalStack stack;
    private static LocalZendesk zendesk;

    @BeforeAll
    static void start() throws Exception {
        var env = new HashMap<>(LocalStack.LOCAL_ZENDESK);
        env.put("LOCAL_DATA_DIR", Files.createTempDirectory("local-data").toString());
        stack = LocalStack.start(LocalAws.shared(), "zd-" + UUID.randomUUID().toString().substring(0, 8),
                "127.0.0.1", 0, env, new PrintStream(LOG, true, StandardCharsets.UTF_8));
        zendesk = stack.zendesk().orElseThrow();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A sample posted signed, as the tool sends it, for a customer and account of this test. */
    private static int post(String sample, String responseId, String customer) throws Exception {
        var body = Files.readString(Main.findEvents().resolve(sample), StandardCharsets.UTF_8)
                .replaceAll("resp-2026-11-000\\d", responseId).replaceAll("cust-\\d+", customer)
                // An account whose hash puts it in the treatment arm, so a case opens.
                .replace("acct-globex", "acct-initrode").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve("/webhooks/generic")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Signer.headers("generic", body, stack.functionEnvironment()).forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(stack.baseUrl().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<String, Object>> ticketsFor(String caseId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Map<String, Object>> found;
        do {
            found = zendesk.tickets().stream().filter(t -> caseId.equals(t.get("external_id"))).toList();
            if (!found.isEmpty()) {
                // One more poll or two: a second ticket would show up here.
                Thread.sleep(2500);
                return zendesk.tickets().stream().filter(t -> caseId.equals(t.get("external_id"))).toList();
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return found;
    }

    @Test
    @Order(1)
    void aDetractorBecomesOneTicketAndSolvingItResolvesTheCase() throws Exception {
        var caseId = "generic:resp-zd-detractor";
        assertThat(post("generic-detractor.json", "resp-zd-detractor", "cust-zd-1")).isEqualTo(202);

        var tickets = ticketsFor(caseId, Duration.ofSeconds(30));

        assertThat(tickets).as("exactly one ticket; log:%n%s", LOG).singleElement().satisfies(ticket -> {
            assertThat(ticket).containsEntry("priority", "high").containsEntry("status", "new");
            // No one had that email in Zendesk: the connector created the end user, with its mark.
            var requester = zendesk.user(((Number) ticket.get("requester_id")).longValue()).orElseThrow();
            assertThat(requester).containsEntry("name", "María Gómez").containsEntry("email", "maria.gomez@example.com");
            assertThat(requester.get("tags")).isEqualTo(List.of("nps_loop_created"));
            assertThat(ticket.get("comment")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("public", false)
                    .extractingByKey("body").asString().contains("The March invoice was wrong twice").contains(caseId);
            assertThat(ticket.get("tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                    .contains("nps-loop", "nps-value-high");
        });
        assertThat(send("GET", "/cases/" + caseId).body()).contains("\"status\":\"open\"");

        // An agent solves it in Zendesk; the trigger posts the signed webhook to the stack.
        assertThat(zendesk.solve(((Number) tickets.get(0).get("id")).longValue())).isTrue();

        assertThat(zendesk.webhookDeliveries()).containsExactly(200);
        var resolved = send("GET", "/cases/" + caseId);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(resolved.body()).contains("\"status\":\"resolved\"").contains("\"by\":\"zendesk\"");
        var escalation = new EscalationFunction(new Settings(stack.functionEnvironment()),
                Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        assertThat(escalation).as("nothing overdue, a month on").containsEntry("overdue", 0).containsEntry("escalated", 0);

        // Erased on request: the ticket and the end user the connector created go from Zendesk too, permanently.
        var erased = send("DELETE", "/customers/cust-zd-1");
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(erased.body()).contains("\"zendeskTickets\":1").contains("\"zendeskUsers\":1");
        assertThat(zendesk.tickets()).noneSatisfy(t -> assertThat(t.get("external_id")).isEqualTo(caseId));
        assertThat(zendesk.deletedTickets()).isEmpty();
        assertThat(zendesk.users()).noneSatisfy(u -> assertThat(u.get("email")).isEqualTo("maria.gomez@example.com"));
        assertThat(zendesk.deletedUsers()).isEmpty();
    }

    @Test
    @Order(2)
    void aPromoterOpensNoTicket() throws Exception {
        assertThat(post("generic-promoter.json", "resp-zd-promoter", "cust-zd-2")).isEqualTo(202);

        assertThat(ticketsFor("generic:resp-zd-promoter", Duration.ofSeconds(5))).isEmpty();
        assertThat(zendesk.requests()).noneSatisfy(r -> assertThat(r.path()).contains("resp-zd-promoter"));
    }
}
