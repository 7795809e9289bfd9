package io.npsloop.chat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for Slack's incoming webhooks and Teams' Workflows webhooks, for which no emulator
 * exists: records every post by path and answers as told, by default 200 {@code ok} as Slack
 * does; or 429 with Retry-After, 400 {@code invalid_payload}, 404 {@code no_service}.
 */
final class FakeChatWebhooks implements AutoCloseable {

    record Post(String path, String body) {}

    record Answer(int status, String body, String retryAfter) {
        static final Answer OK = new Answer(200, "ok", null);
        static final Answer THROTTLED = new Answer(429, "rate_limited", "30");
        static final Answer INVALID_PAYLOAD = new Answer(400, "invalid_payload", null);
        static final Answer NO_SERVICE = new Answer(404, "no_service", null);
    }

    private final HttpServer server;
    private final List<Post> posts = new ArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

    FakeChatWebhooks() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var path = exchange.getRequestURI().getPath();
            synchronized (posts) {
                posts.add(new Post(path, body));
            }
            var queued = answers.get(path);
            var answer = queued == null || queued.isEmpty() ? Answer.OK : queued.poll();
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            var bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next posts to {@code path} get these answers, then 200 ok again. */
    void answer(String path, Answer... next) {
        answers.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(next));
    }

    List<Post> posts(String path) {
        synchronized (posts) {
            return posts.stream().filter(post -> post.path().equals(path)).toList();
        }
    }

    List<Post> posts() {
        synchronized (posts) {
            return List.copyOf(posts);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
