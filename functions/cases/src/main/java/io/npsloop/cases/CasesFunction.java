package io.npsloop.cases;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.ActionLinkKeyRing;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DeskTokens;
import io.npsloop.cases.desk.ActionLinkPage;
import io.npsloop.cases.desk.BearerDeskUsers;
import io.npsloop.cases.desk.CognitoDeskDirectory;
import io.npsloop.cases.desk.DeskAnswers;
import io.npsloop.cases.desk.DeskApi;
import io.npsloop.cases.desk.DeskPage;
import io.npsloop.cases.desk.DeskSignIn;
import io.npsloop.cases.desk.DeskTeams;
import io.npsloop.cases.desk.DeskUsers;
import io.npsloop.cases.desk.OutcomeRecorder;
import io.npsloop.cases.desk.PersonalLinks;
import io.npsloop.cases.desk.ReferralPage;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.ReferralLink;
import io.npsloop.domain.desk.DeskUser;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import io.npsloop.report.ReportFunction;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cases routes of the HTTP API (IAM-authorised in AWS), the page action links open and the
 * promoters' referral page (open: the link's token is the proof), the desk's page and its files (open: public files), and the
 * desk's sign-in, JSON, people and teams routes (bearer tokens, checked here as well as by API
 * Gateway): translates events and logs one line per call, and one more per change to someone's
 * teams or roles.
 */
public final class CasesFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final CasesApi api;
    private final ActionLinkPage links;
    private final ReferralPage referrals;
    private final DeskApi desk;
    private final DeskUsers deskUsers;
    private final DeskSignIn signIn;
    private final DeskTeams teams;
    private final DeskPage page;

    public CasesFunction() {
        this(Settings.fromEnvironment());
    }

    public CasesFunction(Settings settings) {
        this(settings, null);
    }

    /** The production wiring; {@code deskUsers} stands in for the token check where given (tests). */
    public CasesFunction(Settings settings, DeskUsers deskUsers) {
        var clients = new AwsClients(settings);
        var cases = new DynamoDbCases(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME));
        this.api = new CasesApi(cases, Clock.systemUTC());
        var ring = ActionLinkKeyRing.of(settings, clients, Clock.systemUTC());
        this.links = new ActionLinkPage(cases, ring, Clock.systemUTC());
        OutcomeRecorder outcomes = ReportFunction.outcomes(settings, clients.dynamoDb(), Clock.systemUTC())::record;
        this.desk = new DeskApi(cases, outcomes, ReportFunction.conversions(settings, clients.dynamoDb(), Clock.systemUTC()),
                PersonalLinks.of(settings, ring), Clock.systemUTC());
        var table = settings.required(SharedSettings.TABLE_NAME);
        this.referrals = new ReferralPage(cases, new ReferralLeads(cases, outcomes), new DynamoDbReferralLinks(clients.dynamoDb(), table), ring,
                Clock.systemUTC());
        // One check of desk tokens for every /desk/api route: who is signed in, or nobody (401).
        var users = BearerDeskUsers.of(settings);
        this.deskUsers = deskUsers == null ? users : deskUsers;
        this.signIn = new DeskSignIn(users, settings);
        // The user pool's client is made at the first people or teams call, not at start-up.
        this.teams = new DeskTeams(users, CognitoDeskDirectory.of(settings, clients));
        this.page = new DeskPage(settings);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var route = event.getRouteKey() == null ? "" : event.getRouteKey();
        var id = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
        var body = HttpEvents.textBody(event);
        var log = new Log(context.getLogger()::log, "cases", context.getAwsRequestId(), Clock.systemUTC());
        var path = event.getPathParameters() == null ? Map.<String, String>of() : event.getPathParameters();
        // Who changed whom, by subject ids: emails are personal data and stay out of the logs.
        Consumer<DeskTeams.Change> changes = change -> log.info("desk change", null,
                "by", change.by(), "change", change.change(), "whom", change.whom(), "group", change.group());
        Answer answer = switch (route) {
            case "POST /cases/{id}/events" -> api.recordEvent(id, body);
            case "GET /cases/{id}" -> api.show(id);
            case "GET /cases" -> api.listOpen(event.getQueryStringParameters());
            case "GET " + ActionLink.PATH -> links.show(event.getQueryStringParameters());
            case "POST " + ActionLink.PATH -> links.confirm(body, event.getHeaders());
            case "GET " + ReferralLink.ROUTE -> referrals.show(path.get("token"), event.getHeaders());
            case "POST " + ReferralLink.ROUTE -> referrals.submit(path.get("token"), body, event.getHeaders(), sourceIp(event));
            case "GET /desk/api/queue" -> desk(event, user -> desk.queue(user, event.getQueryStringParameters()));
            case "GET /desk/api/cases/{id}" -> desk(event, user -> desk.show(user, id));
            case "POST /desk/api/cases/{id}/claim" -> desk(event, user -> desk.claim(user, id));
            case "POST /desk/api/cases/{id}/assign" -> desk(event, user -> desk.assign(user, id, body));
            case "POST /desk/api/cases/{id}/attempts" -> desk(event, user -> desk.attempt(user, id, body));
            case "POST /desk/api/cases/{id}/events" -> desk(event, user -> desk.event(user, id, body));
            case "POST /desk/api/cases/{id}/outcomes" -> desk(event, user -> desk.outcome(user, id, body));
            case "POST /desk/api/cases/{id}/referrals" -> desk(event, user -> desk.referrals(user, id, body));
            case "POST /desk/api/leads/{leadId}/conversion" -> desk(event, user -> desk.conversion(user, path.get("leadId"), body));
            case "GET /desk/api/lead" -> desk(event, desk::lead);
            case "GET " + DeskSignIn.CONFIG_PATH -> signIn.config();
            case "GET " + DeskSignIn.ME_PATH -> signIn.me(event.getHeaders());
            case "GET " + DeskTeams.PEOPLE_PATH -> teams.people(event.getHeaders(), event.getQueryStringParameters());
            case "GET " + DeskTeams.TEAMS_PATH -> teams.teams(event.getHeaders());
            case "PUT " + DeskTeams.MEMBER_PATH -> teams.member(event.getHeaders(), path.get("team"), path.get("email"), true, changes);
            case "DELETE " + DeskTeams.MEMBER_PATH -> teams.member(event.getHeaders(), path.get("team"), path.get("email"), false, changes);
            case "PUT " + DeskTeams.ROLE_PATH -> teams.role(event.getHeaders(), path.get("email"), path.get("role"), true, changes);
            case "DELETE " + DeskTeams.ROLE_PATH -> teams.role(event.getHeaders(), path.get("email"), path.get("role"), false, changes);
            case "GET /desk" -> page.redirect();
            case "GET " + DeskPage.PATH -> page.shell();
            case "GET " + DeskPage.ASSETS + "{asset}" ->
                    page.asset(event.getPathParameters() == null ? null : event.getPathParameters().get("asset"));
            default -> Answer.problem(404, "unknown-route", "No route " + route + ".");
        };
        // Route, case id and outcome only: cases hold personal data. The case id is the follow-up id ingest and dispatch log.
        var caseId = id != null && id.matches("[a-z0-9-]{1,40}:[A-Za-z0-9._-]{1,200}") ? id : null;
        log.log(answer.status() >= 500 ? "ERROR" : "INFO", "cases", caseId,
                        "route", route, "status", answer.status(), "outcome", answer.outcome(), "failure", answer.failure());
        return HttpEvents.response(answer);
    }

    /** The client's address as API Gateway saw it, or null (a test's event may carry none). */
    private static String sourceIp(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
    }

    /**
     * A desk route for whoever signed in, turned away as {@link DeskSignIn#me} turns them away: nobody
     * (valid) signed in is a 401, someone without a desk role a 403, whatever the route.
     */
    private Answer desk(APIGatewayV2HTTPEvent event, Function<DeskUser, Answer> route) {
        var result = deskUsers.check(event.getHeaders());
        if (!(result instanceof DeskTokens.Valid valid)) {
            return DeskAnswers.refused(result);
        }
        return valid.user().hasRole() ? route.apply(valid.user()) : DeskAnswers.notAllowed();
    }
}
