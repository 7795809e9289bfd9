package io.npsloop.connectors.zendesk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.connectors.ConnectorWebhook;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /connectors/zendesk}: what a Zendesk trigger sends when a ticket the product opened
 * is solved or closed. No IAM: the signature is the proof. A body whose signature does not match,
 * signed more than five minutes away, or seen before is refused with 401 and changes nothing.
 * A solved or closed ticket resolves its case through {@link DynamoDbCases#record}, the one write
 * every step goes through, so escalation stops and the report counts it; any other status, or a
 * ticket naming no case, is acknowledged (202) and ignored.
 */
public final class ZendeskWebhookFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Primed {

    static final String BY = "zendesk";
    static final Set<String> DONE = Set.of("solved", "closed");

    private final ZendeskAccount account;
    private final ConnectorWebhook webhook;
    private final DynamoDbCases cases;
    private final Clock clock;
    private final Priming priming;

    public ZendeskWebhookFunction() {
        this(Settings.fromEnvironment());
    }

    public ZendeskWebhookFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    public ZendeskWebhookFunction(Settings settings, AwsClients clients, Clock clock) {
        this.account = ZendeskAccount.of(settings, clients, clock);
        this.webhook = ConnectorWebhook.of(settings, clients, ZendeskFunction.CONNECTOR, clock);
        this.cases = webhook.cases();
        this.clock = clock;
        this.priming = ZendeskPriming.webhook(webhook.dynamoDb(), webhook.table(), clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return webhook.handle(event, context, this::answer);
    }

    private Answer answer(APIGatewayV2HTTPEvent event, Log log) {
        var body = HttpEvents.textBody(event);
        var signature = ConnectorWebhook.header(event, "x-zendesk-webhook-signature");
        var timestamp = ConnectorWebhook.header(event, "x-zendesk-webhook-signature-timestamp");
        var now = clock.instant();
        var verdict = ZendeskSignature.verify(account.webhookSecret(), signature, timestamp, body, now);
        if (verdict != ZendeskSignature.Verdict.GENUINE) {
            log.info("refused", null, "reason", verdict.name().toLowerCase(Locale.ROOT));
            return Answer.problem(401, "unauthorized", "The webhook's signature is missing, wrong or outside its time window.");
        }
        // Kept past the window, after which the window itself refuses the signature.
        if (!webhook.replays().firstSeen(signature.strip(), Instant.parse(timestamp.strip()).plus(ZendeskSignature.WINDOW).plus(Duration.ofMinutes(1)))) {
            log.info("refused", null, "reason", "replayed");
            return Answer.problem(401, "unauthorized", "The webhook's signature is missing, wrong or outside its time window.");
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(body == null ? "" : body);
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        if (json == null) {
            return Answer.problem(400, "invalid", "The body must be the JSON object docs/connectors.md gives for the trigger.");
        }
        var caseId = text(json.get("external_id"));
        var status = text(json.get("status"));
        var ticket = text(json.get("ticket_id"));
        var key = ResponseKey.fromCaseId(caseId).orElse(null);
        if (key == null) {
            log.info("ignored: no case", null, "ticket", ticket);
            return Answer.json(202, "ignored", Map.of("ignored", "no case for this ticket"));
        }
        if (status == null || !DONE.contains(status.toLowerCase(Locale.ROOT))) {
            log.info("ignored: status", key.value(), "ticket", ticket, "status", status);
            return Answer.json(202, "ignored", Map.of("ignored", "status"));
        }
        return resolve(key, ticket, status.toLowerCase(Locale.ROOT), log);
    }

    /** Resolved from wherever the case stands: an open case is contacted and resolved; a case already done is left as it is. */
    private Answer resolve(ResponseKey key, String ticket, String status, Log log) {
        for (int attempt = 0; attempt < 3; attempt++) {
            var found = cases.find(key);
            if (found.isEmpty()) {
                log.info("ignored: unknown case", key.value(), "ticket", ticket);
                return Answer.json(202, "ignored", Map.of("ignored", "unknown case"));
            }
            var current = found.get().status();
            var at = clock.instant();
            var note = "Zendesk ticket " + (ticket == null ? "" : "#" + ticket + " ") + status;
            List<CaseEvent> events = switch (current) {
                case OPEN -> List.of(new CaseEvent(CaseEvent.Type.CONTACTED, at, BY, note), new CaseEvent(CaseEvent.Type.RESOLVED, at, BY, note));
                case CONTACTED -> List.of(new CaseEvent(CaseEvent.Type.RESOLVED, at, BY, note));
                default -> List.of();
            };
            if (events.isEmpty()) {
                log.info("case already done", key.value(), "ticket", ticket, "caseStatus", current.wireName());
                return Answer.json(200, "unchanged", Map.of("case", key.value(), "status", current.wireName()));
            }
            var outcome = cases.record(key, events, List.of(), c -> c.status() == current);
            if (outcome instanceof DynamoDbCases.Moved moved) {
                log.info("case resolved", key.value(), "ticket", ticket);
                log.metric("ZendeskResolved", 1, key.value());
                return Answer.json(200, "resolved", Map.of("case", key.value(), "status", moved.after().status().wireName()));
            }
            if (outcome instanceof DynamoDbCases.NotFound) {
                return Answer.json(202, "ignored", Map.of("ignored", "unknown case"));
            }
            // Someone moved the case meanwhile: judge it again as it now stands.
        }
        return Answer.problem(503, "unavailable", "The case kept changing; Zendesk will send it again.");
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : value instanceof Number n ? n.toString() : null;
    }
}
