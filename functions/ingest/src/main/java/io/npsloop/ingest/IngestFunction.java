package io.npsloop.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Settings;
import io.npsloop.http.Answer;
import io.npsloop.ingest.quarantine.QuarantiningIntake;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /webhooks/{source}} on the HTTP API, and the IAM-authorised quarantine routes
 * ({@code GET /quarantine}, {@code GET /quarantine/{id}}, {@code POST /quarantine/{id}/replay}): translates the event and logs
 * one line per call.
 */
public final class IngestFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    static final String WEBHOOK_ROUTE = "POST /webhooks/{source}";

    private final QuarantiningIntake intake;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public IngestFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public IngestFunction(Settings settings) {
        this.intake = IngestConfig.quarantiningIntake(settings, new AwsClients(settings), Clock.systemUTC());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var parameters = event.getPathParameters() == null ? Map.<String, String>of() : event.getPathParameters();
        var source = parameters.get("source");
        var route = event.getRouteKey() == null ? WEBHOOK_ROUTE : event.getRouteKey();
        Answer answer = switch (route) {
            case "GET /quarantine" -> intake.list(event.getQueryStringParameters());
            case "GET /quarantine/{id}" -> intake.show(parameters.get("id"));
            case "POST /quarantine/{id}/replay" -> intake.replay(parameters.get("id"));
            default -> intake.handle(source, event.getHeaders() == null ? Map.of() : event.getHeaders(), event.getBody(),
                    event.getIsBase64Encoded(), arrivedAt(event));
        };
        // Only the route, source, status and outcome: bodies and headers carry personal data.
        var line = (route.equals(WEBHOOK_ROUTE) ? "webhook source=" + safe(source) : "ops route=\"" + route + "\"")
                + " status=" + answer.status() + " outcome=" + answer.outcome()
                + (answer.failure() == null ? "" : " failure=\"" + answer.failure().replace('"', '\'') + "\"");
        context.getLogger().log(line, answer.status() >= 500 ? LogLevel.ERROR : LogLevel.INFO);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(answer.headers())
                .withBody(answer.body())
                .build();
    }

    /** API Gateway's own time of arrival: signed times are judged against it, not against when the function ran. */
    private static java.time.Instant arrivedAt(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context != null && context.getTimeEpoch() > 0 ? java.time.Instant.ofEpochMilli(context.getTimeEpoch()) : null;
    }

    private static String safe(String source) {
        return source != null && source.matches("[A-Za-z0-9-]{1,40}") ? source : "?";
    }
}
