package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.CasesFunction;
import io.npsloop.cases.EscalationFunction;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The page an action link opens, through the cases function on DynamoDB Local: opening changes
 * nothing, confirming records the step once as the cases API would, and a link that does not hold
 * changes nothing and says why without naming a case.
 */
class ActionLinkPageIntegrationTest {

    static final String RING = "k1=" + Base64.getEncoder().encodeToString("s".repeat(32).getBytes(StandardCharsets.US_ASCII));
    static final ActionLinkKeys KEYS = ActionLinkKeys.parse(RING);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String HOSTILE = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & \"quotes\"";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private Map<String, String> env;
    private CasesFunction cases;

    @BeforeEach
    void setUp() {
        resources = aws.provision("links-" + UUID.randomUUID().toString().substring(0, 8));
        env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        cases = new CasesFunction(new Settings(env));
    }

    /** A recovery (or, from a score of 9 up, a referral) received {@code hoursAgo} hours ago, due 24 hours after. */
    static String storeCase(LocalAws aws, String table, String responseId, int score, int hoursAgo, String locale, String comment) {
        return storeCase(aws, table, responseId, score, hoursAgo, locale, comment, null);
    }

    /** A case whose decision carries a playbook {@code variant}, or none when null. */
    static String storeCase(LocalAws aws, String table, String responseId, int score, int hoursAgo, String locale, String comment,
                            String variant) {
        return storeCase(aws, table, responseId, score, hoursAgo, locale, comment, variant, "Noor " + responseId);
    }

    /** A case whose respondent is called {@code name}. */
    static String storeCase(LocalAws aws, String table, String responseId, int score, int hoursAgo, String locale, String comment,
                            String variant, String name) {
        var receivedAt = NOW.minus(Duration.ofHours(hoursAgo));
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "s-1",
                new Respondent("cust-" + responseId, responseId + "@example.com", name, "acct-9", locale,
                        new BigDecimal("20000")),
                new Score(score), comment, receivedAt.minusSeconds(30));
        var action = score >= 9 ? Action.REFERRAL : Action.RECOVERY;
        var decision = new FollowUpDecision.Contact(action, receivedAt.plus(Duration.ofHours(24)), "test", variant);
        new DynamoDbResponseStore(aws.dynamoDb(), table, Duration.ofDays(30), Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTier.HIGH, decision, receivedAt), RespondentHistory.NONE);
        return "generic:" + responseId;
    }

    private String storeCase(String responseId, int hoursAgo, String locale) {
        return storeCase(aws, resources.tableName(), responseId, 2, hoursAgo, locale, HOSTILE);
    }

    static String token(String caseId, CaseEvent.Type step, Instant expiresAt) {
        return KEYS.sign(new ActionLink(caseId, step, expiresAt));
    }

    static String token(String caseId, CaseEvent.Type step) {
        return token(caseId, step, NOW.plus(Duration.ofDays(14)));
    }

    private APIGatewayV2HTTPResponse open(String token) {
        return cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET " + ActionLink.PATH)
                .withQueryStringParameters(token == null ? null : Map.of("t", token)).build(), new LocalContext("cases"));
    }

    private APIGatewayV2HTTPResponse confirm(String token, Map<String, String> headers) {
        return cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST " + ActionLink.PATH)
                .withHeaders(headers)
                .withBody("t=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).withIsBase64Encoded(false).build(),
                new LocalContext("cases"));
    }

    private APIGatewayV2HTTPResponse confirm(String token) {
        return confirm(token, Map.of("host", "nps.example.com", "origin", "https://nps.example.com", "sec-fetch-site", "same-origin"));
    }

    private APIGatewayV2HTTPResponse api(String caseId, String type) {
        return cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /cases/{id}/events")
                .withPathParameters(Map.of("id", caseId))
                .withBody("{\"type\":\"" + type + "\",\"by\":\"" + ActionLinkPage.BY + "\"}").withIsBase64Encoded(false).build(),
                new LocalContext("cases"));
    }

    private Map<String, AttributeValue> item(String caseId) {
        var key = ResponseKey.fromValue(caseId).orElseThrow();
        return aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("RESPONSE#" + key.source() + "#" + key.responseId()), "sk", AttributeValue.fromS("RESPONSE"))))
                .item();
    }

    /** What the cases API leaves on an item, without what differs from case to case (ids, times). */
    private Map<String, Object> caseState(String caseId) {
        var item = item(caseId);
        var state = new HashMap<String, Object>();
        state.put("caseStatus", item.get("caseStatus").s());
        state.put("openCase", item.containsKey("openCase") ? item.get("openCase").s() : null);
        state.put("escalationStatus", item.containsKey("escalationStatus") ? item.get("escalationStatus").s() : null);
        state.put("events", item.containsKey("caseEvents")
                ? item.get("caseEvents").l().stream().map(e -> e.m().get("type").s() + " by " + e.m().get("by").s()).toList()
                : List.of());
        return state;
    }

    @Test
    void openingTheLinkShowsTheCaseAndTheStepAndChangesNothing() {
        var id = storeCase("open", 1, "en");
        var before = item(id);

        var page = open(token(id, CaseEvent.Type.CONTACTED));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("<html lang=\"en\">", "I contacted them: confirm", "Noor open &lt;open@example.com&gt;",
                        "customer cust-open", "2 of 10", "Recovery", "<form method=\"post\" action=\"act\">",
                        "<button type=\"submit\" autofocus>Confirm: I contacted them</button>")
                .contains("&lt;script&gt;window.pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; &amp; &quot;quotes&quot;")
                .doesNotContain("<script").doesNotContain("<img");
        assertThat(page.getHeaders()).containsEntry("content-type", "text/html; charset=utf-8")
                .containsEntry("x-content-type-options", "nosniff").containsEntry("referrer-policy", "no-referrer")
                .containsEntry("cache-control", "no-store");
        assertThat(page.getHeaders().get("content-security-policy")).startsWith("default-src 'none'; style-src 'sha256-")
                .contains("form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'").doesNotContain("script-src");
        open(token(id, CaseEvent.Type.RESOLVED));
        open(token(id, CaseEvent.Type.UNRESOLVED));
        assertThat(item(id)).as("opened three times, changed never").isEqualTo(before);
    }

    @Test
    void everyPageOfACaseLinksToItInTheDeskAfterItsSummary() {
        var id = storeCase("desk one", 1, "en");
        var link = "<p><a href=\"./#/cases/generic%3Adesk%20one\">Open the case in the desk</a></p>";

        var shown = open(token(id, CaseEvent.Type.CONTACTED)).getBody();
        assertThat(shown).contains("</dl>\n" + link + "\n");
        assertThat(shown.indexOf(link)).as("before the confirm button").isLessThan(shown.indexOf("<form"));
        assertThat(confirm(token(id, CaseEvent.Type.CONTACTED)).getBody()).as("recorded").contains("</dl>\n" + link);
        assertThat(confirm(token(id, CaseEvent.Type.CONTACTED)).getBody()).as("already done").contains("</dl>\n" + link);
        api(id, "unresolved");
        assertThat(open(token(id, CaseEvent.Type.RESOLVED)).getBody()).as("no longer possible").contains("</dl>\n" + link);
        assertThat(open("v1.k1.forged").getBody()).as("a refused link names no case").doesNotContain("#/cases/");

        var spanish = storeCase("desk-es", 1, "es");
        assertThat(open(token(spanish, CaseEvent.Type.CONTACTED)).getBody())
                .contains("<a href=\"./#/cases/generic%3Adesk-es\">Abrir el caso en el escritorio</a>");
    }

    @Test
    void confirmingRecordsTheStepOnceAndAgainSaysItWasAlreadyDone() {
        var id = storeCase("once", 1, "en");
        var token = token(id, CaseEvent.Type.CONTACTED);

        var first = confirm(token);
        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getBody()).contains("I contacted them: recorded", "The case is now contacted");
        var after = item(id);

        var second = confirm(token);
        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(second.getBody()).contains("I contacted them: already done", "Nothing was changed");
        assertThat(open(token).getBody()).as("opening it now").contains("already done").doesNotContain("<form");
        assertThat(item(id)).isEqualTo(after);
        assertThat(caseState(id)).containsEntry("events", List.of("contacted by action link"));
    }

    @Test
    void theStepIsTheOneTheCasesApiRecordsSoTheCaseEndsAsTheApiWouldLeaveIt() {
        var byLink = storeCase("by-link", 1, "en");
        var byApi = storeCase("by-api", 1, "en");

        confirm(token(byLink, CaseEvent.Type.CONTACTED));
        assertThat(api(byApi, "contacted").getStatusCode()).isEqualTo(200);
        assertThat(caseState(byLink)).isEqualTo(caseState(byApi)).containsEntry("openCase", "recovery");

        confirm(token(byLink, CaseEvent.Type.UNRESOLVED));
        api(byApi, "unresolved");
        assertThat(caseState(byLink)).isEqualTo(caseState(byApi)).containsEntry("caseStatus", "unresolved").containsEntry("openCase", null);
    }

    @Test
    void resolvingAnOpenCaseRecordsTheContactFirstAndAResolvedCaseIsNeverEscalated() {
        var overdue = storeCase("overdue", 30, "en");
        var page = open(token(overdue, CaseEvent.Type.RESOLVED));
        assertThat(page.getBody()).contains("confirming also records that they were contacted");

        assertThat(confirm(token(overdue, CaseEvent.Type.RESOLVED)).getStatusCode()).isEqualTo(200);

        assertThat(caseState(overdue)).containsEntry("caseStatus", "resolved").containsEntry("openCase", null)
                .containsEntry("events", List.of("contacted by action link", "resolved by action link"));
        var run = new EscalationFunction(new Settings(env), Clock.fixed(NOW, ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("escalation"));
        assertThat(run).containsEntry("overdue", 0).containsEntry("escalated", 0);
        assertThat(caseState(overdue)).containsEntry("escalationStatus", null);
        assertThat(confirm(token(overdue, CaseEvent.Type.CONTACTED)).getBody()).as("the contact link, afterwards").contains("already done");
    }

    @Test
    void aStepTheCaseCanNoLongerTakeIsRefusedAndChangesNothing() {
        var id = storeCase("moved", 1, "en");
        api(id, "unresolved");
        var before = item(id);

        var refused = confirm(token(id, CaseEvent.Type.RESOLVED));

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getBody()).contains("The case is unresolved now").doesNotContain("<form");
        assertThat(item(id)).isEqualTo(before);
    }

    @Test
    void expiredTamperedForeignAndMissingTokensChangeNothingAndNameNoCase() {
        var id = storeCase("guarded", 1, "es");
        var before = item(id);
        var good = token(id, CaseEvent.Type.CONTACTED);
        var parts = good.split("\\.");
        var otherCase = token("generic:someone-else", CaseEvent.Type.CONTACTED).split("\\.")[2];
        var foreign = ActionLinkKeys.parse("k1=" + Base64.getEncoder().encodeToString(new byte[32]))
                .sign(new ActionLink(id, CaseEvent.Type.CONTACTED, NOW.plus(Duration.ofDays(1))));

        var expired = token(id, CaseEvent.Type.CONTACTED, NOW.minusSeconds(1));
        for (var answer : List.of(open(expired), confirm(expired))) {
            assertThat(answer.getStatusCode()).isEqualTo(410);
            assertThat(answer.getBody()).contains("This link has expired").doesNotContain("Noor").doesNotContain("guarded");
        }
        for (var bad : List.of(parts[0] + "." + parts[1] + "." + otherCase + "." + parts[3], good.substring(0, good.length() - 1),
                foreign, "nonsense", "v1.old." + parts[2] + "." + parts[3])) {
            for (var answer : List.of(open(bad), confirm(bad))) {
                assertThat(answer.getStatusCode()).as(bad).isEqualTo(400);
                assertThat(answer.getBody()).contains("This link is not valid").doesNotContain("Noor").doesNotContain("guarded")
                        .doesNotContain("someone-else");
            }
        }
        assertThat(open(null).getStatusCode()).isEqualTo(400);
        assertThat(item(id)).isEqualTo(before);
    }

    @Test
    void aPostFromAnotherSiteIsRefusedAndOneThatSaysNothingOfItsOriginNeedsOnlyTheToken() {
        var id = storeCase("csrf", 1, "en");
        var before = item(id);
        var token = token(id, CaseEvent.Type.CONTACTED);

        assertThat(confirm(token, Map.of("host", "nps.example.com", "sec-fetch-site", "cross-site")).getStatusCode()).isEqualTo(403);
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "https://evil.example")).getStatusCode()).isEqualTo(403);
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "https://nps.example.com",
                "sec-fetch-site", "same-site")).getStatusCode()).as("a sibling subdomain").isEqualTo(403);
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "null", "sec-fetch-site", "cross-site")).getStatusCode())
                .isEqualTo(403);
        assertThat(item(id)).isEqualTo(before);

        // What Chromium sends from the page itself: its no-referrer policy turns Origin into null.
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "null", "sec-fetch-site", "same-origin")).getStatusCode())
                .isEqualTo(200);
        assertThat(confirm(token, Map.of()).getStatusCode()).as("no Origin, no Sec-Fetch-Site: a client that is not a browser")
                .isEqualTo(200);
    }

    @Test
    void withoutFetchMetadataAnOriginMustBeThisHost() {
        var id = storeCase("origin", 1, "en");
        var token = token(id, CaseEvent.Type.CONTACTED);
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "https://evil.example")).getStatusCode()).isEqualTo(403);
        assertThat(confirm(token, Map.of("host", "nps.example.com", "origin", "https://nps.example.com")).getStatusCode()).isEqualTo(200);
    }

    @Test
    void theCaseIsShownInItsRespondentsLanguageAndAReferralSaysDone() {
        var referral = storeCase(aws, resources.tableName(), "es-pro", 10, 1, "es-MX", "Excelente");

        var page = open(token(referral, CaseEvent.Type.RESOLVED));

        assertThat(page.getBody()).contains("<html lang=\"es\">", "Hecho: confirmar", "Confirmar: Hecho", "10 de 10", "Recomendación");
        assertThat(confirm(token(referral, CaseEvent.Type.RESOLVED)).getBody()).contains("Hecho: registrado");
    }

    @Test
    void withoutAKeyRingEveryLinkIsRefused() {
        var id = storeCase("no-ring", 1, "en");
        env.remove("ACTION_LINK_KEYS");
        cases = new CasesFunction(new Settings(env));
        assertThat(open(token(id, CaseEvent.Type.CONTACTED)).getStatusCode()).isEqualTo(400);
        assertThat(confirm(token(id, CaseEvent.Type.CONTACTED)).getStatusCode()).isEqualTo(400);
    }
}
