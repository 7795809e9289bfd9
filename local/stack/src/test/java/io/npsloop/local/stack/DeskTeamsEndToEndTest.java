package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Teams and roles managed from the desk over HTTP, with real tokens of the local issuer, whose
 * pool the cases function reaches through the same Cognito adapter as in AWS: who may do what,
 * the changes and when they reach a person's token, and what the log keeps of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskTeamsEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static LocalStack stack;
    private static String admin;
    private static String agent;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalAws.shared(), "teams-" + UUID.randomUUID().toString().substring(0, 8), "127.0.0.1", 0,
                Map.of("LOCAL_DATA_DIR", Files.createTempDirectory("teams-data").toString()), new PrintStream(LOG, true, StandardCharsets.UTF_8));
        admin = LocalDeskSignIn.accessToken(stack.baseUrl(), "admin@example.com", "admin-local-password");
        agent = LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAgentMayNotManageTeamsButSeesWhomACaseMayBeGivenTo() throws Exception {
        assertThat(send("GET", "/desk/api/teams", agent).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/desk/api/teams/billing/members/agent@example.com", agent).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/desk/api/people/agent@example.com/roles/admin", agent).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/desk/api/teams", null).statusCode()).isEqualTo(401);

        var people = send("GET", "/desk/api/people", agent);
        assertThat(people.statusCode()).isEqualTo(200);
        var body = JSON.std.mapFrom(people.body());
        assertThat(body).containsEntry("teams", List.of("support")).containsEntry("next", null);
        assertThat(emails(body.get("people"))).as("the admin works no cases").containsExactly("agent@example.com", "lead@example.com");
        assertThat(send("GET", "/desk/api/people?from=x", agent).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void anAdminPutsTheAgentInBillingAndTheirNextTokenCarriesIt() throws Exception {
        var added = send("PUT", "/desk/api/teams/billing/members/agent@example.com", admin);
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(added.body())).containsEntry("subject", "local-agent-0001")
                .containsEntry("teams", List.of("billing", "support")).containsEntry("roles", List.of("agent"));
        var again = send("PUT", "/desk/api/teams/billing/members/agent@example.com", admin);
        assertThat(again.statusCode()).as("the same again").isEqualTo(200);
        assertThat(again.body()).isEqualTo(added.body());

        var teams = JSON.std.mapFrom(send("GET", "/desk/api/teams", admin).body());
        @SuppressWarnings("unchecked")
        var list = (List<Map<String, Object>>) teams.get("teams");
        assertThat(list).extracting(team -> team.get("name")).containsExactly("billing", "support");
        assertThat(emails(list.get(0).get("members"))).containsExactly("agent@example.com");

        // The token signed in before still says what it said; the next sign-in's says billing too.
        assertThat(JSON.std.mapFrom(send("GET", "/desk/api/me", agent).body())).containsEntry("teams", List.of("support"));
        var next = LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password");
        var me = JSON.std.mapFrom(send("GET", "/desk/api/me", next).body());
        // Each team in a token is a queue filter the page offers (team:billing).
        assertThat(me).containsEntry("teams", List.of("billing", "support"));

        var removed = send("DELETE", "/desk/api/teams/billing/members/agent@example.com", admin);
        assertThat(JSON.std.mapFrom(removed.body())).containsEntry("teams", List.of("support"));
        assertThat(send("DELETE", "/desk/api/teams/billing/members/agent@example.com", admin).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void anAdminGivesAndTakesRolesButNotTheirOwnAdminRole() throws Exception {
        var granted = send("PUT", "/desk/api/people/agent@example.com/roles/lead", admin);
        assertThat(JSON.std.mapFrom(granted.body())).containsEntry("roles", List.of("agent", "lead"));
        var me = JSON.std.mapFrom(send("GET", "/desk/api/me",
                LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password")).body());
        assertThat(me).containsEntry("roles", List.of("agent", "lead"));
        assertThat(JSON.std.mapFrom(send("DELETE", "/desk/api/people/agent@example.com/roles/lead", admin).body()))
                .containsEntry("roles", List.of("agent"));

        var own = send("DELETE", "/desk/api/people/admin@example.com/roles/admin", admin);
        assertThat(own.statusCode()).isEqualTo(409);
        assertThat(own.body()).contains("own admin role");
        assertThat(JSON.std.mapFrom(send("GET", "/desk/api/me",
                LocalDeskSignIn.accessToken(stack.baseUrl(), "admin@example.com", "admin-local-password")).body()))
                .containsEntry("roles", List.of("admin"));
        assertThat(send("PUT", "/desk/api/people/admin@example.com/roles/agent", admin).statusCode()).as("giving oneself more").isEqualTo(200);
    }

    @Test
    @Order(4)
    void badNamesAreRefusedNamingTheFieldAndUnknownPeopleAreNotFound() throws Exception {
        var badTeam = send("PUT", "/desk/api/teams/Billing%20EU/members/agent@example.com", admin);
        assertThat(badTeam.statusCode()).isEqualTo(400);
        assertThat(badTeam.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(badTeam.body()).contains("\"field\":\"team\"");
        var badRole = send("PUT", "/desk/api/people/agent@example.com/roles/owner", admin);
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(badRole.body()).contains("\"field\":\"role\"");
        assertThat(send("PUT", "/desk/api/teams/billing/members/not-an-email", admin).body()).contains("\"field\":\"email\"");

        var unknown = send("PUT", "/desk/api/teams/billing/members/stranger@example.com", admin);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).doesNotContain("stranger");
        assertThat(send("DELETE", "/desk/api/people/stranger@example.com/roles/agent", admin).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void eachChangeIsLoggedBySubjectIdsAndNoEmailIsLogged() {
        var log = LOG.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("\"message\":\"desk change\"", "\"by\":\"local-admin-0001\"", "\"whom\":\"local-agent-0001\"",
                "\"change\":\"add-to-team\"", "\"group\":\"team-billing\"", "\"change\":\"revoke-role\"");
        assertThat(log).doesNotContain("@example.com").doesNotContain("Alex Agent");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> emails(Object people) {
        return ((List<Map<String, Object>>) people).stream().map(p -> p.get("email")).toList();
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
