package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.config.ActionLinkSettings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.local.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every route of the local stack driven over HTTP with valid and invalid requests, each answer
 * checked against docs/openapi.yaml: its status is declared for the route, its content type too,
 * and its body validates against the declared schema. The report routes run with
 * REPORT_API_TOKEN set, and one source's secret is malformed, so 401 and 503 are real answers too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractTest {

    private static final String TOKEN = "contract-report-token";
    private static final String URL_TOKEN = "contract-url-token-of-forty-characters-";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    private static OpenApiDocument document;
    private static LocalStack stack;
    /** One run's ids, so nothing here meets another test's items. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        document = OpenApiDocument.load();
        var data = Files.createTempDirectory("openapi-data");
        stack = LocalStack.start(LocalAws.shared(), "openapi-" + RUN, "127.0.0.1", 0, Map.ofEntries(
                Map.entry("LOCAL_DATA_DIR", data.toString()),
                Map.entry("REPORT_API_TOKEN", TOKEN),
                // Not base64 after whsec_: the function cannot use it, so Formbricks webhooks get 503.
                Map.entry("WEBHOOK_SECRET_FORMBRICKS", "whsec_%%%not-base64%%%"),
                // The token route: on for Formbricks with a usable token, on for generic with one too short to use.
                Map.entry("URL_TOKEN_SOURCES", "formbricks,generic"),
                Map.entry("WEBHOOK_SECRET_FORMBRICKS_URL_TOKEN", URL_TOKEN),
                Map.entry("WEBHOOK_SECRET_GENERIC_URL_TOKEN", "too-short"),
                Map.entry("ZENDESK_PARAMETER_PATH", "/nps-loop/zendesk/"),
                Map.entry("ZENDESK_SECRETS", "webhook-secret=" + ZENDESK_SECRET),
                Map.entry("HUBSPOT_PARAMETER_PATH", "/nps-loop/hubspot/"),
                Map.entry("HUBSPOT_SECRETS", "client-secret=" + HUBSPOT_SECRET),
                Map.entry("HUBSPOT_WEBHOOK_URL", HUBSPOT_URL)), new PrintStream(LOG, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---- webhooks

    @Test
    @Order(1)
    void webhooksAnswerAsDocumented() throws Exception {
        var route = "POST /webhooks/{source}";
        var generic = genericBody("detractor-" + RUN, "cust-d-" + RUN, "acct-d-" + RUN, 3);
        assertThat(document.problems("GenericResponse", generic)).as("the generic sample is a GenericResponse").isEmpty();
        var headers = Signer.headers("generic", bytes(generic), stack.functionEnvironment());
        assertThat(call(route, post("/webhooks/generic", headers, bytes(generic))).body()).contains("\"followUp\"");
        assertThat(call(route, post("/webhooks/generic", headers, bytes(generic))).statusCode()).as("retry").isEqualTo(200);

        // Each tool's own payload, as the samples carry them.
        for (var sample : List.of("typeform-promoter.json", "delighted-detractor.json", "delighted-detractor-updated.json",
                "asknicely-promoter.json", "asknicely-detractor.json", "asknicely-detractor-updated.json")) {
            var source = sample.substring(0, sample.indexOf('-'));
            var signed = Signer.sign(source, sample(sample), stack.functionEnvironment());
            assertThat(call(route, post("/webhooks/" + source, signed.headers(), signed.body())).statusCode()).as(sample).isLessThan(300);
        }
        var ignored = new String(sample("typeform-detractor.json"), StandardCharsets.UTF_8)
                .replace("\"event_type\": \"form_response\"", "\"event_type\": \"form_response_partial\"");
        assertThat(ignored).contains("form_response_partial");
        var signedIgnored = Signer.sign("typeform", bytes(ignored), stack.functionEnvironment());
        assertThat(call(route, post("/webhooks/typeform", signedIgnored.headers(), signedIgnored.body())).body()).contains("\"ignored\":true");

        // Notices whose responses are read from the tools' APIs.
        var monkey = Signer.sign("surveymonkey", sample("surveymonkey-response-completed.json"), stack.functionEnvironment());
        assertThat(call(route, post("/webhooks/surveymonkey", monkey.headers(), monkey.body())).statusCode()).isEqualTo(202);
        assertThat(call(route, post("/webhooks/surveymonkey", monkey.headers(), monkey.body())).body()).contains("\"fetch\"");
        var qualtrics = Signer.sign("qualtrics", sample("qualtrics-completed-response.json"), stack.functionEnvironment());
        assertThat(call(route, post("/webhooks/qualtrics", qualtrics.headers(), qualtrics.body())).statusCode()).isEqualTo(202);

        // Turned away: each is documented, with problem details.
        var outOfRange = genericBody("bad-" + RUN, "cust-bad-" + RUN, "acct-bad", 11);
        var invalid = call(route, post("/webhooks/generic", Signer.headers("generic", bytes(outOfRange), stack.functionEnvironment()),
                bytes(outOfRange)));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("\"errors\"");
        assertThat(call(route, post("/webhooks/generic", Signer.headers("generic", bytes("{not json"), stack.functionEnvironment()),
                bytes("{not json"))).statusCode()).isEqualTo(400);
        var notUtf8 = new byte[] {'{', (byte) 0xff, '}'};
        assertThat(call(route, post("/webhooks/generic", Signer.headers("generic", notUtf8, stack.functionEnvironment()), notUtf8))
                .body()).contains("UTF-8");
        var tampered = new HashMap<>(headers);
        tampered.put("webhook-signature", "v1,AAAA");
        assertThat(call(route, post("/webhooks/generic", tampered, bytes(generic))).statusCode()).isEqualTo(401);
        assertThat(call(route, post("/webhooks/no-such-tool", headers, bytes(generic))).statusCode()).isEqualTo(404);
        var huge = bytes(genericBody("huge-" + RUN, "cust-huge-" + RUN, "x".repeat(70_000), 5));
        assertThat(call(route, post("/webhooks/generic", Signer.headers("generic", huge, stack.functionEnvironment()), huge))
                .statusCode()).isEqualTo(413);
        var plain = new HashMap<>(Signer.headers("generic", bytes(generic), stack.functionEnvironment()));
        plain.put("content-type", "text/plain");
        assertThat(call(route, post("/webhooks/generic", plain, bytes(generic))).statusCode()).isEqualTo(415);
        var formbricks = bytes(new String(sample("formbricks-promoter.json"), StandardCharsets.UTF_8));
        var unusable = call(route, post("/webhooks/formbricks", standardWebhooksHeaders(formbricks), formbricks));
        assertThat(unusable.statusCode()).isEqualTo(503);
        assertThat(unusable.headers().firstValue("retry-after")).isPresent();
    }

    @Test
    @Order(2)
    void theWebhookUrlAnswersHeadAndTakesATokenWhereEnabledAsDocumented() throws Exception {
        var head = "HEAD /webhooks/{source}";
        var known = call(head, send("HEAD", "/webhooks/surveymonkey", Map.of(), null));
        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(known.body()).isEmpty();
        assertThat(call(head, send("HEAD", "/webhooks/no-such-tool", Map.of(), null)).statusCode()).isEqualTo(404);

        var route = "POST /webhooks/{source}/{token}";
        var formbricks = sample("formbricks-promoter.json");
        var json = Map.of("content-type", "application/json");
        assertThat(URL_TOKEN).hasSizeGreaterThanOrEqualTo(32);
        // Unsigned: the token is the proof.
        assertThat(call(route, post("/webhooks/formbricks/" + URL_TOKEN, json, formbricks)).statusCode()).isEqualTo(202);
        assertThat(call(route, post("/webhooks/formbricks/" + URL_TOKEN, json, formbricks)).statusCode()).as("retry").isEqualTo(200);
        var wrong = call(route, post("/webhooks/formbricks/not-" + URL_TOKEN, json, formbricks));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain(URL_TOKEN);
        assertThat(call(route, post("/webhooks/typeform/" + URL_TOKEN, json, formbricks)).statusCode()).as("not enabled").isEqualTo(404);
        assertThat(call(route, post("/webhooks/generic/too-short", json, formbricks)).statusCode()).as("token too short").isEqualTo(503);
        var plain = call(route, post("/webhooks/formbricks/" + URL_TOKEN, Map.of("content-type", "text/plain"), formbricks));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(call(route, post("/webhooks/formbricks/" + URL_TOKEN, json, bytes("{not json"))).statusCode()).isEqualTo(400);
        assertThat(LOG.toString(StandardCharsets.UTF_8)).as("the stack's log").doesNotContain(URL_TOKEN);
    }

    @Test
    @Order(2)
    void anErasedCustomersLateAnswerIsAnsweredAsDocumented() throws Exception {
        var body = bytes(genericBody("erased-" + RUN, "cust-e-" + RUN, "acct-e-" + RUN, 8));
        var route = "POST /webhooks/{source}";
        assertThat(call(route, post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body))
                .statusCode()).isEqualTo(202);
        var erase = "DELETE /customers/{id}";
        var erased = call(erase, send("DELETE", "/customers/cust-e-" + RUN, Map.of(), null));
        assertThat(erased.body()).contains("\"erasedBefore\":false");
        assertThat(call(erase, send("DELETE", "/customers/cust-e-" + RUN + "?scan=true", Map.of(), null)).body())
                .contains("\"erasedBefore\":true", "\"scanned\":true");
        assertThat(call(route, post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body)).body())
                .contains("\"erased\":true");
        assertThat(call(erase, send("DELETE", "/customers/nobody-" + RUN, Map.of(), null)).statusCode()).isEqualTo(404);
        assertThat(call(erase, send("DELETE", "/customers/cust-e-" + RUN + "?scan=yes", Map.of(), null)).statusCode()).isEqualTo(400);
        assertThat(call(erase, send("DELETE", "/customers/" + "c".repeat(201), Map.of(), null)).statusCode()).isEqualTo(400);
    }

    // ---- quarantine

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void theQuarantineAnswersAsDocumented() throws Exception {
        var list = call("GET /quarantine", send("GET", "/quarantine", Map.of(), null));
        assertThat(list.statusCode()).isEqualTo(200);
        var requests = (List<Map<String, Object>>) JSON.std.mapFrom(list.body()).get("requests");
        assertThat(requests).extracting(r -> r.get("outcome"))
                .contains("invalid", "malformed", "bad-signature", "bad-token", "unknown-source", "too-large", "unsupported-media-type",
                        "not-configured");
        assertThat(requests).filteredOn(r -> "bad-token".equals(r.get("outcome")))
                .allSatisfy(r -> assertThat(r).containsEntry("path", "/webhooks/formbricks/[url-token]").containsEntry("replayable", false));
        call("GET /quarantine", send("GET", "/quarantine?day=" + LocalDate.now(ZoneOffset.UTC).minusDays(1), Map.of(), null));
        assertThat(call("GET /quarantine", send("GET", "/quarantine?day=yesterday", Map.of(), null)).statusCode()).isEqualTo(400);

        var show = "GET /quarantine/{id}";
        var replay = "POST /quarantine/{id}/replay";
        for (var request : requests) {
            var id = (String) request.get("id");
            assertThat(call(show, send("GET", "/quarantine/" + id, Map.of(), null)).statusCode()).isEqualTo(200);
            var replayed = call(replay, send("POST", "/quarantine/" + id + "/replay", Map.of(), null));
            assertThat(replayed.statusCode()).as("replaying %s", request.get("outcome"))
                    .isEqualTo(Boolean.TRUE.equals(request.get("replayable")) ? 200 : 409);
        }
        // Once replayed, the list shows the replay too.
        call("GET /quarantine", send("GET", "/quarantine", Map.of(), null));
        var replayedOnce = (String) requests.stream().filter(r -> Boolean.TRUE.equals(r.get("replayable"))).findFirst().orElseThrow().get("id");
        assertThat(call(show, send("GET", "/quarantine/" + replayedOnce, Map.of(), null)).body()).contains("\"lastReplayStatus\"");
        assertThat(call(show, send("GET", "/quarantine/0000000000000-000000000000", Map.of(), null)).statusCode()).isEqualTo(404);
        assertThat(call(show, send("GET", "/quarantine/not-an-id", Map.of(), null)).statusCode()).isEqualTo(404);
        assertThat(call(replay, send("POST", "/quarantine/0000000000000-000000000000/replay", Map.of(), null)).statusCode())
                .isEqualTo(404);
    }

    // ---- cases

    @Test
    @Order(4)
    void casesAnswerAsDocumented() throws Exception {
        var body = bytes(genericBody("case-" + RUN, "cust-c-" + RUN, treatedAccount("case"), 2));
        var accepted = call("POST /webhooks/{source}", post("/webhooks/generic",
                Signer.headers("generic", body, stack.functionEnvironment()), body));
        assertThat(accepted.body()).contains("\"status\":\"pending\"");
        var id = "generic:case-" + RUN;

        var list = "GET /cases";
        assertThat(call(list, send("GET", "/cases", Map.of(), null)).body()).contains("\"id\":\"" + id + "\"");
        call(list, send("GET", "/cases?action=recovery&limit=5&dueBefore=" + Instant.now().plus(Duration.ofDays(30)), Map.of(), null));
        call(list, send("GET", "/cases?action=referral", Map.of(), null));
        for (var bad : List.of("action=refund", "limit=0", "limit=501", "limit=x", "dueBefore=tomorrow")) {
            assertThat(call(list, send("GET", "/cases?" + bad, Map.of(), null)).statusCode()).as(bad).isEqualTo(400);
        }

        var show = "GET /cases/{id}";
        assertThat(call(show, send("GET", "/cases/" + id, Map.of(), null)).body()).contains("\"status\":\"open\"");
        assertThat(call(show, send("GET", "/cases/" + URLEncoder.encode(id, StandardCharsets.UTF_8), Map.of(), null)).statusCode())
                .isEqualTo(200);
        assertThat(call(show, send("GET", "/cases/generic:nothing-" + RUN, Map.of(), null)).statusCode()).isEqualTo(404);
        assertThat(call(show, send("GET", "/cases/no-colon", Map.of(), null)).statusCode()).isEqualTo(404);

        var events = "POST /cases/{id}/events";
        var contacted = "{\"type\":\"contacted\",\"by\":\"lee@team.example\",\"note\":\"called\"}";
        assertThat(document.requestProblems(events, "application/json", contacted)).isEmpty();
        var json = Map.of("content-type", "application/json");
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes(contacted))).body()).contains("\"status\":\"contacted\"");
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes(contacted))).statusCode()).isEqualTo(409);
        var note = "{\"type\":\"note\",\"by\":\"lee@team.example\"}";
        assertThat(document.requestProblems(events, "application/json", note)).isEmpty();
        call(events, post("/cases/" + id + "/events", json, bytes(note)));
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes("{\"type\":\"called\"}"))).body())
                .contains("\"field\":\"type\"", "\"field\":\"by\"");
        assertThat(document.requestProblems(events, "application/json", "{\"type\":\"called\"}")).as("the document refuses it too")
                .isNotEmpty();
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes("not json"))).statusCode()).isEqualTo(400);
        assertThat(call(events, post("/cases/generic:nothing-" + RUN + "/events", json, bytes(contacted))).statusCode())
                .isEqualTo(404);
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes("{\"type\":\"closed\",\"by\":\"lee\"}"))).statusCode())
                .isEqualTo(200);
        assertThat(call(events, post("/cases/" + id + "/events", json, bytes(note))).statusCode()).as("after closed").isEqualTo(409);
    }

    // ---- the desk's JSON routes

    @Test
    @Order(4)
    void theDeskRoutesAskForSignInAsDocumented() throws Exception {
        // Without a token every desk route answers 401, whatever it is asked, so nothing is open.
        var json = Map.of("content-type", "application/json", "authorization", "Bearer not-a-session");
        var id = "generic:desk-" + RUN;
        assertThat(call("GET /desk/api/queue", send("GET", "/desk/api/queue?owner=mine", json, null)).statusCode()).isEqualTo(401);
        assertThat(call("GET /desk/api/cases/{id}", send("GET", "/desk/api/cases/" + id, json, null)).statusCode()).isEqualTo(401);
        for (var step : List.of("claim", "assign", "attempts", "events", "outcomes", "referrals")) {
            var answer = call("POST /desk/api/cases/{id}/" + step, post("/desk/api/cases/" + id + "/" + step, json, bytes("{}")));
            assertThat(answer.statusCode()).as(step).isEqualTo(401);
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
        }
        assertThat(call("GET /desk/api/lead", send("GET", "/desk/api/lead", Map.of(), null)).statusCode()).isEqualTo(401);

        // Signed in at the local issuer: what each role may, checked by the same function.
        var agent = Map.of("authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password"));
        var admin = Map.of("authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "admin@example.com", "admin-local-password"));
        assertThat(call("GET /desk/api/queue", send("GET", "/desk/api/queue?owner=mine", agent, null)).statusCode()).isEqualTo(200);
        assertThat(call("GET /desk/api/lead", send("GET", "/desk/api/lead", agent, null)).statusCode()).as("an agent").isEqualTo(403);
        assertThat(call("GET /desk/api/queue", send("GET", "/desk/api/queue", admin, null)).statusCode()).as("an admin alone").isEqualTo(403);
    }

    // ---- the action link page

    @Test
    @Order(4)
    void theActionLinkPageAnswersAsDocumented() throws Exception {
        var body = bytes(genericBody("link-" + RUN, "cust-l-" + RUN, treatedAccount("link"), 2));
        call("POST /webhooks/{source}", post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body));
        var id = "generic:link-" + RUN;
        var keys = ActionLinkKeys.parse(stack.functionEnvironment().get(ActionLinkSettings.ACTION_LINK_KEYS.variable()));
        var week = Instant.now().plus(Duration.ofDays(7));
        var contacted = keys.sign(new ActionLink(id, CaseEvent.Type.CONTACTED, week));
        var show = "GET " + ActionLink.PATH;
        var confirm = "POST " + ActionLink.PATH;
        var page = call(show, send("GET", ActionLink.PATH + "?t=" + contacted, Map.of(), null));
        assertThat(page.body()).contains("<form method=\"post\" action=\"act\">");
        assertThat(page.headers().firstValue("content-security-policy").orElseThrow()).startsWith("default-src 'none'");

        var form = Map.of("content-type", "application/x-www-form-urlencoded");
        var sameSite = Map.of("content-type", "application/x-www-form-urlencoded", "sec-fetch-site", "same-origin");
        assertThat(call(confirm, post(ActionLink.PATH, Map.of("content-type", "application/x-www-form-urlencoded",
                "sec-fetch-site", "cross-site"), bytes("t=" + contacted))).statusCode()).isEqualTo(403);
        // The sample respondent writes Spanish, so the pages are in Spanish.
        assertThat(call(confirm, post(ActionLink.PATH, sameSite, bytes("t=" + contacted))).body()).contains("registrado");
        assertThat(call(confirm, post(ActionLink.PATH, form, bytes("t=" + contacted))).body()).as("again").contains("ya estaba hecho");
        var shown = call("GET /cases/{id}", send("GET", "/cases/" + id, Map.of(), null)).body();
        assertThat(shown).contains("\"status\":\"contacted\"", "\"by\":\"action link\"");
        assertThat(shown.split("\"type\":\"contacted\"", -1)).as("one event, not two").hasSize(2);

        var unresolved = keys.sign(new ActionLink(id, CaseEvent.Type.UNRESOLVED, week));
        call(confirm, post(ActionLink.PATH, form, bytes("t=" + unresolved)));
        var resolved = keys.sign(new ActionLink(id, CaseEvent.Type.RESOLVED, week));
        assertThat(call(show, send("GET", ActionLink.PATH + "?t=" + resolved, Map.of(), null)).statusCode()).isEqualTo(409);
        assertThat(call(confirm, post(ActionLink.PATH, form, bytes("t=" + resolved))).statusCode()).isEqualTo(409);

        var expired = keys.sign(new ActionLink(id, CaseEvent.Type.CONTACTED, Instant.now().minusSeconds(60)));
        assertThat(call(show, send("GET", ActionLink.PATH + "?t=" + expired, Map.of(), null)).statusCode()).isEqualTo(410);
        assertThat(call(confirm, post(ActionLink.PATH, form, bytes("t=" + expired))).statusCode()).isEqualTo(410);
        var tampered = contacted.substring(0, contacted.length() - 2) + "AA";
        assertThat(call(show, send("GET", ActionLink.PATH + "?t=" + tampered, Map.of(), null)).statusCode()).isEqualTo(400);
        assertThat(call(show, send("GET", ActionLink.PATH, Map.of(), null)).statusCode()).isEqualTo(400);
        assertThat(call(confirm, post(ActionLink.PATH, form, bytes("t=" + tampered))).statusCode()).isEqualTo(400);
        var gone = keys.sign(new ActionLink("generic:nothing-" + RUN, CaseEvent.Type.CONTACTED, week));
        assertThat(call(show, send("GET", ActionLink.PATH + "?t=" + gone, Map.of(), null)).statusCode()).isEqualTo(404);
        assertThat(call(confirm, post(ActionLink.PATH, form, bytes("t=" + gone))).statusCode()).isEqualTo(404);
    }

    // ---- the promoter's referral page

    @Test
    @Order(4)
    void theReferralPageAnswersAsDocumented() throws Exception {
        String account = null;
        var holdout = HoldoutAssignment.percent(10, PolicySettings.DEFAULTS.holdout().salt());
        for (int n = 0; account == null; n++) {
            var candidate = "acct-refer-" + RUN + "-" + n;
            account = holdout.armOf("account:" + candidate, Action.REFERRAL) == Arm.TREATMENT ? candidate : null;
        }
        var body = bytes(genericBody("refer-" + RUN, "cust-refer-" + RUN, account, 10));
        call("POST /webhooks/{source}", post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body));
        var id = "generic:refer-" + RUN;
        assertThat(call("GET /cases/{id}", send("GET", "/cases/" + id, Map.of(), null)).body()).contains("\"action\":\"referral\"");
        var keys = ActionLinkKeys.parse(stack.functionEnvironment().get(ActionLinkSettings.ACTION_LINK_KEYS.variable()));
        var link = ReferralLink.of(id, Instant.now(), Duration.ofDays(30));
        var path = ReferralLink.PATH + link.sign(keys);
        var show = "GET " + ReferralLink.ROUTE;
        var submit = "POST " + ReferralLink.ROUTE;

        var page = call(show, send("GET", path, Map.of(), null));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">");
        var form = Map.of("content-type", "application/x-www-form-urlencoded");
        var stamp = URLEncoder.encode(link.stamp(keys, Instant.now().minusSeconds(10)), StandardCharsets.UTF_8);
        var people = "shown=" + stamp + "&name1=Sam+Lee&contact1=sam." + RUN + "%40example.com&consent1=yes";
        assertThat(call(submit, post(path, Map.of("content-type", "application/x-www-form-urlencoded", "sec-fetch-site", "cross-site"),
                bytes(people))).statusCode()).isEqualTo(403);
        assertThat(call(submit, post(path, form, bytes("shown=" + stamp + "&name1=Sam"))).statusCode()).as("no contact").isEqualTo(400);
        assertThat(call(submit, post(path, form, bytes(people + "&note1=" + "x".repeat(17_000)))).statusCode()).isEqualTo(413);
        assertThat(call(submit, post(path, form, bytes(people))).statusCode()).isEqualTo(200);
        assertThat(call(submit, post(path, form, bytes(people))).body()).as("again").contains("Ya recibido");
        assertThat(call("GET /cases/{id}", send("GET", "/cases/" + id, Map.of(), null)).body())
                .contains("\"by\":\"promoter (referral page)\"", "\"leadId\"");

        var expired = referralPath(new ReferralLink(id, Instant.now().minusSeconds(60)).sign(keys));
        assertThat(call(show, send("GET", expired, Map.of(), null)).statusCode()).isEqualTo(410);
        assertThat(call(submit, post(expired, form, bytes(people))).statusCode()).isEqualTo(410);
        var tampered = path.substring(0, path.length() - 2) + "AA";
        assertThat(call(show, send("GET", tampered, Map.of(), null)).statusCode()).isEqualTo(400);
        assertThat(call(submit, post(tampered, form, bytes(people))).statusCode()).isEqualTo(400);
        // The link's hourly posts: three so far (refusals before the link is read count none), seven more, then refused.
        for (int i = 0; i < 7; i++) {
            call(submit, post(path, form, bytes(people)));
        }
        assertThat(call(submit, post(path, form, bytes(people))).statusCode()).isEqualTo(429);

        // The lead converts: through the API, then the desk; another value is a conflict.
        var leadId = io.npsloop.domain.cases.Referral.leadIdOf("sam." + RUN + "@example.com");
        var convert = "POST /leads/{leadId}/conversion";
        var json = Map.of("content-type", "application/json");
        var bearer = Map.of("content-type", "application/json", "authorization", "Bearer " + TOKEN);
        var conversion = "/leads/" + leadId + "/conversion";
        assertThat(call(convert, post(conversion, json, bytes("{\"value\":120}"))).statusCode()).isEqualTo(401);
        assertThat(call(convert, post(conversion, bearer, bytes("{\"value\":-1}"))).statusCode()).isEqualTo(400);
        assertThat(call(convert, post("/leads/" + io.npsloop.domain.cases.Referral.leadIdOf("nobody-" + RUN + "@example.com")
                + "/conversion", bearer, bytes("{\"value\":120}"))).statusCode()).isEqualTo(404);
        assertThat(document.requestProblems(convert, "application/json", "{\"value\":120}")).isEmpty();
        assertThat(call(convert, post(conversion, bearer, bytes("{\"value\":120}"))).body()).contains("\"status\":\"converted\"");
        assertThat(call(convert, post(conversion, bearer, bytes("{\"value\":99}"))).statusCode()).isEqualTo(409);
        var deskConvert = "POST /desk/api/leads/{leadId}/conversion";
        var agent = Map.of("content-type", "application/json",
                "authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password"));
        var admin = Map.of("content-type", "application/json",
                "authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "admin@example.com", "admin-local-password"));
        assertThat(call(deskConvert, post("/desk/api" + conversion, json, bytes("{\"value\":120}"))).statusCode()).isEqualTo(401);
        assertThat(call(deskConvert, post("/desk/api" + conversion, admin, bytes("{\"value\":120}"))).statusCode()).isEqualTo(403);
        assertThat(call(deskConvert, post("/desk/api" + conversion, agent, bytes("{\"value\":120}"))).statusCode()).isEqualTo(200);
        assertThat(call(deskConvert, post("/desk/api" + conversion, agent, bytes("{\"value\":\"x\"}"))).statusCode()).isEqualTo(400);
        assertThat(call(deskConvert, post("/desk/api" + conversion, agent, bytes("{\"value\":1}"))).statusCode()).isEqualTo(409);
        assertThat(call(deskConvert, post("/desk/api/leads/unknown/conversion", agent, bytes("{\"value\":1}"))).statusCode())
                .isEqualTo(404);
        var desk = call("GET /desk/api/cases/{id}", send("GET", "/desk/api/cases/" + id, agent, null)).body();
        assertThat(desk).contains("\"status\":\"converted\"", "\"personalLink\":\"http");

        // The referred person asks to be erased.
        var erase = "DELETE /referred-people";
        var erased = call(erase, send("DELETE", "/referred-people?contact=SAM." + RUN + "%40example.com", Map.of(), null));
        assertThat(erased.body()).contains("\"leads\":1");
        assertThat(call(erase, send("DELETE", "/referred-people?contact=sam." + RUN + "%40example.com", Map.of(), null)).body())
                .contains("\"erased\":false", "\"leads\":0");
        assertThat(call(erase, send("DELETE", "/referred-people?contact=nope", Map.of(), null)).statusCode()).isEqualTo(400);
        assertThat(call("GET /cases/{id}", send("GET", "/cases/" + id, Map.of(), null)).body()).doesNotContain("Sam Lee");
    }

    private static String referralPath(String token) {
        return ReferralLink.PATH + token;
    }

    // ---- the desk's sign-in

    @Test
    @Order(4)
    void theDesksSignInRoutesAnswerAsDocumented() throws Exception {
        assertThat(call("GET /desk/config.json", send("GET", "/desk/config.json", Map.of(), null)).body()).contains("\"S256\"");
        assertThat(call("GET /desk", send("GET", "/desk", Map.of(), null)).headers().firstValue("location")).hasValue("desk/");
        var shell = call("GET /desk/", send("GET", "/desk/", Map.of(), null)).body();
        var script = shell.replaceAll("(?s).*src=\"assets/([^\"]+)\".*", "$1");
        var style = shell.replaceAll("(?s).*href=\"assets/([^\"]+\\.css)\".*", "$1");
        assertThat(call("GET /desk/assets/{asset}", send("GET", "/desk/assets/" + script, Map.of(), null)).headers()
                .firstValue("content-type").orElseThrow()).startsWith("text/javascript");
        assertThat(call("GET /desk/assets/{asset}", send("GET", "/desk/assets/" + style, Map.of(), null)).headers()
                .firstValue("content-type").orElseThrow()).startsWith("text/css");
        assertThat(call("GET /desk/assets/{asset}", send("GET", "/desk/assets/desk.0000000000000000.js", Map.of(), null)).statusCode())
                .isEqualTo(404);
        var me = "GET /desk/api/me";
        var token = LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password");
        assertThat(call(me, send("GET", "/desk/api/me", Map.of("authorization", "Bearer " + token), null)).body())
                .contains("\"roles\":[\"agent\"]");
        assertThat(call(me, send("GET", "/desk/api/me", Map.of(), null)).statusCode()).isEqualTo(401);
        assertThat(call(me, send("GET", "/desk/api/me", Map.of("authorization", "Bearer " + token + "x"), null)).statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(4)
    void theDesksPeopleAndTeamsRoutesAnswerAsDocumented() throws Exception {
        var agent = Map.of("authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "agent@example.com", "agent-local-password"));
        var admin = Map.of("authorization", "Bearer " + LocalDeskSignIn.accessToken(stack.baseUrl(), "admin@example.com", "admin-local-password"));
        var people = "GET /desk/api/people";
        assertThat(call(people, send("GET", "/desk/api/people", agent, null)).body()).contains("\"agent@example.com\"");
        assertThat(call(people, send("GET", "/desk/api/people?from=nope", agent, null)).statusCode()).isEqualTo(400);
        assertThat(call(people, send("GET", "/desk/api/people", Map.of(), null)).statusCode()).isEqualTo(401);
        // The admin works no cases, so may not see the picker.
        assertThat(call(people, send("GET", "/desk/api/people", admin, null)).statusCode()).isEqualTo(403);
        var teams = "GET /desk/api/teams";
        assertThat(call(teams, send("GET", "/desk/api/teams", admin, null)).body()).contains("\"support\"");
        assertThat(call(teams, send("GET", "/desk/api/teams", agent, null)).statusCode()).isEqualTo(403);
        assertThat(call(teams, send("GET", "/desk/api/teams", Map.of(), null)).statusCode()).isEqualTo(401);

        for (var method : List.of("PUT", "DELETE")) {
            var member = method + " /desk/api/teams/{team}/members/{email}";
            assertThat(call(member, send(method, "/desk/api/teams/contract/members/lead@example.com", admin, null)).statusCode()).isEqualTo(200);
            assertThat(call(member, send(method, "/desk/api/teams/Not_A_Team/members/lead@example.com", admin, null)).statusCode()).isEqualTo(400);
            assertThat(call(member, send(method, "/desk/api/teams/contract/members/nobody@example.com", admin, null)).statusCode()).isEqualTo(404);
            assertThat(call(member, send(method, "/desk/api/teams/contract/members/lead@example.com", agent, null)).statusCode()).isEqualTo(403);
            assertThat(call(member, send(method, "/desk/api/teams/contract/members/lead@example.com", Map.of(), null)).statusCode()).isEqualTo(401);
            var role = method + " /desk/api/people/{email}/roles/{role}";
            assertThat(call(role, send(method, "/desk/api/people/lead@example.com/roles/agent", admin, null)).statusCode()).isEqualTo(200);
            assertThat(call(role, send(method, "/desk/api/people/lead@example.com/roles/boss", admin, null)).statusCode()).isEqualTo(400);
            assertThat(call(role, send(method, "/desk/api/people/nobody@example.com/roles/agent", admin, null)).statusCode()).isEqualTo(404);
            assertThat(call(role, send(method, "/desk/api/people/lead@example.com/roles/agent", agent, null)).statusCode()).isEqualTo(403);
            assertThat(call(role, send(method, "/desk/api/people/lead@example.com/roles/agent", Map.of(), null)).statusCode()).isEqualTo(401);
        }
        assertThat(call("DELETE /desk/api/people/{email}/roles/{role}", send("DELETE", "/desk/api/people/admin@example.com/roles/admin",
                admin, null)).statusCode()).isEqualTo(409);
    }

    // ---- outcomes and the report

    @Test
    @Order(5)
    void outcomesAndTheReportAnswerAsDocumented() throws Exception {
        var body = bytes(genericBody("roi-" + RUN, "cust-r-" + RUN, treatedAccount("roi"), 1));
        call("POST /webhooks/{source}", post("/webhooks/generic", Signer.headers("generic", body, stack.functionEnvironment()), body));
        var outcomes = "POST /outcomes";
        var bearer = Map.of("content-type", "application/json", "authorization", "Bearer " + TOKEN);
        var batch = "{\"events\":["
                + outcome("crm-1-" + RUN, "cust-r-" + RUN, "concession", Instant.now(), "120.5") + ","
                + outcome("crm-2-" + RUN, "cust-nobody-" + RUN, "churned", Instant.now(), null) + ","
                + outcome("crm-3-" + RUN, "cust-r-" + RUN, "renewal", Instant.now(), null) + "]}";
        assertThat(call(outcomes, post("/outcomes", Map.of("content-type", "application/json"), bytes(batch))).statusCode())
                .as("without the token").isEqualTo(401);
        var recorded = call(outcomes, post("/outcomes", bearer, bytes(batch)));
        assertThat(recorded.body()).contains("\"cohort\"", "\"unattributed\"", "\"status\":\"rejected\"");
        assertThat(call(outcomes, post("/outcomes", bearer, bytes(batch))).body()).contains("\"status\":\"duplicate\"");
        var valid = "{\"events\":[" + outcome("crm-4-" + RUN, "cust-r-" + RUN, "renewed", Instant.now(), null) + "]}";
        assertThat(document.requestProblems(outcomes, "application/json", valid)).isEmpty();
        assertThat(call(outcomes, post("/outcomes", bearer, bytes(valid))).statusCode()).isEqualTo(200);
        var noneValid = "{\"events\":[" + outcome("crm-5-" + RUN, "", "churned", Instant.now().plus(Duration.ofDays(9)), "-1") + ",7]}";
        assertThat(call(outcomes, post("/outcomes", bearer, bytes(noneValid))).body()).contains("events[0].customerId", "events[1]");
        assertThat(call(outcomes, post("/outcomes", bearer, bytes("{\"events\":[]}"))).statusCode()).isEqualTo(400);
        assertThat(call(outcomes, post("/outcomes", bearer, bytes("[]"))).statusCode()).isEqualTo(400);
        var tooMany = "{\"events\":[" + IntStream.range(0, 501).mapToObj(i -> "{}").collect(Collectors.joining(",")) + "]}";
        assertThat(call(outcomes, post("/outcomes", bearer, bytes(tooMany))).statusCode()).isEqualTo(413);

        var report = "GET /reports/roi";
        var auth = Map.of("authorization", "Bearer " + TOKEN);
        var today = LocalDate.now(ZoneOffset.UTC);
        assertThat(call(report, send("GET", "/reports/roi", Map.of(), null)).statusCode()).isEqualTo(401);
        assertThat(call(report, send("GET", "/reports/roi", Map.of("authorization", "Bearer wrong"), null)).statusCode()).isEqualTo(401);
        // The counters arrive through the stream: wait until today's report has the responses above.
        String seen = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen.contains("\"concessions\":120.5") && System.nanoTime() < deadline) {
            seen = call(report, send("GET", "/reports/roi?from=" + today + "&to=" + today, auth, null)).body();
            Thread.sleep(200);
        }
        assertThat(seen).contains("\"concessions\":120.5");
        call(report, send("GET", "/reports/roi", auth, null));
        assertThat(call(report, send("GET", "/reports/roi?from=2000-01-01&to=2000-01-02", auth, null)).body())
                .as("an empty period: figures that cannot be computed are null").contains("\"score\":null");
        for (var bad : List.of("from=May", "to=2026-13-01", "from=" + today + "&to=" + today.minusDays(1),
                "from=" + today.minusDays(400) + "&to=" + today)) {
            assertThat(call(report, send("GET", "/reports/roi?" + bad, auth, null)).statusCode()).as(bad).isEqualTo(400);
        }
    }

    // ---- local only

    @Test
    @Order(6)
    void theLocalExportsAnswerAsDocumented() throws Exception {
        var route = "GET /exports/{file}";
        assertThat(call(route, send("GET", "/exports/cases.csv", Map.of(), null)).body()).startsWith("case_id,");
        call(route, send("GET", "/exports/cases.jsonl", Map.of(), null));
        assertThat(call(route, send("GET", "/exports/roi.json", Map.of(), null)).body()).contains("\"period\"");
        assertThat(call(route, send("GET", "/exports/roi.html", Map.of(), null)).body()).contains("<html");
        assertThat(call(route, send("GET", "/exports/secrets.txt", Map.of(), null)).statusCode()).isEqualTo(404);
    }

    private static final String ZENDESK_SECRET = "zendesk-signing-secret";

    private static Map<String, String> zendeskSigned(String body, java.time.Instant at) {
        var timestamp = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return Map.of("Content-Type", "application/json", "X-Zendesk-Webhook-Signature",
                io.npsloop.connectors.zendesk.ZendeskSignature.sign(bytes(ZENDESK_SECRET), timestamp, body),
                "X-Zendesk-Webhook-Signature-Timestamp", timestamp);
    }

    @Test
    @Order(6)
    void theZendeskWebhookAnswersAsDocumented() throws Exception {
        var generic = genericBody("zendesk-" + RUN, "cust-z-" + RUN, treatedAccount("zendesk"), 2);
        call("POST /webhooks/{source}",
                post("/webhooks/generic", Signer.headers("generic", bytes(generic), stack.functionEnvironment()), bytes(generic)));
        var route = "POST /connectors/zendesk";
        var solved = "{\"external_id\":\"generic:zendesk-" + RUN + "\",\"status\":\"Solved\",\"ticket_id\":\"35436\"}";
        assertThat(call(route, post("/connectors/zendesk", zendeskSigned(solved, java.time.Instant.now()), bytes(solved))).body())
                .contains("\"resolved\"");
        var pending = "{\"external_id\":\"generic:zendesk-" + RUN + "\",\"status\":\"Pending\",\"ticket_id\":\"35436\"}";
        assertThat(call(route, post("/connectors/zendesk", zendeskSigned(pending, java.time.Instant.now()), bytes(pending))).statusCode())
                .isEqualTo(202);
        assertThat(call(route, post("/connectors/zendesk", zendeskSigned("[1,", java.time.Instant.now()), bytes("[1,"))).statusCode())
                .isEqualTo(400);
        var stale = zendeskSigned(solved, java.time.Instant.now().minusSeconds(600));
        assertThat(call(route, post("/connectors/zendesk", stale, bytes(solved))).statusCode()).isEqualTo(401);
    }

    private static final String HUBSPOT_SECRET = "hubspot-client-secret";
    private static final String HUBSPOT_URL = "https://hooks.nps.example.com/connectors/hubspot";

    private static Map<String, String> hubspotSigned(String body, java.time.Instant at) {
        var timestamp = Long.toString(at.toEpochMilli());
        return Map.of("Content-Type", "application/json", "X-HubSpot-Signature-v3",
                io.npsloop.connectors.hubspot.HubSpotSignature.sign(bytes(HUBSPOT_SECRET), "POST", HUBSPOT_URL, body, timestamp),
                "X-HubSpot-Request-Timestamp", timestamp);
    }

    @Test
    @Order(7)
    void theHubSpotWebhookAnswersAsDocumented() throws Exception {
        var route = "POST /connectors/hubspot";
        var completed = "[{\"subscriptionType\":\"object.propertyChange\",\"objectId\":1,\"objectTypeId\":\"0-27\","
                + "\"propertyName\":\"hs_task_status\",\"propertyValue\":\"COMPLETED\",\"eventId\":" + System.nanoTime() + "}]";
        assertThat(call(route, post("/connectors/hubspot", hubspotSigned(completed, java.time.Instant.now()), bytes(completed))).body())
                .contains("\"ignored\":1");
        assertThat(call(route, post("/connectors/hubspot", hubspotSigned("{", java.time.Instant.now()), bytes("{"))).statusCode())
                .isEqualTo(400);
        var stale = hubspotSigned(completed, java.time.Instant.now().minusSeconds(600));
        assertThat(call(route, post("/connectors/hubspot", stale, bytes(completed))).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(100)
    void everyDocumentedRouteWasDrivenWithEachOfItsErrorsThatCanHappenHere() {
        var answered = document.answered();
        var routes = new TreeSet<String>();
        answered.forEach(a -> routes.add(a.substring(0, a.lastIndexOf(' '))));
        assertThat(routes).as("routes this test drove").containsExactlyInAnyOrderElementsOf(document.routes());
        // What only AWS answers (IAM, throttling, a failed function) or a failing table would cause is left out.
        assertThat(answered).contains(
                "POST /webhooks/{source} 200", "POST /webhooks/{source} 202", "POST /webhooks/{source} 400",
                "POST /webhooks/{source} 401", "POST /webhooks/{source} 404", "POST /webhooks/{source} 413",
                "POST /webhooks/{source} 415", "POST /webhooks/{source} 503",
                "HEAD /webhooks/{source} 200", "HEAD /webhooks/{source} 404",
                "POST /webhooks/{source}/{token} 200", "POST /webhooks/{source}/{token} 202", "POST /webhooks/{source}/{token} 400",
                "POST /webhooks/{source}/{token} 401", "POST /webhooks/{source}/{token} 404", "POST /webhooks/{source}/{token} 415",
                "POST /webhooks/{source}/{token} 503",
                "GET /quarantine 200", "GET /quarantine 400", "GET /quarantine/{id} 200", "GET /quarantine/{id} 404",
                "POST /quarantine/{id}/replay 200", "POST /quarantine/{id}/replay 404", "POST /quarantine/{id}/replay 409",
                "GET /cases 200", "GET /cases 400", "GET /cases/{id} 200", "GET /cases/{id} 404",
                "POST /cases/{id}/events 200", "POST /cases/{id}/events 400", "POST /cases/{id}/events 404",
                "POST /cases/{id}/events 409",
                "GET /desk/act 200", "GET /desk/act 400", "GET /desk/act 404", "GET /desk/act 409", "GET /desk/act 410",
                "POST /desk/act 200", "POST /desk/act 400", "POST /desk/act 403", "POST /desk/act 404", "POST /desk/act 409",
                "POST /desk/act 410",
                "GET /refer/{token} 200", "GET /refer/{token} 400", "GET /refer/{token} 410",
                "POST /refer/{token} 200", "POST /refer/{token} 400", "POST /refer/{token} 403", "POST /refer/{token} 410",
                "POST /refer/{token} 413", "POST /refer/{token} 429",
                // 403 needs a user in no desk group, which the local issuer does not have (DeskSignInTest covers it).
                "GET /desk/config.json 200", "GET /desk/api/me 200", "GET /desk/api/me 401",
                "GET /desk 308", "GET /desk/ 200", "GET /desk/assets/{asset} 200", "GET /desk/assets/{asset} 404",
                "GET /desk/api/queue 401", "GET /desk/api/cases/{id} 401", "POST /desk/api/cases/{id}/claim 401",
                "POST /desk/api/cases/{id}/assign 401", "POST /desk/api/cases/{id}/attempts 401",
                "POST /desk/api/cases/{id}/events 401", "POST /desk/api/cases/{id}/outcomes 401",
                "POST /desk/api/cases/{id}/referrals 401", "GET /desk/api/lead 401",
                "POST /desk/api/leads/{leadId}/conversion 200", "POST /desk/api/leads/{leadId}/conversion 400",
                "POST /desk/api/leads/{leadId}/conversion 401", "POST /desk/api/leads/{leadId}/conversion 403",
                "POST /desk/api/leads/{leadId}/conversion 404", "POST /desk/api/leads/{leadId}/conversion 409",
                "GET /desk/api/queue 200", "GET /desk/api/queue 403", "GET /desk/api/lead 403",
                "GET /desk/api/people 200", "GET /desk/api/people 400", "GET /desk/api/people 401", "GET /desk/api/people 403",
                "GET /desk/api/teams 200", "GET /desk/api/teams 401", "GET /desk/api/teams 403",
                "PUT /desk/api/teams/{team}/members/{email} 200", "PUT /desk/api/teams/{team}/members/{email} 400",
                "PUT /desk/api/teams/{team}/members/{email} 401", "PUT /desk/api/teams/{team}/members/{email} 403",
                "PUT /desk/api/teams/{team}/members/{email} 404",
                "DELETE /desk/api/teams/{team}/members/{email} 200", "DELETE /desk/api/teams/{team}/members/{email} 400",
                "DELETE /desk/api/teams/{team}/members/{email} 401", "DELETE /desk/api/teams/{team}/members/{email} 403",
                "DELETE /desk/api/teams/{team}/members/{email} 404",
                "PUT /desk/api/people/{email}/roles/{role} 200", "PUT /desk/api/people/{email}/roles/{role} 400",
                "PUT /desk/api/people/{email}/roles/{role} 401", "PUT /desk/api/people/{email}/roles/{role} 403",
                "PUT /desk/api/people/{email}/roles/{role} 404",
                "DELETE /desk/api/people/{email}/roles/{role} 200", "DELETE /desk/api/people/{email}/roles/{role} 400",
                "DELETE /desk/api/people/{email}/roles/{role} 401", "DELETE /desk/api/people/{email}/roles/{role} 403",
                "DELETE /desk/api/people/{email}/roles/{role} 404", "DELETE /desk/api/people/{email}/roles/{role} 409",
                "POST /outcomes 200", "POST /outcomes 400", "POST /outcomes 401", "POST /outcomes 413",
                "POST /leads/{leadId}/conversion 200", "POST /leads/{leadId}/conversion 400", "POST /leads/{leadId}/conversion 401",
                "POST /leads/{leadId}/conversion 404", "POST /leads/{leadId}/conversion 409",
                "GET /reports/roi 200", "GET /reports/roi 400", "GET /reports/roi 401",
                "DELETE /customers/{id} 200", "DELETE /customers/{id} 400", "DELETE /customers/{id} 404",
                "DELETE /referred-people 200", "DELETE /referred-people 400",
                "GET /exports/{file} 200", "GET /exports/{file} 404",
                "POST /connectors/zendesk 200", "POST /connectors/zendesk 202", "POST /connectors/zendesk 400",
                "POST /connectors/zendesk 401",
                "POST /connectors/hubspot 200", "POST /connectors/hubspot 400", "POST /connectors/hubspot 401");
    }

    // ---- helpers

    /** Sends, then checks the answer against the document for {@code route}. */
    private static HttpResponse<String> call(String route, HttpResponse<String> response) {
        document.check(route, response);
        return response;
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
        return send("POST", path, headers, body);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
        var request = HttpRequest.newBuilder(stack.baseUrl().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String genericBody(String responseId, String customerId, String accountId, int score) throws Exception {
        return new String(sample("generic-detractor.json"), StandardCharsets.UTF_8)
                .replace("resp-2026-11-0001", responseId).replace("cust-1001", customerId).replace("acct-globex", accountId)
                // An email of their own: erasing one customer also removes quarantined requests that name their email.
                .replace("maria.gomez@example.com", customerId + "@example.com")
                .replace("\"score\": 3", "\"score\": " + score);
    }

    /** An account of its own in the treatment arm, so its detractor opens a case rather than joining one or being held out. */
    private static String treatedAccount(String purpose) {
        var holdout = HoldoutAssignment.percent(10, PolicySettings.DEFAULTS.holdout().salt());
        for (int n = 0; ; n++) {
            var account = "acct-" + purpose + "-" + RUN + "-" + n;
            if (holdout.armOf("account:" + account, Action.RECOVERY) == Arm.TREATMENT) {
                return account;
            }
        }
    }

    /** Signed per Standard Webhooks with a well-formed key, for a source whose configured secret is not. */
    private static Map<String, String> standardWebhooksHeaders(byte[] body) {
        var id = "msg_" + UUID.randomUUID();
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        return Map.of("content-type", "application/json", "webhook-id", id, "webhook-timestamp", timestamp,
                "webhook-signature", StandardWebhooks.signature(stack.functionEnvironment().get("WEBHOOK_SECRET_GENERIC"), id, timestamp, body));
    }

    private static String outcome(String eventId, String customerId, String type, Instant at, String value) {
        return "{\"eventId\":\"" + eventId + "\",\"customerId\":\"" + customerId + "\",\"type\":\"" + type + "\",\"occurredAt\":\""
                + at + "\"" + (value == null ? "" : ",\"value\":" + value) + "}";
    }

    private static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Main.findEvents().resolve(name));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
