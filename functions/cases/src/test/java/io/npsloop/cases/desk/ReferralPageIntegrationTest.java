package io.npsloop.cases.desk;

import static io.npsloop.cases.desk.ActionLinkPageIntegrationTest.KEYS;
import static io.npsloop.cases.desk.ActionLinkPageIntegrationTest.RING;
import static io.npsloop.cases.desk.ActionLinkPageIntegrationTest.storeCase;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.CasesFunction;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.cases.ReferralLeads;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.domain.desk.Role;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.report.ErasureFunction;
import io.npsloop.report.ReportFunction;
import io.npsloop.table.LeadItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ReferralLinkItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A promoter's referral page through the cases function on DynamoDB Local: it thanks them by first
 * name only, stores the people they name once, as leads attributed to their ask, and stores nothing
 * for a bad link, a bot, a hurried post, bad fields, an oversize body or too many posts.
 */
class ReferralPageIntegrationTest {

    private static final String SAFARI = "Mozilla/5.0";

    private final LocalAws aws = LocalAws.shared();
    private LocalAws.Resources resources;
    private Map<String, String> env;
    private CasesFunction cases;

    @BeforeEach
    void setUp() {
        resources = aws.provision("refer-" + UUID.randomUUID().toString().substring(0, 8));
        env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        cases = new CasesFunction(new Settings(env));
    }

    /** A promoter's referral case: "Noor <surname>", customer cust-<surname>. */
    private String promoter(String surname, String locale) {
        return storeCase(aws, resources.tableName(), surname, 10, 1, locale, "Secret comment of " + surname);
    }

    private static String token(String caseId) {
        return ReferralLink.of(caseId, Instant.now(), Duration.ofDays(30)).sign(KEYS);
    }

    /** A stamp as if the form had been shown {@code secondsAgo} ago. */
    private static String stamp(String token, long secondsAgo) {
        var link = ((ReferralLink.Valid) ReferralLink.check(KEYS, token, Instant.now())).link();
        return link.stamp(KEYS, Instant.now().minusSeconds(secondsAgo));
    }

    private APIGatewayV2HTTPResponse open(String token) {
        return cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET " + ReferralLink.ROUTE)
                .withPathParameters(Map.of("token", token)).withHeaders(Map.of("user-agent", SAFARI)).build(), new LocalContext("cases"));
    }

    private APIGatewayV2HTTPResponse post(String token, Map<String, String> fields, String sourceIp) {
        var body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return postBody(token, body, sourceIp);
    }

    private APIGatewayV2HTTPResponse postBody(String token, String body, String sourceIp) {
        var builder = APIGatewayV2HTTPEvent.builder().withRouteKey("POST " + ReferralLink.ROUTE)
                .withPathParameters(Map.of("token", token))
                .withHeaders(Map.of("content-type", "application/x-www-form-urlencoded", "sec-fetch-site", "same-origin"))
                .withBody(body).withIsBase64Encoded(false);
        if (sourceIp != null) {
            builder.withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withSourceIp(sourceIp).withMethod("POST").build()).build());
        }
        return cases.handleRequest(builder.build(), new LocalContext("cases"));
    }

    /** Sam and Kim, both agreeing, sent as a person would: the form shown ten seconds before. */
    private static Map<String, String> samAndKim(String token) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("shown", stamp(token, 10));
        fields.put("website", "");
        fields.put("name1", "Sam Lee");
        fields.put("contact1", "Sam@Example.com");
        fields.put("note1", "Runs a <b>shop</b>");
        fields.put("consent1", "yes");
        fields.put("name2", "Kim Park");
        fields.put("contact2", "+44 20 7946 0000");
        fields.put("consent2", "yes");
        fields.put("name3", "");
        fields.put("contact3", "");
        fields.put("note3", "");
        return fields;
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).consistentRead(true).key(key)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private Map<String, AttributeValue> lead(String contact) {
        return get(LeadItem.key(Referral.leadIdOf(contact)));
    }

    private Map<String, AttributeValue> caseItem(String caseId) {
        return get(ResponseItem.key(ResponseKey.fromValue(caseId).orElseThrow()));
    }

    private List<String> events(String caseId) {
        var item = caseItem(caseId);
        return item.containsKey("caseEvents")
                ? item.get("caseEvents").l().stream().map(e -> e.m().get("type").s() + " by " + e.m().get("by").s()).toList()
                : List.of();
    }

    /** Every lead, outcome and referral-link item of the table, by kind: what a refused post must leave as it was. */
    private Map<String, Long> stored() {
        return aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .map(i -> Table.str(i, Table.TYPE)).filter(t -> Set.of(LeadItem.TYPE_NAME, OutcomeItem.TYPE_NAME).contains(t))
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    }

    @Test
    void aHostileFirstNameIsShownAsTextAndRunsNothing() {
        var hostile = storeCase(aws, resources.tableName(), "Hostile", 10, 1, "en", "comment", null,
                "<img/src=x/onerror=alert(1)> Smith");
        var page = open(token(hostile));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("<h1>Thank you, &lt;img/src=x/onerror=alert(1)&gt;!</h1>")
                .doesNotContain("<img", "Smith");
    }

    @Test
    void thePageThanksThePromoterByFirstNameOnlyInTheirLanguageAndShowsAFormWithoutScript() {
        var english = promoter("Hiddensurname", "en");
        var page = open(token(english));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getBody()).contains("<html lang=\"en\">", "<h1>Thank you, Noor!</h1>", "<form method=\"post\">",
                        "<label for=\"name1\">Name</label>", "<label for=\"contact3\">Email or phone</label>",
                        "They agreed to be contacted", "name=\"shown\"", "class=\"trap\"")
                .doesNotContain("Hiddensurname", "hiddensurname@example.com", "Secret comment", "cust-", "<script", "action=");
        assertThat(page.getHeaders()).containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer")
                .containsEntry("x-robots-tag", "noindex, nofollow").containsEntry("content-type", "text/html; charset=utf-8");
        assertThat(page.getHeaders().get("content-security-policy")).startsWith("default-src 'none'; style-src 'sha256-")
                .contains("form-action 'self'").doesNotContain("script-src", "unsafe-inline");

        var spanish = open(token(promoter("Apellidooculto", "es-MX")));
        assertThat(spanish.getBody()).contains("<html lang=\"es\">", "¡Gracias, Noor!", "Aceptó que la contactemos", "Enviar")
                .doesNotContain("Apellidooculto");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aLeadCarriesTheVariantOfTheReferralAskAndTheCaseShowsIt() throws Exception {
        var id = storeCase(aws, resources.tableName(), "varied", 10, 1, "en", "Happy", "thanks-first");
        var token = token(id);

        var sent = post(token, samAndKim(token), "198.51.100.9");

        assertThat(sent.getStatusCode()).as(sent.getBody()).isEqualTo(200);
        assertThat(Table.str(lead("sam@example.com"), LeadItem.VARIANT)).isEqualTo("thanks-first");
        var shown = cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET /cases/{id}").withPathParameters(Map.of("id", id))
                .withIsBase64Encoded(false).build(), new LocalContext("cases"));
        assertThat(shown.getStatusCode()).as(shown.getBody()).isEqualTo(200);
        assertThat(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(shown.getBody())).containsEntry("variant", "thanks-first");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGoodPostStoresTheLeadsAttributedToTheAskTheirOutcomesAndAReferredEventAndTheCaseShowsThem() throws Exception {
        var id = promoter("good", "en");
        var token = token(id);

        var sent = post(token, samAndKim(token), "198.51.100.7");

        assertThat(sent.getStatusCode()).as(sent.getBody()).isEqualTo(200);
        assertThat(sent.getBody()).contains("We received the people you named");
        var sam = lead("sam@example.com");
        assertThat(sam).isNotNull();
        assertThat(Table.str(sam, LeadItem.NAME)).isEqualTo("Sam Lee");
        assertThat(Table.str(sam, LeadItem.CONTACT)).isEqualTo("Sam@Example.com");
        assertThat(Table.str(sam, LeadItem.NOTE)).isEqualTo("Runs a <b>shop</b>");
        assertThat(sam.get(LeadItem.CONSENT).bool()).isTrue();
        assertThat(sam).containsKey(LeadItem.CONSENT_AT);
        assertThat(Table.str(sam, LeadItem.CASE_ID)).isEqualTo(id);
        assertThat(Table.str(sam, LeadItem.PROMOTER_ID)).isEqualTo("cust-good");
        assertThat(Table.str(sam, LeadItem.ARM)).isEqualTo("treatment");
        assertThat(Table.str(sam, LeadItem.ACTION)).isEqualTo("referral");
        assertThat(Table.str(sam, LeadItem.DECISION_REASON)).isEqualTo("test");
        assertThat(sam.get(LeadItem.VARIANT).nul()).isTrue();
        assertThat(Table.str(sam, LeadItem.ORIGIN)).isEqualTo("page");
        assertThat(Table.str(sam, LeadItem.STATUS)).isEqualTo("new");
        assertThat(sam.get(Table.EXPIRES_AT)).as("kept as long as the answer it came from").isEqualTo(caseItem(id).get(Table.EXPIRES_AT));
        assertThat(lead("+442079460000")).as("the phone, however typed").isNotNull();
        for (var contact : List.of("sam@example.com", "+442079460000")) {
            var outcome = get(OutcomeItem.key(ReferralLeads.outcomeEventId(Referral.leadIdOf(contact))));
            assertThat(Table.str(outcome, OutcomeItem.OUTCOME_TYPE)).isEqualTo("referral_lead");
            assertThat(Table.str(outcome, OutcomeItem.CUSTOMER_ID)).isEqualTo("cust-good");
        }
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 2L).containsEntry(OutcomeItem.TYPE_NAME, 2L);
        assertThat(events(id)).containsExactly("referred by " + ReferralPage.BY);

        var shown = cases.handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("GET /cases/{id}")
                .withPathParameters(Map.of("id", id)).build(), new LocalContext("cases"));
        var referrals = (List<Map<String, Object>>) JSON.std.mapFrom(shown.getBody()).get("referrals");
        assertThat(referrals).extracting(r -> r.get("name"), r -> r.get("leadId")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Sam Lee", Referral.leadIdOf("sam@example.com")),
                org.assertj.core.groups.Tuple.tuple("Kim Park", Referral.leadIdOf("+442079460000")));

        assertThat(open(token).getBody()).as("opened again").contains("already received the people you named").doesNotContain("<form");
    }

    /**
     * The function dying between the steps of a post. No emulator stops a Lambda half-way through a
     * request, so a hand-written client stands in: it fails the chosen call as a crash would, after
     * everything before it was written.
     */
    private ReferralPage crashingAt(String call, java.util.function.Predicate<Object> which) {
        var real = aws.dynamoDb();
        var crashed = new java.util.concurrent.atomic.AtomicBoolean();
        var client = (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer<?> consumer) {
                        // The SDK's builder-style call: built here, so the check sees the request itself.
                        var type = Class.forName("software.amazon.awssdk.services.dynamodb.model."
                                + Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1) + "Request");
                        var builder = type.getMethod("builder").invoke(null);
                        @SuppressWarnings("unchecked")
                        var fill = (java.util.function.Consumer<Object>) consumer;
                        fill.accept(builder);
                        method = software.amazon.awssdk.services.dynamodb.DynamoDbClient.class.getMethod(method.getName(), type);
                        args = new Object[] {builder.getClass().getMethod("build").invoke(builder)};
                    }
                    if (method.getName().equals(call) && args != null && which.test(args[0]) && crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("the function stopped here");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var cases = new DynamoDbCases(client, resources.tableName());
        OutcomeRecorder outcomes = ReportFunction.outcomes(new Settings(env), client, Clock.systemUTC())::record;
        return new ReferralPage(cases, new ReferralLeads(cases, outcomes), new io.npsloop.cases.DynamoDbReferralLinks(client, resources.tableName()),
                () -> java.util.Optional.of(KEYS), Clock.systemUTC());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    @Test
    void aPostThatStopsBeforeItsLeadsAreMadeIsFinishedByTheNextVisitAndOneThatStopsBeforeTheClaimLeavesTheLinkUnused() {
        var id = promoter("crash", "en");
        var token = token(id);
        var key = ResponseKey.fromValue(id).orElseThrow();
        var headers = Map.of("sec-fetch-site", "same-origin");

        // Stopped after the case and the claim were written, at the first lead.
        var atLead = crashingAt("putItem", r -> Table.str(((software.amazon.awssdk.services.dynamodb.model.PutItemRequest) r).item(),
                Table.TYPE).equals(LeadItem.TYPE_NAME));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> atLead.submit(token, form(samAndKim(token)), headers, null))
                .hasMessage("the function stopped here");
        assertThat(caseItem(id).get(ResponseItem.CASE_REFERRALS).l()).as("the people are on the case").hasSize(2);
        assertThat(get(ReferralLinkItem.used(key))).as("the use is taken, holding the people")
                .containsKey(ReferralLinkItem.PEOPLE);
        assertThat(stored()).isEmpty();

        var again = post(token, samAndKim(token), null);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).contains("already received the people you named");
        assertThat(stored()).as("the leads and their outcomes, once").containsEntry(LeadItem.TYPE_NAME, 2L)
                .containsEntry(OutcomeItem.TYPE_NAME, 2L);
        assertThat(Table.str(lead("sam@example.com"), LeadItem.CASE_ID)).isEqualTo(id);
        assertThat(get(ReferralLinkItem.used(key))).as("no longer holds them").doesNotContainKey(ReferralLinkItem.PEOPLE)
                .containsKey(ReferralLinkItem.COMPLETED_AT);
        assertThat(caseItem(id).get(ResponseItem.CASE_REFERRALS).l()).hasSize(2);
        assertThat(events(id)).containsExactly("referred by " + ReferralPage.BY);

        // Stopped after the leads, before their outcomes: the next visit, a plain GET, counts them once.
        var second = promoter("crash2", "en");
        var secondToken = token(second);
        var atOutcome = crashingAt("transactWriteItems", r -> r.toString().contains("OUTCOME#"));
        var luAndJo = samAndKim(secondToken);
        luAndJo.put("contact1", "lu@example.com");
        luAndJo.put("contact2", "+1 555 0100");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> atOutcome.submit(secondToken, form(luAndJo), headers, null));
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 4L).containsEntry(OutcomeItem.TYPE_NAME, 2L);
        assertThat(open(secondToken).getBody()).contains("already received");
        assertThat(open(secondToken).getBody()).contains("already received");
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 4L).containsEntry(OutcomeItem.TYPE_NAME, 4L);

        // Stopped at the write that puts the people on the case and takes the use: neither happened.
        var third = promoter("crash3", "en");
        var thirdToken = token(third);
        var atClaim = crashingAt("transactWriteItems", r -> r.toString().contains(ReferralLinkItem.USED));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> atClaim.submit(thirdToken, form(samAndKim(thirdToken)), headers, null));
        assertThat(get(ReferralLinkItem.used(ResponseKey.fromValue(third).orElseThrow()))).as("the link is not used").isNull();
        assertThat(caseItem(third)).doesNotContainKey(ResponseItem.CASE_REFERRALS);
        var retried = post(thirdToken, samAndKim(thirdToken), null);
        assertThat(retried.getBody()).contains("We received the people you named");
        assertThat(caseItem(third).get(ResponseItem.CASE_REFERRALS).l()).hasSize(2);
    }

    private APIGatewayV2HTTPResponse convert(String leadId, String body) {
        return new ReportFunction(new Settings(env)).handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("POST /leads/{leadId}/conversion").withPathParameters(Map.of("leadId", leadId)).withBody(body).build(),
                new LocalContext("report"));
    }

    private List<Map<String, AttributeValue>> conversions() {
        return aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> "referral_converted".equals(Table.str(i, OutcomeItem.OUTCOME_TYPE))).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLeadMarkedConvertedCountsOneConversionForItsPromoterFromTheApiOrTheDeskAndAnotherValueIsAConflict() throws Exception {
        var id = promoter("convert", "en");
        assertThat(post(token(id), samAndKim(token(id)), null).getStatusCode()).isEqualTo(200);
        var sam = Referral.leadIdOf("sam@example.com");

        var converted = convert(sam, "{\"value\":1200.50}");

        assertThat(converted.getStatusCode()).as(converted.getBody()).isEqualTo(200);
        var body = JSON.std.mapFrom(converted.getBody());
        assertThat((Map<String, Object>) body.get("lead")).containsEntry("status", "converted").containsEntry("caseId", id)
                .containsEntry("arm", "treatment");
        assertThat((Map<String, Object>) body.get("outcome")).containsEntry("status", "recorded");
        assertThat(conversions()).singleElement().satisfies(o -> {
            assertThat(Table.str(o, OutcomeItem.CUSTOMER_ID)).isEqualTo("cust-convert");
            assertThat(new java.math.BigDecimal(o.get(OutcomeItem.VALUE).n())).isEqualByComparingTo("1200.50");
            assertThat(Table.str(o, OutcomeItem.EVENT_ID)).isEqualTo(io.npsloop.report.LeadConversions.outcomeEventId(sam));
        });
        assertThat(Table.str(lead("sam@example.com"), LeadItem.STATUS)).isEqualTo("converted");
        assertThat(lead("sam@example.com").get(LeadItem.CONVERTED_VALUE).n()).isEqualTo("1200.50");

        var again = convert(sam, "{\"value\":1200.5}");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) JSON.std.mapFrom(again.getBody()).get("outcome")).containsEntry("status", "duplicate");
        var other = convert(sam, "{\"value\":900}");
        assertThat(other.getStatusCode()).isEqualTo(409);
        assertThat(other.getBody()).contains("1200.50");
        assertThat(lead("sam@example.com").get(LeadItem.CONVERTED_VALUE).n()).isEqualTo("1200.50");
        assertThat(conversions()).hasSize(1);
        assertThat(convert(Referral.leadIdOf("nobody@example.com"), "{\"value\":1}").getStatusCode()).isEqualTo(404);
        assertThat(convert("not-a-lead", "{\"value\":1}").getStatusCode()).isEqualTo(404);
        assertThat(convert(Referral.leadIdOf("+442079460000"), "{\"value\":-1}").getStatusCode()).isEqualTo(400);
        assertThat(convert(Referral.leadIdOf("+442079460000"), "{}").getStatusCode()).isEqualTo(400);
        assertThat(conversions()).hasSize(1);

        // The desk: each referral with its lead, the promoter's personal link, and the same conversion.
        var desk = new DeskApi(new DynamoDbCases(aws.dynamoDb(), resources.tableName()),
                ReportFunction.outcomes(new Settings(env), aws.dynamoDb(), Clock.systemUTC())::record,
                ReportFunction.conversions(new Settings(env), aws.dynamoDb(), Clock.systemUTC()),
                new PersonalLinks(() -> java.util.Optional.of(KEYS), "https://nps.example.com", Duration.ofDays(30)), Clock.systemUTC());
        var ana = new DeskUser("sub-ana", "ana@team.example", "Ana", Set.of(Role.AGENT), Set.of());
        var kim = Referral.leadIdOf("+442079460000");
        var marked = desk.conversion(ana, kim, "{\"value\":75}");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(conversions()).hasSize(2);
        var viewer = new DeskUser("sub-vi", "vi@team.example", "Vi", Set.of(Role.ADMIN), Set.of());
        assertThat(desk.conversion(viewer, kim, "{\"value\":75}").status()).isEqualTo(403);

        var shown = (Map<String, Object>) JSON.std.mapFrom(desk.show(ana, id).body()).get("case");
        var referrals = (List<Map<String, Object>>) shown.get("referrals");
        assertThat(referrals).extracting(r -> ((Map<String, Object>) r.get("lead")).get("status")).containsExactly("converted", "converted");
        assertThat((Map<String, Object>) referrals.get(0).get("lead")).containsEntry("caseId", id).containsEntry("arm", "treatment")
                .containsEntry("reason", "test");
        var link = (String) shown.get("personalLink");
        assertThat(link).startsWith("https://nps.example.com/refer/");
        assertThat(((ReferralLink.Valid) ReferralLink.check(KEYS, link.substring(link.lastIndexOf('/') + 1), Instant.now())).link().caseId())
                .isEqualTo(id);
    }

    @Test
    void tamperedUnknownExpiredAndUsedLinksStoreNothingAndSaySo() {
        var id = promoter("bad", "en");
        var token = token(id);
        var parts = token.split("\\.");
        var tampered = parts[0] + "." + parts[1] + "." + parts[2] + "." + (parts[3].startsWith("A") ? "B" : "A") + parts[3].substring(1);
        var otherRing = ReferralLink.of(id, Instant.now(), Duration.ofDays(1)).sign(io.npsloop.domain.cases.ActionLinkKeys.parse(
                "k1=" + java.util.Base64.getEncoder().encodeToString("t".repeat(32).getBytes(StandardCharsets.US_ASCII))));
        var noCase = token("generic:never-stored");
        var actionLink = ActionLinkPageIntegrationTest.token(id, io.npsloop.domain.cases.CaseEvent.Type.CONTACTED);

        var invalidPage = open(tampered).getBody();
        for (var bad : List.of(tampered, otherRing, noCase, actionLink, "nonsense")) {
            var shown = open(bad);
            assertThat(shown.getStatusCode()).as(bad).isEqualTo(400);
            assertThat(shown.getBody()).as("one page for every bad link").isEqualTo(invalidPage).contains("This link is not valid.")
                    .doesNotContain("Noor");
            var sent = post(bad, samAndKim(token), null);
            assertThat(sent.getStatusCode()).isEqualTo(400);
            assertThat(sent.getBody()).isEqualTo(invalidPage);
        }

        var expired = new ReferralLink(id, Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS)).sign(KEYS);
        assertThat(open(expired).getStatusCode()).isEqualTo(410);
        var expiredPost = post(expired, samAndKim(token), null);
        assertThat(expiredPost.getStatusCode()).isEqualTo(410);
        assertThat(expiredPost.getBody()).contains("This link has expired");
        assertThat(stored()).isEmpty();
        assertThat(events(id)).isEmpty();

        assertThat(post(token, samAndKim(token), null).getStatusCode()).isEqualTo(200);
        var before = stored();
        var again = post(token, samAndKim(token), null);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).contains("Already received", "Thank you for recommending us!");
        assertThat(stored()).isEqualTo(before);
        assertThat(events(id)).hasSize(1);
    }

    @Test
    void threeRapidPostsOfOneLinkStoreOneSetAndTheOthersSeeItReceived() throws Exception {
        var id = promoter("rapid", "en");
        var token = token(id);
        var fields = samAndKim(token);
        var pool = Executors.newFixedThreadPool(3);
        try {
            var posts = new ArrayList<Callable<APIGatewayV2HTTPResponse>>();
            for (int i = 0; i < 3; i++) {
                posts.add(() -> post(token, fields, null));
            }
            var bodies = new ArrayList<String>();
            for (var answer : pool.invokeAll(posts)) {
                assertThat(answer.get().getStatusCode()).isEqualTo(200);
                bodies.add(answer.get().getBody());
            }
            assertThat(bodies.stream().filter(b -> b.contains("We received the people you named")).count()).isEqualTo(1);
            assertThat(bodies.stream().filter(b -> b.contains("already received")).count()).isEqualTo(2);
        } finally {
            pool.shutdown();
        }
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 2L).containsEntry(OutcomeItem.TYPE_NAME, 2L);
        assertThat(events(id)).containsExactly("referred by " + ReferralPage.BY);
        assertThat(caseItem(id).get(ResponseItem.CASE_REFERRALS).l()).hasSize(2);
    }

    @Test
    void aFilledTrapLooksLikeSuccessAndStoresNothing() {
        var id = promoter("bot", "en");
        var token = token(id);
        var fields = samAndKim(token);
        fields.put("website", "https://cheap-pills.example");

        var sent = post(token, fields, null);

        assertThat(sent.getStatusCode()).isEqualTo(200);
        var person = token(promoter("person", "en"));
        assertThat(sent.getBody()).as("the very page a person gets").isEqualTo(post(person, samAndKim(person), null).getBody())
                .contains("We received the people you named");
        assertThat(lead("sam@example.com")).as("stored for the person, not the bot")
                .satisfies(l -> assertThat(Table.str(l, LeadItem.CASE_ID)).isEqualTo("generic:person"));
        assertThat(events(id)).isEmpty();
        assertThat(get(ReferralLinkItem.used(ResponseKey.fromValue(id).orElseThrow()))).isNull();
    }

    @Test
    void aPostFasterThanAPersonOrWithoutAStampIsAskedAgainAndStoresNothing() {
        var id = promoter("fast", "en");
        var token = token(id);
        var quick = samAndKim(token);
        quick.put("shown", stamp(token, 0));
        var unstamped = samAndKim(token);
        unstamped.remove("shown");
        var otherCasesStamp = samAndKim(token);
        otherCasesStamp.put("shown", ReferralLink.of("generic:other", Instant.now(), Duration.ofDays(1)).stamp(KEYS,
                Instant.now().minusSeconds(60)));

        for (var fields : List.of(quick, unstamped, otherCasesStamp)) {
            var sent = post(token, fields, null);
            assertThat(sent.getStatusCode()).isEqualTo(400);
            assertThat(sent.getBody()).contains("quicker than we expected", "value=\"Sam Lee\"", "<form method=\"post\">");
        }
        assertThat(stored()).isEmpty();
        assertThat(events(id)).isEmpty();
    }

    @Test
    void overLongOrMissingFieldsAre400WithAMessageByEachFieldTheValuesTypedAndNothingStored() {
        var id = promoter("long", "es");
        var token = token(id);
        var fields = samAndKim(token);
        fields.put("name1", "<script>x</script>" + "n".repeat(Referral.MAX_NAME));
        fields.put("contact2", "not a contact");
        fields.put("note2", "m".repeat(Referral.MAX_NOTE + 1));
        fields.remove("consent2");

        var sent = post(token, fields, null);

        assertThat(sent.getStatusCode()).isEqualTo(400);
        assertThat(sent.getBody()).contains("Algunos campos necesitan un cambio",
                        "<p class=\"error\" id=\"name1-error\">Use como máximo 200 caracteres para el nombre.</p>",
                        "id=\"contact2-error\"", "id=\"note2-error\"", "id=\"consent2-error\"",
                        "value=\"&lt;script&gt;x&lt;/script&gt;", "value=\"not a contact\"", "aria-invalid=\"true\"")
                .doesNotContain("<script>x");
        var empty = post(token, Map.of("shown", stamp(token, 10)), null);
        assertThat(empty.getStatusCode()).isEqualTo(400);
        assertThat(empty.getBody()).contains("Indique al menos una persona.");
        assertThat(stored()).isEmpty();
        assertThat(events(id)).isEmpty();
    }

    @Test
    void anOversizeBodyIs413AndStoresNothing() {
        var id = promoter("big", "en");
        var token = token(id);
        var fields = samAndKim(token);
        fields.put("note1", "x".repeat(ReferralPage.MAX_BODY_BYTES));

        var sent = post(token, fields, null);

        assertThat(sent.getStatusCode()).isEqualTo(413);
        assertThat(sent.getBody()).contains("too much text");
        assertThat(stored()).isEmpty();
    }

    @Test
    void postsBeyondTheLinksOrTheAddresssHourlyLimitAre429() {
        var id = promoter("limit", "en");
        var token = token(id);
        for (int i = 0; i < ReferralPage.MAX_POSTS_PER_LINK; i++) {
            assertThat(post(token, Map.of("shown", stamp(token, 10)), null).getStatusCode()).isEqualTo(400);
        }
        var limited = post(token, samAndKim(token), null);
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getBody()).contains("too many attempts");
        assertThat(stored()).isEmpty();

        var other = token(promoter("other", "en"));
        for (int i = 0; i < ReferralPage.MAX_POSTS_PER_ADDRESS; i++) {
            assertThat(post("guess-" + i, Map.of(), "203.0.113.9").getStatusCode()).isEqualTo(400);
        }
        assertThat(post(other, samAndKim(other), "203.0.113.9").getStatusCode()).as("that address, any link").isEqualTo(429);
        assertThat(post(other, samAndKim(other), "203.0.113.10").getStatusCode()).as("another address").isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePersonReferredByTwoPromotersOrThroughTheDeskIsOneLeadAttributedToTheFirst() throws Exception {
        var first = promoter("first", "en");
        var second = promoter("second", "en");
        assertThat(post(token(first), samAndKim(token(first)), null).getStatusCode()).isEqualTo(200);
        var again = new LinkedHashMap<String, String>();
        again.put("shown", stamp(token(second), 10));
        again.put("name1", "Samuel Lee");
        again.put("contact1", " SAM@example.com ");
        again.put("consent1", "yes");

        assertThat(post(token(second), again, null).getStatusCode()).isEqualTo(200);

        assertThat(Table.str(lead("sam@example.com"), LeadItem.CASE_ID)).isEqualTo(first);
        assertThat(Table.str(lead("sam@example.com"), LeadItem.NAME)).isEqualTo("Sam Lee");
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 2L).containsEntry(OutcomeItem.TYPE_NAME, 2L);
        assertThat(caseItem(second).get(ResponseItem.CASE_REFERRALS).l()).as("still on the second case").hasSize(1);
        assertThat(events(second)).containsExactly("referred by " + ReferralPage.BY);

        // The desk's referrals become leads through the same code.
        var desk = new DeskApi(new DynamoDbCases(aws.dynamoDb(), resources.tableName()),
                ReportFunction.outcomes(new Settings(env), aws.dynamoDb(), Clock.systemUTC())::record,
                ReportFunction.conversions(new Settings(env), aws.dynamoDb(), Clock.systemUTC()), PersonalLinks.NONE, Clock.systemUTC());
        var ana = new DeskUser("sub-ana", "ana@team.example", "Ana", Set.of(Role.AGENT), Set.of());
        var third = promoter("third", "en");
        var referred = desk.referrals(ana, third, "{\"people\":[{\"name\":\"Kim\",\"contact\":\"+44 (20) 7946-0000\",\"consent\":true},"
                + "{\"name\":\"Lu\",\"contact\":\"lu@example.com\",\"consent\":true}]}");
        assertThat(referred.status()).as(referred.body()).isEqualTo(200);
        assertThat((List<Object>) JSON.std.mapFrom(referred.body()).get("newLeads")).containsExactly(Referral.leadIdOf("lu@example.com"));
        assertThat(Table.str(lead("lu@example.com"), LeadItem.ORIGIN)).isEqualTo("desk");
        assertThat(Table.str(lead("+442079460000"), LeadItem.CASE_ID)).isEqualTo(first);
        assertThat(stored()).containsEntry(LeadItem.TYPE_NAME, 3L).containsEntry(OutcomeItem.TYPE_NAME, 3L);
    }

    @Test
    void erasingThePromoterRemovesTheLeadsTheyGaveAndTheirLinksItemsButNotAnotherPromotersLead() throws Exception {
        var erased = promoter("erased", "en");
        var kept = promoter("kept", "en");
        var keptFields = new LinkedHashMap<String, String>();
        keptFields.put("shown", stamp(token(kept), 10));
        keptFields.put("name1", "Kim Park");
        keptFields.put("contact1", "+44 20 7946 0000");
        keptFields.put("consent1", "yes");
        assertThat(post(token(kept), keptFields, null).getStatusCode()).isEqualTo(200);
        assertThat(post(token(erased), samAndKim(token(erased)), "198.51.100.7").getStatusCode()).isEqualTo(200);
        var erasedKey = ResponseKey.fromValue(erased).orElseThrow();
        assertThat(get(ReferralLinkItem.used(erasedKey))).isNotNull();

        var answer = new ErasureFunction(new Settings(env)).handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey("DELETE /customers/{id}").withPathParameters(Map.of("id", "cust-erased")).build(), new LocalContext("erasure"));

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        var removed = (Map<String, Object>) JSON.std.mapFrom(answer.getBody()).get("removed");
        assertThat(removed).containsEntry("leads", 1).containsEntry("referralLinks", 2);
        assertThat(lead("sam@example.com")).isNull();
        assertThat(lead("+442079460000")).as("the kept promoter's lead").isNotNull();
        var left = aws.dynamoDb().query(r -> r.tableName(resources.tableName()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ReferralLinkItem.partitionKey(erasedKey))))).items();
        assertThat(left).isEmpty();
        assertThat(get(ReferralLinkItem.used(ResponseKey.fromValue(kept).orElseThrow()))).isNotNull();
    }

    private APIGatewayV2HTTPResponse eraseReferred(String contact) {
        return new ErasureFunction(new Settings(env)).handleRequest(APIGatewayV2HTTPEvent.builder().withRouteKey("DELETE /referred-people")
                .withQueryStringParameters(contact == null ? null : Map.of("contact", contact)).build(), new LocalContext("erasure"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void erasingAReferredPersonByContactRemovesTheirLeadTheirEntryOnEveryCaseThatNamedThemAndTheirEventsButKeepsTheCounts()
            throws Exception {
        var first = promoter("firstnamer", "en");
        var second = promoter("secondnamer", "en");
        assertThat(post(token(first), samAndKim(token(first)), null).getStatusCode()).isEqualTo(200);
        assertThat(post(token(second), samAndKim(token(second)), null).getStatusCode()).isEqualTo(200);
        assertThat(convert(Referral.leadIdOf("sam@example.com"), "{\"value\":10}").getStatusCode()).isEqualTo(200);
        var cohortsBefore = aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> "unit-cohort".equals(Table.str(i, Table.TYPE))).toList();

        var erased = eraseReferred(" SAM@example.com ");

        assertThat(erased.getStatusCode()).as(erased.getBody()).isEqualTo(200);
        var removed = (Map<String, Object>) JSON.std.mapFrom(erased.getBody()).get("removed");
        assertThat(removed).containsEntry("leads", 1).containsEntry("caseReferrals", 2).containsEntry("outcomeEvents", 2);
        assertThat(lead("sam@example.com")).isNull();
        assertThat(lead("+442079460000")).as("the other person").isNotNull();
        for (var caseId : List.of(first, second)) {
            assertThat(caseItem(caseId).get(ResponseItem.CASE_REFERRALS).l()).extracting(p -> p.m().get("name").s())
                    .as("on both cases that named them").containsExactly("Kim Park");
        }
        assertThat(get(io.npsloop.table.OutcomeItem.key(ReferralLeads.outcomeEventId(Referral.leadIdOf("sam@example.com"))))).isNull();
        assertThat(aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .filter(i -> "unit-cohort".equals(Table.str(i, Table.TYPE))).toList()).as("the counts stay").isEqualTo(cohortsBefore);
        assertThat(aws.dynamoDb().scanPaginator(r -> r.tableName(resources.tableName())).items().stream()
                .map(Object::toString).filter(i -> i.toLowerCase(java.util.Locale.ROOT).contains("sam")).toList()).isEmpty();

        var again = eraseReferred("sam@example.com");
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) JSON.std.mapFrom(again.getBody()).get("removed")).containsEntry("leads", 0)
                .containsEntry("caseReferrals", 0).containsEntry("outcomeEvents", 0);
        assertThat(eraseReferred("not a contact").getStatusCode()).isEqualTo(400);
        assertThat(eraseReferred(null).getStatusCode()).isEqualTo(400);
    }
}
