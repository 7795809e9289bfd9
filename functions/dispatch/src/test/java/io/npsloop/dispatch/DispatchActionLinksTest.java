package io.npsloop.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ActionLinkKeys;
import io.npsloop.domain.cases.ActionLinks;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.SnsDelivery;
import io.npsloop.local.StreamEventSource;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Every follow-up carries signed links, in its email text and its JSON: each one checked with the
 * key ring it was signed with, for its case and step; and a link to its case in the desk, with or
 * without a key ring.
 */
class DispatchActionLinksTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
    private static final String RING = "k1=" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final Pattern LINK = Pattern.compile("https://nps\\.example\\.com/desk/act\\?t=[A-Za-z0-9._%-]+");

    private final LocalAws aws = LocalAws.shared();
    private final LocalAws.Resources resources = aws.provision("links-" + UUID.randomUUID().toString().substring(0, 8));

    /** What the function asked SNS to publish: the email text rides in the request, not in what a queue receives. */
    private static final class Published implements ExecutionInterceptor {
        final List<PublishRequest> requests = new ArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PublishRequest publish) {
                requests.add(publish);
            }
        }
    }

    private Map<String, String> env() {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        env.put("PUBLIC_BASE_URL", "https://nps.example.com");
        env.put("ACTION_LINK_DAYS", "7");
        return env;
    }

    private void store(String responseId, int score, String locale) {
        var now = Instant.now();
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent("cust-" + responseId, responseId + "@example.com", "Ana Ruiz", "acct-1", locale, new BigDecimal("25000")),
                new Score(score), "Nobody called me back", now.minusSeconds(60));
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), java.time.Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                        NO_HOLDOUT.decide(response, RespondentHistory.NONE, now), now), RespondentHistory.NONE);
    }

    private static String token(String url) {
        return URLDecoder.decode(URI.create(url).getRawQuery().substring(2), StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTextAndTheJsonCarryALinkPerStepThatVerifiesForItsCaseAndStep() throws Exception {
        store("r-det", 2, "es");
        store("r-pro", 10, "en");
        var published = new Published();
        var settings = new Settings(env());
        var dispatch = new DispatchFunction(settings, new AwsClients(settings, List.of(published)));
        var before = Instant.now();
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(Duration.ofMillis(300));
        }
        var keys = ActionLinkKeys.parse(RING);

        assertThat(published.requests).hasSize(2);
        var expected = Map.of(
                "generic:r-det", List.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED),
                "generic:r-pro", List.of(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED));
        for (var request : published.requests) {
            var message = JSON.std.mapFrom(request.message());
            var text = (String) message.get("email");
            var json = JSON.std.mapFrom((String) message.get("default"));
            var caseId = (String) json.get("followUpId");
            var links = (Map<String, Object>) json.get("links");
            var actions = (Map<String, String>) links.get("actions");
            assertThat(actions.keySet()).as(caseId).containsExactlyElementsOf(expected.get(caseId).stream().map(CaseEvent.Type::wireName).toList());
            var expiresAt = Instant.parse((String) links.get("expiresAt"));
            assertThat(expiresAt).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1), Instant.now().plus(Duration.ofDays(7)));

            var inText = LINK.matcher(text).results().map(m -> m.group()).toList();
            assertThat(inText).as("the email text's links, in the JSON's order").containsExactlyElementsOf(actions.values());
            for (var step : expected.get(caseId)) {
                var checked = keys.check(token(actions.get(step.wireName())), Instant.now());
                assertThat(checked).as("%s %s", caseId, step).isEqualTo(new ActionLinkKeys.Valid(new ActionLink(caseId, step, expiresAt)));
            }
            assertThat(text).contains(expiresAt.toString());
            var inDesk = "https://nps.example.com/desk/#/cases/generic%3A" + caseId.substring("generic:".length());
            assertThat(links.get("case")).as("the case in the desk, first").isEqualTo(inDesk);
            assertThat(text).contains(": " + inDesk + "\n");
            if (caseId.equals("generic:r-pro")) {
                // A referral also carries the promoter's own page, for staff to send them, valid for ReferralLinkDays (30).
                assertThat(links.keySet()).containsExactly("case", "expiresAt", "actions", "referralPage");
                var page = (String) links.get("referralPage");
                assertThat(page).startsWith("https://nps.example.com/refer/");
                var checked = ReferralLink.check(keys, page.substring("https://nps.example.com/refer/".length()), Instant.now());
                assertThat(checked).isInstanceOf(ReferralLink.Valid.class);
                assertThat(((ReferralLink.Valid) checked).link().caseId()).isEqualTo(caseId);
                assertThat(((ReferralLink.Valid) checked).link().expiresAt())
                        .isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1), Instant.now().plus(Duration.ofDays(30)));
                assertThat(text).contains("Personal link for Ana to name people who could benefit: " + page + "\n");
            } else {
                assertThat(links.keySet()).containsExactly("case", "expiresAt", "actions");
            }
        }
        var spanish = published.requests.stream().map(r -> r.message()).filter(m -> m.contains("r-det")).findFirst().orElseThrow();
        assertThat((String) JSON.std.mapFrom(spanish).get("email")).contains("Ya me puse en contacto: https://nps.example.com/desk/act?t=")
                .contains("Abrir en el escritorio: https://nps.example.com/desk/#/cases/generic%3Ar-det\n");
        var english = published.requests.stream().map(r -> r.message()).filter(m -> m.contains("r-pro")).findFirst().orElseThrow();
        assertThat((String) JSON.std.mapFrom(english).get("email")).contains("Open in the desk: https://nps.example.com/desk/#/cases/generic%3Ar-pro\n");

        var delivered = aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(700)).stream()
                .map(m -> SnsDelivery.fromSqsBody(m.body())).toList();
        assertThat(delivered).hasSize(2).allSatisfy(d -> assertThat(d.json()).containsKey("links"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutAKeyRingMessagesLinkOnlyToTheDeskAndTheFunctionSaysSoOnceAtStart() throws Exception {
        store("r-one", 2, "en");
        store("r-two", 10, "en");
        var env = env();
        env.remove("ACTION_LINK_KEYS");
        var published = new Published();
        var settings = new Settings(env);
        var startLog = new ArrayList<String>();
        var dispatch = new DispatchFunction(settings, new AwsClients(settings, List.of(published)), startLog::add);
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(Duration.ofMillis(300));
        }

        assertThat(published.requests).hasSize(2);
        for (var request : published.requests) {
            var message = JSON.std.mapFrom(request.message());
            var json = JSON.std.mapFrom((String) message.get("default"));
            var inDesk = "https://nps.example.com/desk/#/cases/" + ((String) json.get("followUpId")).replace(":", "%3A");
            assertThat((Map<String, Object>) json.get("links")).isEqualTo(Map.of("case", inDesk));
            assertThat((String) message.get("email")).contains("Open in the desk: " + inDesk + "\n").doesNotContain("desk/act");
        }
        assertThat(startLog).as("one line at start, none per message").hasSize(1);
        var line = JSON.std.mapFrom(startLog.get(0));
        assertThat(line).containsEntry("level", "WARN").containsEntry("function", "dispatch").containsEntry("deskLinks", true);
        assertThat((String) line.get("message")).contains("no action links");
        assertThat((String) line.get("set")).contains("ACTION_LINK_KEY_PARAMETER").contains("ACTION_LINK_KEYS");
    }

    @Test
    void withAKeyRingNothingIsSaidAtStart() {
        var startLog = new ArrayList<String>();
        new DispatchFunction(new Settings(env()), new AwsClients(new Settings(env())), startLog::add);
        assertThat(startLog).isEmpty();
    }

    @Test
    void withoutAKeyRingOrABaseUrlMessagesCarryNoLinksAndWithOneTheBaseUrlMustBeGiven() {
        var env = env();
        env.remove("ACTION_LINK_KEYS");
        env.remove("PUBLIC_BASE_URL");
        var quiet = new io.npsloop.observe.Log(line -> {}, "dispatch", null, java.time.Clock.systemUTC());
        assertThat(DispatchFunction.actionLinks(new Settings(env), new AwsClients(new Settings(env)), quiet)).isSameAs(ActionLinks.NONE);
        var badDeskBase = env();
        badDeskBase.remove("ACTION_LINK_KEYS");
        badDeskBase.put("PUBLIC_BASE_URL", "nps.example.com");
        assertThatThrownBy(() -> new DispatchFunction(new Settings(badDeskBase))).hasMessageContaining("PUBLIC_BASE_URL");
        var noBase = env();
        noBase.remove("PUBLIC_BASE_URL");
        assertThatThrownBy(() -> new DispatchFunction(new Settings(noBase))).hasMessageContaining("PUBLIC_BASE_URL");
        var badBase = env();
        badBase.put("PUBLIC_BASE_URL", "nps.example.com");
        assertThatThrownBy(() -> new DispatchFunction(new Settings(badBase))).hasMessageContaining("PUBLIC_BASE_URL");
    }
}
