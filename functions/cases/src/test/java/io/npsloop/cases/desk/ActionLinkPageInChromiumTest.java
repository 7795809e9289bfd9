package io.npsloop.cases.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.npsloop.cases.CasesFunction;
import io.npsloop.config.Settings;
import io.npsloop.domain.cases.ActionLink;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action link page in headless Chromium (Debian's {@code chromium}), served with the cases
 * function's own headers over HTTP and driven through the DevTools protocol at a phone's width:
 * a hostile comment stays text and runs nothing, nothing scrolls sideways, and the step is
 * confirmed with the keyboard alone. The screenshot is left in target/ for a person to look at.
 */
class ActionLinkPageInChromiumTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path folder;

    @Test
    @SuppressWarnings("unchecked")
    void aHostileCommentIsShownAsTextNothingRunsNothingScrollsSidewaysAndTheKeyboardConfirms() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("headless Chromium at %s (apt-get install chromium, or set CHROMIUM)", CHROMIUM).isTrue();
        var aws = LocalAws.shared();
        var resources = aws.provision("chromium-" + UUID.randomUUID().toString().substring(0, 8));
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("ACTION_LINK_KEYS", ActionLinkPageIntegrationTest.RING);
        var cases = new CasesFunction(new Settings(env));
        var longWord = "Unbroken".repeat(30);
        var id = ActionLinkPageIntegrationTest.storeCase(aws, resources.tableName(), "chromium", 1, 1, "en",
                ActionLinkPageIntegrationTest.HOSTILE + " " + longWord);
        var token = ActionLinkPageIntegrationTest.token(id, CaseEvent.Type.CONTACTED);

        var server = serve(cases);
        var chromium = startChromium();
        try (var page = DevTools.connect(chromium.port())) {
            page.call("Page.enable", Map.of());
            // A headless window never has the system's focus; without this no element matches :focus.
            page.call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
            page.call("Emulation.setDeviceMetricsOverride", Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + ActionLink.PATH + "?t=" + token;
            page.navigate(url);

            assertThat(page.evaluate("document.title")).isEqualTo("I contacted them: confirm");
            assertThat(page.evaluate("typeof window.pwned")).as("no script of the comment ran").isEqualTo("undefined");
            assertThat(page.evaluate("document.querySelectorAll('script, img').length")).isEqualTo(0);
            assertThat((String) page.evaluate("document.querySelectorAll('dd')[3].textContent"))
                    .startsWith(ActionLinkPageIntegrationTest.HOSTILE);
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).as("no horizontal scroll at 360px")
                    .isEqualTo(true);
            assertThat(page.evaluate("window.innerWidth")).isEqualTo(360);
            assertThat(page.evaluate("getComputedStyle(document.querySelector('dl')).display")).as("the stylesheet applied")
                    .isEqualTo("grid");
            assertThat(page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.textContent"))
                    .as("the confirm button has the focus").isEqualTo("BUTTON Confirm: I contacted them");
            assertThat(page.evaluate("getComputedStyle(document.activeElement).outlineStyle")).as("and shows it").isEqualTo("solid");
            var png = (Map<String, Object>) page.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            var shot = Path.of("target", "action-link-page-360.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, Base64.getDecoder().decode((String) png.get("data")));
            assertThat(Files.size(shot)).isGreaterThan(1_000);

            // Enter on the focused button: the keyboard alone confirms.
            page.key("Enter", "\r", 13);
            page.awaitLoad();
            assertThat(page.evaluate("document.title")).isEqualTo("I contacted them: recorded");
            assertThat(page.evaluate("document.querySelector('.notice').textContent")).isEqualTo("Recorded. The case is now contacted. Thank you.");
        } finally {
            chromium.process().destroy();
            if (!chromium.process().waitFor(10, TimeUnit.SECONDS)) {
                chromium.process().destroyForcibly();
            }
            server.stop(0);
        }
        var item = aws.dynamoDb().getItem(r -> r.tableName(resources.tableName()).consistentRead(true).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RESPONSE#generic#chromium"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RESPONSE")))).item();
        assertThat(item.get("caseStatus").s()).as("the browser's own Origin and Sec-Fetch-Site passed").isEqualTo("contacted");
        assertThat(item.get("caseEvents").l()).hasSize(1);
    }

    /** The two routes, as API Gateway hands them to the function, with its headers on the way back. */
    private static HttpServer serve(CasesFunction cases) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                answer(cases, exchange);
            }
        });
        server.start();
        return server;
    }

    private static void answer(CasesFunction cases, HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getRawPath();
        if (!path.equals(ActionLink.PATH)) {
            exchange.sendResponseHeaders(404, -1); // the favicon
            return;
        }
        var headers = new HashMap<String, String>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Map<String, String> query = null;
        var raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            query = new HashMap<>();
            for (var pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        var response = cases.handleRequest(APIGatewayV2HTTPEvent.builder()
                .withRouteKey(exchange.getRequestMethod() + " " + ActionLink.PATH)
                .withHeaders(headers).withQueryStringParameters(query)
                .withBody(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                .build(), new LocalContext("cases"));
        var body = response.getBody().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.getStatusCode(), body.length);
        exchange.getResponseBody().write(body);
    }

    private record Chromium(Process process, int port) {}

    private Chromium startChromium() throws Exception {
        var profile = folder.resolve("profile");
        var command = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=360,740", "about:blank");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(folder.resolve("chromium.log").toFile()).start();
        var portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            assertThat(process.isAlive()).as("Chromium runs; its log: %s", folder.resolve("chromium.log")).isTrue();
            assertThat(System.nanoTime()).as("Chromium opened its DevTools port").isLessThan(deadline);
            Thread.sleep(100);
        }
        return new Chromium(process, Integer.parseInt(Files.readAllLines(portFile).get(0).strip()));
    }

    /** Just enough of the DevTools protocol: commands with their answers, and the page's load event. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
        private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @SuppressWarnings("unchecked")
        static DevTools connect(int port) throws Exception {
            var http = HttpClient.newHttpClient();
            var targets = JSON.std.listFrom(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            var page = targets.stream().map(t -> (Map<String, Object>) t).filter(t -> "page".equals(t.get("type"))).findFirst().orElseThrow();
            var tools = new DevTools();
            tools.socket = http.newWebSocketBuilder().buildAsync(URI.create((String) page.get("webSocketDebuggerUrl")), tools)
                    .get(10, TimeUnit.SECONDS);
            return tools;
        }

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    var message = JSON.std.mapFrom(partial.toString());
                    if (message.get("id") instanceof Number id) {
                        var future = pending.remove(id.intValue());
                        if (message.containsKey("error")) {
                            future.completeExceptionally(new AssertionError("DevTools: " + message.get("error")));
                        } else {
                            future.complete((Map<String, Object>) message.getOrDefault("result", Map.of()));
                        }
                    } else if (message.get("method") instanceof String method) {
                        events.add(method);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        Object call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            var future = new CompletableFuture<Map<String, Object>>();
            pending.put(id, future);
            socket.sendText(JSON.std.asString(Map.of("id", id, "method", method, "params", params)), true).get(10, TimeUnit.SECONDS);
            return future.get(30, TimeUnit.SECONDS);
        }

        void navigate(String url) throws Exception {
            events.clear();
            call("Page.navigate", Map.of("url", url));
            awaitLoad();
        }

        void awaitLoad() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                var event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(event).as("the page loaded").isNotNull();
                if (event.equals("Page.loadEventFired")) {
                    return;
                }
            }
        }

        /** An expression's value, evaluated by DevTools (the page's own policy allows no script). */
        @SuppressWarnings("unchecked")
        Object evaluate(String expression) throws Exception {
            var result = (Map<String, Object>) call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            assertThat(result).as(expression).doesNotContainKey("exceptionDetails");
            return ((Map<String, Object>) result.get("result")).get("value");
        }

        void key(String key, String text, int code) throws Exception {
            events.clear();
            var down = new HashMap<String, Object>(Map.of("type", "keyDown", "key", key, "code", key, "text", text,
                    "windowsVirtualKeyCode", code, "nativeVirtualKeyCode", code));
            call("Input.dispatchKeyEvent", down);
            call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", key, "windowsVirtualKeyCode", code,
                    "nativeVirtualKeyCode", code));
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
