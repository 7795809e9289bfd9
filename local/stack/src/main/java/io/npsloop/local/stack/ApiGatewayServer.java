package io.npsloop.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.npsloop.local.LocalContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The template's HTTP API on this machine: each route becomes the same payload-2.0 event API
 * Gateway hands its function, bodies base64-encoded where API Gateway would encode them, and
 * anything else gets API Gateway's 404. The cases routes, IAM-authorised in AWS, are open here; the
 * desk's routes, behind a JWT authorizer in AWS, are checked by the function's own token check alone.
 */
final class ApiGatewayServer implements AutoCloseable {

    /** API Gateway's own payload limit; the function applies its smaller one. */
    static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

    /**
     * One route of the template's HTTP API: its route key, the path it matches (a group per
     * parameter of the key, in order), the function behind it.
     */
    record Route(String method, String routeKey, Pattern path, String function,
                 BiFunction<APIGatewayV2HTTPEvent, LocalContext, APIGatewayV2HTTPResponse> handler) {

        /** The route key's path parameters, e.g. source and token of {@code POST /webhooks/{source}/{token}}. */
        List<String> parameters() {
            return PATH_PARAMETER.matcher(routeKey).results().map(m -> m.group(1)).toList();
        }
    }

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private volatile List<Route> routes = List.of();

    ApiGatewayServer(String host, int port, java.util.List<Route> routes, PrintStream log) throws IOException {
        this(host, port, log);
        routes(routes);
    }

    /** Listening, with no route yet (everything is 404), so its port is known before the functions that need it are built. */
    ApiGatewayServer(String host, int port, PrintStream log) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 128);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, this.routes, log);
            } catch (RuntimeException e) {
                log.println("[api] internal error: " + e.getClass().getSimpleName());
                respond(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
            }
        });
        server.start();
    }

    /** A path served by something other than a function, e.g. the local sign-in issuer; it wins over the routes below it. */
    void serve(String pathPrefix, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(pathPrefix, handler);
    }

    void routes(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, java.util.List<Route> routes, PrintStream log) throws IOException {
        var path = exchange.getRequestURI().getRawPath();
        Route route = null;
        java.util.regex.Matcher match = null;
        for (var candidate : routes) {
            var matcher = candidate.path().matcher(path);
            if (candidate.method().equals(exchange.getRequestMethod()) && matcher.matches()) {
                route = candidate;
                match = matcher;
                break;
            }
        }
        if (route == null) {
            respond(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
            return;
        }
        var body = readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES);
        if (body == null) {
            respond(exchange, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        var headers = new LinkedHashMap<String, String>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        boolean text = isText(headers.getOrDefault("content-type", "")) && isUtf8(body);
        Map<String, String> pathParameters = null;
        var names = route.parameters();
        for (int i = 0; i < names.size(); i++) {
            pathParameters = pathParameters == null ? new LinkedHashMap<>() : pathParameters;
            pathParameters.put(names.get(i), java.net.URLDecoder.decode(match.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        var rawQuery = exchange.getRequestURI().getRawQuery();
        var event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(query(rawQuery))
                .withHeaders(headers)
                .withPathParameters(pathParameters)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method())
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .build())
                        .build())
                .withBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(!text)
                .build();
        var response = route.handler().apply(event, new LocalContext(route.function(), prefixed(log, "[" + route.function() + "] ")));
        var responseBody = response.getBody() == null ? "" : response.getBody();
        if (response.getIsBase64Encoded()) {
            responseBody = new String(Base64.getDecoder().decode(responseBody), StandardCharsets.UTF_8);
        }
        respond(exchange, response.getStatusCode(), response.getHeaders() == null ? Map.of() : response.getHeaders(), responseBody);
    }

    /** API Gateway joins repeated query parameters with commas. */
    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        var params = new java.util.LinkedHashMap<String, String>();
        for (var pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            var name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            var value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    static PrintStream prefixed(PrintStream out, String prefix) {
        return new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(prefix + line);
            }
        };
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        var bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    /** API Gateway passes textual bodies as they are and base64-encodes the rest. */
    private static boolean isText(String contentType) {
        var type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        // An answer to HEAD carries no body, as in API Gateway.
        var bytes = exchange.getRequestMethod().equals("HEAD") ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
