package io.npsloop.local.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * SurveyMonkey's and Qualtrics' response APIs for the local stack, answering with the documented
 * samples in {@code events/api}, so their webhooks can be followed end to end on one machine:
 * SurveyMonkey's responses ({@code surveymonkey-*response-details.json}) and surveys' details
 * ({@code surveymonkey-*survey-details.json}), Qualtrics' responses. A request for another
 * response or survey gets 404, and one without the local token 401, as the real APIs.
 */
final class SampleApis implements AutoCloseable {

    private static final Pattern SURVEYMONKEY = Pattern.compile("/v3/surveys/[^/]+/responses/([^/]+)/details");
    private static final Pattern SURVEYMONKEY_SURVEY = Pattern.compile("/v3/surveys/([^/]+)/details");
    private static final Pattern QUALTRICS = Pattern.compile("/API/v3/surveys/[^/]+/responses/([^/]+)");

    private final HttpServer server;
    private final Path samples;
    private final String surveyMonkeyToken;
    private final String qualtricsToken;

    SampleApis(Path samples, String surveyMonkeyToken, String qualtricsToken) {
        this.samples = samples;
        this.surveyMonkeyToken = surveyMonkeyToken;
        this.qualtricsToken = qualtricsToken;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            var monkey = SURVEYMONKEY.matcher(path);
            var survey = SURVEYMONKEY_SURVEY.matcher(path);
            var qualtrics = QUALTRICS.matcher(path);
            boolean monkeyAllowed = ("Bearer " + surveyMonkeyToken).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (monkey.matches()) {
                answer(exchange, monkeyAllowed, "surveymonkey-", "response-details.json", monkey.group(1));
            } else if (survey.matches()) {
                answer(exchange, monkeyAllowed, "surveymonkey-", "survey-details.json", survey.group(1));
            } else if (qualtrics.matches()) {
                boolean allowed = qualtricsToken != null && qualtricsToken.equals(exchange.getRequestHeaders().getFirst("X-API-TOKEN"));
                answer(exchange, allowed, "qualtrics-", "response.json", qualtrics.group(1));
            } else {
                send(exchange, 404, "{}");
            }
        }
    }

    /** The sample named {@code <prefix>*<suffix>} that holds the id, else 404. */
    private void answer(HttpExchange exchange, boolean allowed, String prefix, String suffix, String id) throws IOException {
        if (!allowed) {
            send(exchange, 401, "{\"error\":\"invalid token\"}");
            return;
        }
        try (var files = Files.list(samples)) {
            for (var file : files.sorted().toList()) {
                var name = file.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(suffix)) {
                    var body = Files.readString(file, StandardCharsets.UTF_8);
                    if (body.contains("\"" + id + "\"")) {
                        send(exchange, 200, body);
                        return;
                    }
                }
            }
        }
        send(exchange, 404, "{}");
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
}
