package io.npsloop.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.http.Answer;
import io.npsloop.http.HttpEvents;
import io.npsloop.ingest.quarantine.QuarantiningReceiver;
import io.npsloop.observe.Log;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /webhooks/{source}} on the HTTP API, with {@code HEAD} on it for tools that check the URL first and
 * {@code POST /webhooks/{source}/{token}} for those that cannot sign, and the IAM-authorised quarantine routes
 * ({@code GET /quarantine}, {@code GET /quarantine/{id}}, {@code POST /quarantine/{id}/replay}): translates
 * the event, logs one JSON line per call and counts accepted, duplicate and revised responses as metrics.
 */
public final class IngestFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, Primed {

    static final String WEBHOOK_ROUTE = "POST /webhooks/{source}";
    static final String TOKEN_ROUTE = "POST /webhooks/{source}/{token}";
    static final String PROBE_ROUTE = "HEAD /webhooks/{source}";

    private final QuarantiningReceiver receiver;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public IngestFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public IngestFunction(Settings settings) {
        this(settings, new AwsClients(settings));
    }

    /** The production wiring over given clients. */
    public IngestFunction(Settings settings, AwsClients clients) {
        var clock = Clock.systemUTC();
        var dynamoDb = clients.dynamoDb();
        var webhooks = IngestConfig.webhookReceiver(settings, clients, dynamoDb, clock);
        this.receiver = IngestConfig.quarantiningReceiver(settings, webhooks, dynamoDb, clock);
        this.priming = IngestPriming.of(settings, webhooks, dynamoDb, clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var parameters = event.getPathParameters() == null ? Map.<String, String>of() : event.getPathParameters();
        var source = parameters.get("source");
        var route = event.getRouteKey() == null ? WEBHOOK_ROUTE : event.getRouteKey();
        Answer answer = switch (route) {
            case "GET /quarantine" -> receiver.list(event.getQueryStringParameters());
            case "GET /quarantine/{id}" -> receiver.show(parameters.get("id"));
            case "POST /quarantine/{id}/replay" -> receiver.replay(parameters.get("id"));
            case PROBE_ROUTE -> receiver.probe(source);
            // The token is a secret: it goes to the check and nowhere else, not even the log line below.
            case TOKEN_ROUTE -> receiver.handle(source, parameters.getOrDefault("token", ""),
                    event.getHeaders() == null ? Map.of() : event.getHeaders(), event.getBody(), event.getIsBase64Encoded(), arrivedAt(event));
            default -> receiver.handle(source, event.getHeaders() == null ? Map.of() : event.getHeaders(), event.getBody(),
                    event.getIsBase64Encoded(), arrivedAt(event));
        };
        // Ids, status and outcome only: bodies and headers carry personal data.
        var log = new Log(context.getLogger()::log, "ingest", context.getAwsRequestId(), Clock.systemUTC());
        var correlationId = correlationId(route, parameters, answer, event, context);
        boolean webhook = route.equals(WEBHOOK_ROUTE) || route.equals(TOKEN_ROUTE) || route.equals(PROBE_ROUTE);
        log.log(answer.status() >= 500 ? "ERROR" : "INFO", webhook ? "webhook" : "ops", correlationId,
                "route", route, "source", webhook ? safe(source) : null,
                "status", answer.status(), "outcome", answer.outcome(), "failure", answer.failure());
        if (route.equals(WEBHOOK_ROUTE) || route.equals(TOKEN_ROUTE)) {
            var metric = switch (answer.outcome()) {
                case "accepted" -> "Accepted";
                case "duplicate" -> "Duplicates";
                case "revised" -> "Revised";
                default -> null;
            };
            if (metric != null) {
                log.metric(metric, 1, correlationId, "source", safe(source));
            }
        }
        return HttpEvents.response(answer);
    }

    /** API Gateway's own time of arrival: signed times are judged against it, not against when the function ran. */
    private static java.time.Instant arrivedAt(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context != null && context.getTimeEpoch() > 0 ? java.time.Instant.ofEpochMilli(context.getTimeEpoch()) : null;
    }

    /**
     * The follow-up id {@code <source>:<responseId>} once the response is known, which dispatch and
     * the cases API log too; before that, API Gateway's request id.
     */
    private static String correlationId(String route, Map<String, String> parameters, Answer answer,
                                        APIGatewayV2HTTPEvent event, Context context) {
        if (route.equals("POST /quarantine/{id}/replay") && parameters.get("id") != null) {
            return "quarantine:" + parameters.get("id");
        }
        var body = answer.body();
        if (body != null && body.contains("\"responseId\"")) {
            try {
                var fields = JSON.std.mapFrom(body);
                if (fields.get("source") instanceof String s && fields.get("responseId") instanceof String id) {
                    return s + ":" + id;
                }
            } catch (IOException e) {
                // fall through to the request id
            }
        }
        return HttpEvents.requestId(event, context.getAwsRequestId());
    }

    private static String safe(String source) {
        return source != null && source.matches("[A-Za-z0-9-]{1,40}") ? source : "?";
    }
}
