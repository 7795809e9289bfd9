package io.npsloop.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * SurveyMonkey's and Qualtrics' response APIs as their documentation shows them, on a local port:
 * no emulator of either exists. Serves the answers in {@code events/api} for the sample's ids,
 * checks the token the way each API does, and can be told to fail the next calls.
 */
public final class FakeSurveyApis implements AutoCloseable {

    public static final String SURVEYMONKEY_TOKEN = "local-surveymonkey-access-token";
    public static final String QUALTRICS_TOKEN = "local-qualtrics-api-token";

    private static final Pattern SURVEYMONKEY = Pattern.compile("/v3/surveys/([^/]+)/responses/([^/]+)/details");
    private static final Pattern SURVEYMONKEY_SURVEY = Pattern.compile("/v3/surveys/([^/]+)/details");
    private static final Pattern QUALTRICS = Pattern.compile("/API/v3/surveys/([^/]+)/responses/([^/]+)");

    private final HttpServer server;
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger surveyDetailsCalls = new AtomicInteger();
    private volatile String surveyMonkeyBody = Fixtures.api("surveymonkey-response-details.json");
    private volatile String surveyMonkeySurveyBody = Fixtures.api("surveymonkey-docs-survey-details.json");
    private volatile String qualtricsBody = Fixtures.api("qualtrics-response.json");

    public FakeSurveyApis() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next calls answer these statuses, in order, before the API works again; 200 lets a call through. */
    public synchronized FakeSurveyApis failNext(Integer... statuses) {
        failures.addAll(java.util.List.of(statuses));
        return this;
    }

    public FakeSurveyApis surveyMonkeyAnswers(String body) {
        surveyMonkeyBody = body;
        return this;
    }

    /** What {@code GET /v3/surveys/{id}/details} answers for the survey it is. */
    public FakeSurveyApis surveyMonkeySurveyIs(String body) {
        surveyMonkeySurveyBody = body;
        return this;
    }

    public int surveyDetailsCalls() {
        return surveyDetailsCalls.get();
    }

    public FakeSurveyApis qualtricsAnswers(String body) {
        qualtricsBody = body;
        return this;
    }

    public int calls() {
        return calls.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            Integer failure;
            synchronized (this) {
                failure = failures.poll();
            }
            if (failure != null && failure != 200) {
                if (failure == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                send(exchange, failure, "{\"error\":{\"message\":\"failing on purpose\"}}");
                return;
            }
            var path = exchange.getRequestURI().getPath();
            var monkey = SURVEYMONKEY.matcher(path);
            var survey = SURVEYMONKEY_SURVEY.matcher(path);
            var qualtrics = QUALTRICS.matcher(path);
            if (survey.matches()) {
                surveyDetailsCalls.incrementAndGet();
                if (!("Bearer " + SURVEYMONKEY_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"error\":{\"id\":\"1011\",\"name\":\"Authorization Error\"}}");
                } else {
                    send(exchange, known(surveyMonkeySurveyBody, survey.group(1)), surveyMonkeySurveyBody);
                }
            } else if (monkey.matches()) {
                if (!("Bearer " + SURVEYMONKEY_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"error\":{\"id\":\"1011\",\"name\":\"Authorization Error\"}}");
                } else if (!"simple=true".equals(exchange.getRequestURI().getQuery())) {
                    send(exchange, 400, "{\"error\":{\"message\":\"expected simple=true\"}}");
                } else {
                    send(exchange, known(surveyMonkeyBody, monkey.group(2)), surveyMonkeyBody);
                }
            } else if (qualtrics.matches()) {
                if (!QUALTRICS_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-API-TOKEN"))) {
                    send(exchange, 401, "{\"meta\":{\"httpStatus\":\"401 - Unauthorized\"}}");
                } else {
                    send(exchange, known(qualtricsBody, qualtrics.group(2)), qualtricsBody);
                }
            } else {
                send(exchange, 404, "{}");
            }
        }
    }

    /** 200 for the response the served body is, 404 for any other, as the real APIs answer. */
    private static int known(String body, String responseId) {
        return body.contains("\"" + responseId + "\"") ? 200 : 404;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static Map<String, String> environment(URI baseUrl) {
        return Map.of(
                "WEBHOOK_SECRET_SURVEYMONKEY_API_TOKEN", SURVEYMONKEY_TOKEN,
                "WEBHOOK_SECRET_QUALTRICS_API_TOKEN", QUALTRICS_TOKEN,
                "SURVEYMONKEY_API_BASE_URL", baseUrl.toString(),
                "QUALTRICS_API_BASE_URL", baseUrl.toString());
    }
}
