package io.npsloop.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Settings;
import java.time.Clock;
import java.util.Map;

/** {@code POST /webhooks/{source}} on the HTTP API: translates the event and logs one line per webhook. */
public final class IngestFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final WebhookIntake intake;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public IngestFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public IngestFunction(Settings settings) {
        this.intake = IngestConfig.webhookIntake(settings, new AwsClients(settings), Clock.systemUTC());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var source = event.getPathParameters() == null ? null : event.getPathParameters().get("source");
        var answer = intake.handle(source, event.getHeaders() == null ? Map.of() : event.getHeaders(), event.getBody(),
                event.getIsBase64Encoded());
        // Only the source, status and outcome: bodies and headers carry personal data.
        var line = "webhook source=" + safe(source) + " status=" + answer.status() + " outcome=" + answer.outcome()
                + (answer.failure() == null ? "" : " failure=\"" + answer.failure().replace('"', '\'') + "\"");
        context.getLogger().log(line, answer.status() >= 500 ? LogLevel.ERROR : LogLevel.INFO);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.status())
                .withHeaders(answer.headers())
                .withBody(answer.body())
                .build();
    }

    private static String safe(String source) {
        return source != null && source.matches("[A-Za-z0-9-]{1,40}") ? source : "?";
    }
}
