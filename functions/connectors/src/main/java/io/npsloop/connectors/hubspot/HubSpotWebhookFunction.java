package io.npsloop.connectors.hubspot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.connectors.ConnectorWebhook;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /connectors/hubspot}: the app's webhook subscription to task property changes. No
 * IAM: the v3 signature is the proof; a request whose signature does not match, signed more than
 * five minutes away, or seen before is refused with 401 and changes nothing. HubSpot sends an
 * array of events; each {@code hs_task_status} changed to {@code COMPLETED} on a task the ledger
 * links to a follow-up marks its recovery or referral case contacted, by {@code hubspot}, through
 * {@link DynamoDbCases#record}. Resolving stays the desk's: a completed task says someone reached
 * the customer, not that the matter is settled. Anything else is counted and ignored.
 */
public final class HubSpotWebhookFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final String BY = "hubspot";
    static final Set<Action> CONTACTED_BY_TASK = Set.of(Action.RECOVERY, Action.REFERRAL);
    private static final String REFUSED = "The request's v3 signature is missing, wrong, outside its time window or seen before.";

    private final HubSpotAccount account;
    private final ConnectorWebhook webhook;
    private final DynamoDbCases cases;
    private final ConnectorLedger ledger;
    private final Optional<String> webhookUrl;
    private final Clock clock;

    public HubSpotWebhookFunction() {
        this(Settings.fromEnvironment());
    }

    public HubSpotWebhookFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    public HubSpotWebhookFunction(Settings settings, AwsClients clients, Clock clock) {
        this.account = HubSpotAccount.of(settings, clients, clock);
        this.webhook = ConnectorWebhook.of(settings, clients, HubSpotFunction.CONNECTOR, clock);
        this.cases = webhook.cases();
        this.ledger = new ConnectorLedger(webhook.dynamoDb(), webhook.table(), HubSpotFunction.CONNECTOR, HubSpotFunction.LEASE, clock);
        this.webhookUrl = settings.optional(HubSpotSettings.HUBSPOT_WEBHOOK_URL);
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return webhook.handle(event, context, this::answer);
    }

    /** The URL HubSpot called, as it signed it: the configured target URL, else this request's host and path. */
    String uri(APIGatewayV2HTTPEvent event) {
        var query = event.getRawQueryString() == null || event.getRawQueryString().isEmpty() ? "" : "?" + event.getRawQueryString();
        if (webhookUrl.isPresent()) {
            return webhookUrl.get() + query;
        }
        var host = event.getRequestContext() != null && event.getRequestContext().getDomainName() != null
                ? event.getRequestContext().getDomainName() : ConnectorWebhook.header(event, "host");
        return "https://" + host + event.getRawPath() + query;
    }

    private Answer answer(APIGatewayV2HTTPEvent event, Log log) {
        var body = HttpEvents.textBody(event);
        var signature = ConnectorWebhook.header(event, "x-hubspot-signature-v3");
        var timestamp = ConnectorWebhook.header(event, "x-hubspot-request-timestamp");
        var method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "POST";
        var verdict = HubSpotSignature.verify(account.clientSecret(), signature, method, uri(event), body, timestamp, clock.instant());
        if (verdict != HubSpotSignature.Verdict.GENUINE) {
            log.info("refused", null, "reason", verdict.name().toLowerCase(Locale.ROOT));
            return Answer.problem(401, "unauthorized", REFUSED);
        }
        // Kept past the window, after which the window itself refuses the signature.
        var keepUntil = HubSpotSignature.signedAt(timestamp).plus(HubSpotSignature.WINDOW).plus(Duration.ofMinutes(1));
        if (!webhook.replays().firstSeen(signature.strip(), keepUntil)) {
            log.info("refused", null, "reason", "replayed");
            return Answer.problem(401, "unauthorized", REFUSED);
        }
        List<?> events;
        try {
            events = JSON.std.anyFrom(body == null ? "" : body) instanceof List<?> list ? list : null;
        } catch (java.io.IOException | RuntimeException e) {
            events = null;
        }
        if (events == null) {
            return Answer.problem(400, "invalid", "The body must be the JSON array of events HubSpot sends.");
        }
        int contacted = 0;
        int ignored = 0;
        for (var item : events) {
            if (item instanceof Map<?, ?> change && completed(change) && contacted(text(change.get("objectId")), log)) {
                contacted++;
            } else {
                ignored++;
            }
        }
        return Answer.json(200, contacted > 0 ? "contacted" : "ignored", Map.of("contacted", contacted, "ignored", ignored));
    }

    private static boolean completed(Map<?, ?> change) {
        var type = text(change.get("subscriptionType"));
        return type != null && type.endsWith("propertyChange")
                && "hs_task_status".equals(text(change.get("propertyName")))
                && "COMPLETED".equalsIgnoreCase(String.valueOf(text(change.get("propertyValue"))));
    }

    /** True when the task's case moved to contacted now; a case past open, or not one of ours, is left as it is. */
    private boolean contacted(String taskId, Log log) {
        if (taskId == null) {
            return false;
        }
        var followUp = ledger.followUpOf(taskId);
        var key = followUp.flatMap(ResponseKey::fromCaseId).orElse(null);
        if (key == null) {
            log.info("ignored: no case", null, "task", taskId);
            return false;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            var found = cases.find(key);
            if (found.isEmpty()) {
                log.info("ignored: unknown case", key.value(), "task", taskId);
                return false;
            }
            var current = found.get();
            if (current.status() != CaseStatus.OPEN || !CONTACTED_BY_TASK.contains(current.followUp().action())) {
                log.info("case left as it is", key.value(), "task", taskId, "caseStatus", current.status().wireName());
                return false;
            }
            var note = "HubSpot task " + taskId + " completed";
            var outcome = cases.record(key, List.of(new CaseEvent(CaseEvent.Type.CONTACTED, clock.instant(), BY, note)), List.of(),
                    c -> c.status() == CaseStatus.OPEN);
            if (outcome instanceof DynamoDbCases.Moved) {
                log.info("case contacted", key.value(), "task", taskId);
                log.metric("HubSpotContacted", 1, key.value());
                return true;
            }
            if (outcome instanceof DynamoDbCases.NotFound) {
                return false;
            }
            // Someone moved the case meanwhile: judge it again as it now stands.
        }
        throw new IllegalStateException("the case kept changing");
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : value instanceof Number n ? Long.toString(n.longValue()) : null;
    }

}
