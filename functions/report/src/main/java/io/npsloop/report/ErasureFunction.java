package io.npsloop.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.connectors.hubspot.HubSpotAccount;
import io.npsloop.connectors.hubspot.HubSpotClient;
import io.npsloop.connectors.hubspot.HubSpotSettings;
import io.npsloop.connectors.zendesk.ZendeskAccount;
import io.npsloop.connectors.zendesk.ZendeskClient;
import io.npsloop.connectors.zendesk.ZendeskSettings;
import io.npsloop.domain.ports.CustomerErasure;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code DELETE /customers/{id}} (IAM-authorised in AWS): erases a customer on their request.
 * 200 with what was removed, by kind; 200 again, with {@code erasedBefore}, while the tombstone
 * lasts; 404 for a customer of whom nothing is kept. 503 when it did not finish, naming what
 * remains where a help desk or a CRM kept a record. {@code DELETE /referred-people?contact=} erases a
 * person a promoter referred: 200 with counts, all zero when nothing of them is kept. The answers
 * and the logs carry counts only.
 */
public final class ErasureFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final String ROUTE = "DELETE /customers/{id}";
    static final String REFERRED_ROUTE = "DELETE /referred-people";

    private final CustomerErasure erasure;
    private final DynamoDbReferredPersonErasure referred;

    public ErasureFunction() {
        this(Settings.fromEnvironment());
    }

    public ErasureFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    public ErasureFunction(Settings settings, AwsClients clients, Clock clock) {
        this(settings, clients, clock, Tools.of(settings, clients, clock));
    }

    private ErasureFunction(Settings settings, AwsClients clients, Clock clock, Tools tools) {
        this(new DynamoDbCustomerErasure(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME),
                settings.positiveInt(SharedSettings.QUARANTINE_RETENTION_DAYS),
                Duration.ofDays(settings.positiveInt(ReportSettings.ERASURE_TOMBSTONE_DAYS)),
                settings.positiveInt(ReportSettings.ERASURE_SCAN_SEGMENTS), clock, tools.ofCases(), tools.ofCustomers()),
                new DynamoDbReferredPersonErasure(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME)));
    }

    /**
     * The outside tools the erasure reaches, where their connectors are configured: Zendesk's tickets
     * of recovery cases, and the end user the connector created there; HubSpot's tasks of every follow-up, and the customer's contact and company there.
     */
    record Tools(List<ToolRecords> ofCases, List<ToolContacts> ofCustomers) {

        static Tools of(Settings settings, AwsClients clients, Clock clock) {
            var ofCases = new ArrayList<ToolRecords>();
            var ofCustomers = new ArrayList<ToolContacts>();
            var table = settings.required(SharedSettings.TABLE_NAME);
            if (settings.optional(ZendeskSettings.ZENDESK_PARAMETER_PATH).isPresent()) {
                var account = ZendeskAccount.of(settings, clients, clock);
                var timeout = Duration.ofSeconds(settings.positiveInt(ZendeskSettings.ZENDESK_TIMEOUT_SECONDS));
                var zendesk = new ZendeskClient(account, timeout, clock);
                ofCases.add(new ZendeskTicketErasure(clients.dynamoDb(), table, zendesk, clock));
                ofCustomers.add(new ZendeskUserErasure(clients.dynamoDb(), table, zendesk, clock));
            }
            if (settings.optional(HubSpotSettings.HUBSPOT_PARAMETER_PATH).isPresent()) {
                var hubspot = new HubSpotClient(HubSpotAccount.of(settings, clients, clock),
                        URI.create(settings.string(HubSpotSettings.HUBSPOT_BASE_URL)),
                        Duration.ofSeconds(settings.positiveInt(HubSpotSettings.HUBSPOT_TIMEOUT_SECONDS)), clock);
                ofCases.add(new HubSpotTaskErasure(clients.dynamoDb(), table, hubspot));
                ofCustomers.add(new HubSpotContactErasure(hubspot));
            }
            return new Tools(ofCases, ofCustomers);
        }
    }

    public ErasureFunction(CustomerErasure erasure) {
        this(erasure, null);
    }

    private ErasureFunction(CustomerErasure erasure, DynamoDbReferredPersonErasure referred) {
        this.erasure = Objects.requireNonNull(erasure, "erasure");
        this.referred = referred;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var route = event.getRouteKey() == null ? "" : event.getRouteKey();
        var id = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
        var query = event.getQueryStringParameters() == null ? Map.<String, String>of() : event.getQueryStringParameters();
        Answer answer;
        if (REFERRED_ROUTE.equals(route) && referred != null) {
            answer = eraseReferred(query.get("contact"));
        } else if (!ROUTE.equals(route)) {
            answer = Answer.problem(404, "unknown-route", "No route " + route + ".");
        } else if (id == null || id.isBlank() || id.length() > 200) {
            answer = Answer.problem(400, "invalid", "The customer id must be 1 to 200 characters.");
        } else if (query.containsKey("scan") && !"true".equals(query.get("scan"))) {
            answer = Answer.problem(400, "invalid", "scan may only be true.");
        } else {
            answer = erase(id, "true".equals(query.get("scan")));
        }
        // Route, status and counts only: never the customer's id.
        var request = HttpEvents.requestId(event, context.getAwsRequestId());
        new Log(context.getLogger()::log, "erasure", context.getAwsRequestId(), Clock.systemUTC())
                .log(answer.status() >= 500 ? "ERROR" : "INFO", "erasure", request,
                        "route", route, "status", answer.status(), "outcome", answer.outcome(), "failure", answer.failure());
        return HttpEvents.response(answer);
    }

    /** A referred person, by the email or phone they were referred under: 200 with counts, zeros when nothing of them is kept. */
    private Answer eraseReferred(String contact) {
        if (contact == null || contact.isBlank() || contact.strip().length() > io.npsloop.domain.cases.Referral.MAX_CONTACT
                || !io.npsloop.domain.cases.Referral.isContact(contact.strip())) {
            return Answer.problem(400, "invalid", "contact must be the email address or phone number the person was referred under.");
        }
        try {
            var removed = referred.erase(contact.strip());
            var body = new LinkedHashMap<String, Object>();
            body.put("erased", removed.values().stream().anyMatch(n -> n > 0));
            body.put("removed", removed);
            return Answer.json(200, removed.get("leads") > 0 ? "erased" : "nothing-kept", body);
        } catch (RuntimeException e) {
            return Answer.problem(503, "erasure-failed",
                            "The erasure did not finish. Retry: a second request completes it and removes nothing twice.")
                    .withFailure("erasing", e);
        }
    }

    private Answer erase(String customerId, boolean fullScan) {
        try {
            var done = erasure.erase(customerId, fullScan);
            if (done.isEmpty()) {
                return Answer.problem(404, "unknown-customer", "No data of this customer is kept.");
            }
            var result = done.get();
            var removed = new LinkedHashMap<String, Integer>();
            DynamoDbCustomerErasure.KINDS.forEach(kind -> removed.put(kind, result.removed().getOrDefault(kind, 0)));
            // Then the outside tools', where one is configured (zendeskTickets, zendeskUsers, hubspotTasks, hubspotContacts, hubspotCompanies).
            result.removed().keySet().stream().filter(kind -> !removed.containsKey(kind)).sorted()
                    .forEach(kind -> removed.put(kind, result.removed().get(kind)));
            var body = new LinkedHashMap<String, Object>();
            body.put("erased", true);
            body.put("erasedAt", result.erasedAt().toString());
            body.put("erasedBefore", result.erasedBefore());
            body.put("scanned", result.scanned());
            body.put("removed", removed);
            return Answer.json(200, result.erasedBefore() ? "erased-again" : "erased", body);
        } catch (ToolRecords.Remaining e) {
            // Everything reached so far is gone; what a tool kept is named, never by id.
            return Answer.problem(503, "erasure-incomplete", "The erasure did not finish: " + e.getMessage()
                    + ". Retry: a second request completes it and removes nothing twice.");
        } catch (RuntimeException e) {
            return Answer.problem(503, "erasure-failed",
                            "The erasure did not finish. Retry: a second request completes it and removes nothing twice.")
                    .withFailure("erasing", e);
        }
    }
}
