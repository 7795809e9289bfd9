package io.npsloop.connectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.npsloop.aws.AwsClients;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a connector's webhook function works with, built in one place for every tool: the table
 * (one client), the cases a tool's word moves, the replay guard for its signatures, and the clock;
 * and how a request is answered. Each function keeps its own signature check and mapping.
 *
 * @param connector the connector's name, e.g. {@code zendesk}: its replay keys and log lines carry it
 */
public record ConnectorWebhook(String connector, DynamoDbClient dynamoDb, String table, DynamoDbCases cases,
                               ReplayGuard replays, Clock clock) {

    public static ConnectorWebhook of(Settings settings, AwsClients clients, String connector, Clock clock) {
        var dynamoDb = clients.dynamoDb();
        var table = settings.required(SharedSettings.TABLE_NAME);
        return new ConnectorWebhook(connector, dynamoDb, table, new DynamoDbCases(dynamoDb, table),
                new ReplayGuard(dynamoDb, table, connector), clock);
    }

    /** The request answered by {@code answer}; anything it throws is a 503, which the tools send again later. */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context,
                                           BiFunction<APIGatewayV2HTTPEvent, Log, Answer> answer) {
        var log = new Log(context.getLogger()::log, connector + "-webhook", HttpEvents.requestId(event, context.getAwsRequestId()), clock);
        Answer answered;
        try {
            answered = answer.apply(event, log);
        } catch (RuntimeException e) {
            log.error("webhook failed", null, "error", e.getClass().getSimpleName());
            // HubSpot retries a 5xx up to 10 times over 24 hours; Zendesk a few times.
            answered = Answer.problem(503, "unavailable", "Try again later.");
        }
        return HttpEvents.response(answered);
    }

    /** A request header by name, whatever its case; null when absent. */
    public static String header(APIGatewayV2HTTPEvent event, String name) {
        var headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
