package io.npsloop.cases;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.ActionLinkKeyRing;
import io.npsloop.aws.AwsClients;
import io.npsloop.cases.desk.ActionLinkPage;
import io.npsloop.cases.desk.DeskApi;
import io.npsloop.cases.desk.DeskUsers;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import io.npsloop.report.ReportFunction;
import java.time.Clock;

/**
 * The cases routes of the HTTP API (IAM-authorised in AWS), the page action links open (open:
 * the link's token is the proof), and the desk's JSON routes for whoever {@link DeskUsers} says
 * signed in: translates events and logs one line per call.
 */
public final class CasesFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final CasesApi api;
    private final ActionLinkPage links;
    private final DeskApi desk;
    private final DeskUsers deskUsers;

    public CasesFunction() {
        this(Settings.fromEnvironment());
    }

    public CasesFunction(Settings settings) {
        this(settings, DeskUsers.NOBODY);
    }

    /** The production wiring, with who signs in to the desk given. */
    public CasesFunction(Settings settings, DeskUsers deskUsers) {
        var clients = new AwsClients(settings);
        var cases = new DynamoDbCases(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME));
        this.api = new CasesApi(cases, Clock.systemUTC());
        this.links = new ActionLinkPage(cases, ActionLinkKeyRing.of(settings, clients, Clock.systemUTC()), Clock.systemUTC());
        this.desk = new DeskApi(cases, ReportFunction.outcomes(settings, clients.dynamoDb(), Clock.systemUTC())::record, Clock.systemUTC());
        this.deskUsers = java.util.Objects.requireNonNull(deskUsers, "deskUsers");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var route = event.getRouteKey() == null ? "" : event.getRouteKey();
        var id = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
        var body = HttpEvents.textBody(event);
        Answer answer = switch (route) {
            case "POST /cases/{id}/events" -> api.recordEvent(id, body);
            case "GET /cases/{id}" -> api.show(id);
            case "GET /cases" -> api.listOpen(event.getQueryStringParameters());
            case "GET " + ActionLink.PATH -> links.show(event.getQueryStringParameters());
            case "POST " + ActionLink.PATH -> links.confirm(body, event.getHeaders());
            case "GET /desk/api/queue" -> desk(event, user -> desk.queue(user, event.getQueryStringParameters()));
            case "GET /desk/api/cases/{id}" -> desk(event, user -> desk.show(user, id));
            case "POST /desk/api/cases/{id}/claim" -> desk(event, user -> desk.claim(user, id));
            case "POST /desk/api/cases/{id}/assign" -> desk(event, user -> desk.assign(user, id, body));
            case "POST /desk/api/cases/{id}/attempts" -> desk(event, user -> desk.attempt(user, id, body));
            case "POST /desk/api/cases/{id}/events" -> desk(event, user -> desk.event(user, id, body));
            case "POST /desk/api/cases/{id}/outcomes" -> desk(event, user -> desk.outcome(user, id, body));
            case "POST /desk/api/cases/{id}/referrals" -> desk(event, user -> desk.referrals(user, id, body));
            case "GET /desk/api/lead" -> desk(event, desk::lead);
            default -> Answer.problem(404, "unknown-route", "No route " + route + ".");
        };
        // Route, case id and outcome only: cases hold personal data. The case id is the follow-up id ingest and dispatch log.
        var caseId = id != null && id.matches("[a-z0-9-]{1,40}:[A-Za-z0-9._-]{1,200}") ? id : null;
        new Log(context.getLogger()::log, "cases", context.getAwsRequestId(), Clock.systemUTC())
                .log(answer.status() >= 500 ? "ERROR" : "INFO", "cases", caseId,
                        "route", route, "status", answer.status(), "outcome", answer.outcome());
        return HttpEvents.response(answer);
    }

    /** A desk route for whoever signed in; nobody signed in is a 401, whatever the route. */
    private Answer desk(APIGatewayV2HTTPEvent event, java.util.function.Function<DeskUser, Answer> route) {
        var user = deskUsers.of(event.getHeaders() == null ? java.util.Map.of() : event.getHeaders());
        return user.isEmpty() ? Answer.problem(401, "unauthenticated", "Sign in to use the desk.") : route.apply(user.get());
    }
}
