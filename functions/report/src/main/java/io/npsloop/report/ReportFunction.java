package io.npsloop.report;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbUplifts;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.roi.RoiReport;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The report's routes of the HTTP API (IAM-authorised in AWS): {@code POST /outcomes},
 * {@code POST /leads/{leadId}/conversion} and {@code GET /reports/roi}. Where no IAM stands in front, e.g. in the local stack, setting
 * {@code REPORT_API_TOKEN} makes each ask for {@code Authorization: Bearer <token>}.
 */
public final class ReportFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Primed {

    /** Before any counter: priming reads the report's items without finding any. */
    private static final String PRIMING_DAY = "2000-01-01";

    private final OutcomesApi outcomes;
    private final LeadConversions conversions;
    private final ReportApi reports;
    private final Optional<byte[]> token;
    private final Priming priming;

    public ReportFunction() {
        this(Settings.fromEnvironment());
    }

    public ReportFunction(Settings settings) {
        var dynamoDb = new AwsClients(settings).dynamoDb();
        var clock = Clock.systemUTC();
        this.outcomes = outcomes(settings, dynamoDb, clock);
        this.conversions = new LeadConversions(dynamoDb, settings.required(SharedSettings.TABLE_NAME), outcomes, clock);
        this.reports = reports(settings, dynamoDb, clock);
        this.token = settings.optional(ReportSettings.REPORT_API_TOKEN).map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.priming = new Priming("report", clock)
                .step("table", Priming.absentItem(dynamoDb, settings.required(SharedSettings.TABLE_NAME)))
                // A day long before any counter: the report's own queries and its JSON, with nothing in them.
                .step("report", () -> HttpEvents.response(reports.roi(Map.of("from", PRIMING_DAY, "to", PRIMING_DAY))))
                // Refused before anything is kept: an empty batch.
                .step("outcomes", () -> HttpEvents.response(outcomes.post("{\"events\":[]}")));
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    /** Outcome intake as configured: shared by the API and the CSV import. */
    public static OutcomesApi outcomes(Settings settings, DynamoDbClient dynamoDb, Clock clock) {
        return new OutcomesApi(new DynamoDbOutcomes(dynamoDb, settings.required(SharedSettings.TABLE_NAME),
                Duration.ofDays(settings.positiveInt(SharedSettings.OUTCOME_WINDOW_DAYS)),
                Duration.ofDays(settings.positiveInt(SharedSettings.RESPONSE_RETENTION_DAYS)), clock), clock);
    }

    /** Lead conversions as configured: shared by the API, the CSV import and the desk. */
    public static LeadConversions conversions(Settings settings, DynamoDbClient dynamoDb, Clock clock) {
        return new LeadConversions(dynamoDb, settings.required(SharedSettings.TABLE_NAME), outcomes(settings, dynamoDb, clock), clock);
    }

    /** The report as configured: shared by the API and the exports. */
    public static ReportApi reports(Settings settings, DynamoDbClient dynamoDb, Clock clock) {
        return new ReportApi(new DynamoDbCounters(dynamoDb, settings.required(SharedSettings.TABLE_NAME),
                settings.positiveInt(ReportSettings.COUNTER_SLOTS), clock), assumptions(settings), clock,
                new DynamoDbUplifts(dynamoDb, settings.required(SharedSettings.TABLE_NAME))::read);
    }

    /** The same cost settings the ingest function rations with, so the report and the policy agree. */
    static RoiReport.Assumptions assumptions(Settings settings) {
        return new RoiReport.Assumptions(
                settings.amount(SharedSettings.RECOVERY_COST), settings.amount(SharedSettings.REFERRAL_COST),
                settings.amount(SharedSettings.NURTURE_COST));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var route = event.getRouteKey() == null ? "" : event.getRouteKey();
        Answer answer;
        if (!authorised(event.getHeaders())) {
            answer = Answer.problem(401, "unauthorised", "Send Authorization: Bearer <REPORT_API_TOKEN>.");
        } else {
            var body = HttpEvents.textBody(event);
            answer = switch (route) {
                case "POST /outcomes" -> outcomes.post(body);
                case "POST /leads/{leadId}/conversion" -> conversions.post(
                        event.getPathParameters() == null ? null : event.getPathParameters().get("leadId"), body);
                case "GET /reports/roi" -> reports.roi(event.getQueryStringParameters());
                default -> Answer.problem(404, "unknown-route", "No route " + route + ".");
            };
        }
        // Route and outcome only: outcome events name customers.
        var request = HttpEvents.requestId(event, context.getAwsRequestId());
        new Log(context.getLogger()::log, "report", context.getAwsRequestId(), Clock.systemUTC())
                .log(answer.status() >= 500 ? "ERROR" : "INFO", "report", request,
                        "route", route, "status", answer.status(), "outcome", answer.outcome(), "failure", answer.failure());
        return HttpEvents.response(answer);
    }

    private boolean authorised(Map<String, String> headers) {
        if (token.isEmpty()) {
            return true;
        }
        String given = null;
        if (headers != null) {
            for (var header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("authorization")) {
                    given = header.getValue();
                }
            }
        }
        if (given == null || !given.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token.get(), given.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
