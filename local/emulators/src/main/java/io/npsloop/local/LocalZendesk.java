package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Zendesk with the Tickets API calls the product makes, answering with the shapes of
 * Zendesk's Tickets API reference (developer.zendesk.com/api-reference/ticketing/tickets/tickets/):
 * "Create Ticket" ({@code POST /api/v2/tickets}: 201, {@code {"ticket":{...}}} and a
 * {@code Location} header), "List Tickets" with {@code ?external_id=} ({@code {"tickets":[...],
 * "next_page":null,"previous_page":null,"count":n}}), "Update Ticket" ({@code PUT /api/v2/tickets/{id}},
 * the status only), "Delete Ticket" ({@code DELETE /api/v2/tickets/{id}}: 204, the ticket moves to the
 * deleted tickets) and "Delete Ticket Permanently" ({@code DELETE /api/v2/deleted_tickets/{id}}: 200
 * and a queued {@code job_status}); an unknown id is 404. Requests without Basic authentication get
 * 401 as Zendesk answers them. It can be told to answer the next requests with 429 and a
 * Retry-After, 500, or to hang past a client's timeout (before or after creating the ticket).
 * Idempotency keys are recorded, not honoured, so tests see what the client itself prevents.
 *
 * <p>Given a {@link #webhook webhook}, it plays the trigger of docs/connectors.md: a ticket tagged
 * {@code nps-loop} whose status changes to solved or closed is posted there, signed as Zendesk signs.
 */
public final class LocalZendesk implements AutoCloseable {

    /** What the next request meets instead of a plain answer. */
    public sealed interface Fault {
        /** Answered as usual: lets a fault fall on a later request. */
        record None() implements Fault {}

        record RateLimited(int retryAfterSeconds) implements Fault {}

        record ServerError(int status) implements Fault {}

        /** No answer for this long; the ticket is created first when {@code afterCreating}. */
        record Hang(Duration duration, boolean afterCreating) implements Fault {}
    }

    /** One request as received: method, path with query, the Idempotency-Key if any. */
    public record Request(String method, String path, String idempotencyKey) {}

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(35436);
    private final List<Map<String, Object>> tickets = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> deleted = Collections.synchronizedList(new ArrayList<>());
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> deliveries = Collections.synchronizedList(new ArrayList<>());
    private volatile URI webhook;
    private volatile byte[] signingSecret;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Clock clock;

    public LocalZendesk() {
        this(Clock.systemUTC());
    }

    public LocalZendesk(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v2/tickets", this::tickets);
        server.createContext("/api/v2/deleted_tickets", this::tickets);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            var thread = new Thread(r, "local-zendesk");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** The address to use instead of https://<subdomain>.zendesk.com. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests, one each, meet these faults in order. */
    public synchronized void failNext(Fault... next) {
        faults.addAll(List.of(next));
    }

    public List<Map<String, Object>> tickets() {
        synchronized (tickets) {
            return List.copyOf(tickets);
        }
    }

    /** Soft-deleted tickets, not yet permanently deleted (Zendesk's "Deleted tickets" view). */
    public List<Map<String, Object>> deletedTickets() {
        synchronized (deleted) {
            return List.copyOf(deleted);
        }
    }

    /** The trigger's webhook: where a solved or closed ticket of the product is posted, signed with this secret. */
    public void webhook(URI endpoint, String secret) {
        this.signingSecret = secret.getBytes(StandardCharsets.UTF_8);
        this.webhook = endpoint;
    }

    /** The status codes the webhook answered, in order. */
    public List<Integer> webhookDeliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** Solves a ticket as an agent would in Zendesk, firing the trigger; false if there is no such ticket. */
    public boolean solve(long id) {
        return update(id, "solved") != null;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The ticket creations asked for, answered or not. */
    public long creations() {
        return requests().stream().filter(r -> r.method().equals("POST")).count();
    }

    /** Creates a ticket as if the API had, e.g. one whose creation a client never heard back about. */
    public Map<String, Object> create(Map<String, Object> ticket) {
        var id = ids.getAndIncrement();
        var stored = new LinkedHashMap<String, Object>();
        stored.put("url", baseUrl() + "/api/v2/tickets/" + id + ".json");
        stored.put("id", id);
        stored.put("external_id", ticket.get("external_id"));
        stored.put("created_at", clock.instant().toString());
        stored.put("updated_at", clock.instant().toString());
        stored.put("type", null);
        stored.put("subject", ticket.get("subject"));
        stored.put("raw_subject", ticket.get("subject"));
        stored.put("description", ticket.get("comment") instanceof Map<?, ?> c ? c.get("body") : null);
        stored.put("priority", ticket.get("priority"));
        stored.put("status", "new");
        stored.put("requester_id", 20978392L + id);
        stored.put("submitter_id", 10001L);
        stored.put("group_id", ticket.get("group_id"));
        stored.put("tags", ticket.getOrDefault("tags", List.of()));
        stored.put("custom_fields", ticket.getOrDefault("custom_fields", List.of()));
        // Not in Zendesk's answer; kept so tests can see what was sent.
        stored.put("requester", ticket.get("requester"));
        stored.put("comment", ticket.get("comment"));
        tickets.add(stored);
        return stored;
    }

    private synchronized Fault nextFault() {
        return faults.pollFirst();
    }

    private void tickets(HttpExchange exchange) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            var path = exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(new Request(method, path, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Basic ")) {
                LocalHttp.answer(exchange, 401, Map.of("error", "Couldn't authenticate you"));
                return;
            }
            var fault = nextFault();
            if (fault instanceof Fault.RateLimited limited) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(limited.retryAfterSeconds()));
                LocalHttp.answer(exchange, 429, Map.of("error", "APIRateLimitExceeded", "description", "Number of allowed API requests per minute exceeded"));
                return;
            }
            if (fault instanceof Fault.ServerError error) {
                LocalHttp.answer(exchange, error.status(), Map.of("error", "InternalServerError"));
                return;
            }
            Map<String, Object> created = null;
            if (fault instanceof Fault.Hang hang) {
                if (hang.afterCreating() && method.equals("POST")) {
                    created = create(ticket(body));
                }
                LocalHttp.sleep(hang.duration());
                if (created == null) {
                    // Nothing done: the gateway gave up on a stuck backend.
                    LocalHttp.answer(exchange, 504, Map.of("error", "GatewayTimeout"));
                    return;
                }
            }
            if (method.equals("POST") && exchange.getRequestURI().getPath().equals("/api/v2/tickets")) {
                var ticket = created != null ? created : create(ticket(body));
                exchange.getResponseHeaders().add("Location", (String) ticket.get("url"));
                LocalHttp.answer(exchange, 201, Map.of("ticket", visible(ticket)));
                return;
            }
            if (method.equals("GET") && exchange.getRequestURI().getPath().equals("/api/v2/tickets")) {
                var externalId = query(exchange.getRequestURI().getRawQuery(), "external_id");
                var found = tickets().stream().filter(t -> externalId == null || externalId.equals(t.get("external_id")))
                        .map(LocalZendesk::visible).toList();
                var page = new LinkedHashMap<String, Object>();
                page.put("tickets", found);
                page.put("next_page", null);
                page.put("previous_page", null);
                page.put("count", found.size());
                LocalHttp.answer(exchange, 200, page);
                return;
            }
            var one = ONE.matcher(exchange.getRequestURI().getPath());
            if (one.matches()) {
                var id = Long.parseLong(one.group(2));
                var permanent = one.group(1).equals("deleted_tickets");
                if (method.equals("PUT") && !permanent) {
                    var status = ticket(body).get("status");
                    var updated = update(id, status instanceof String text ? text : null);
                    if (updated == null) {
                        LocalHttp.answer(exchange, 404, NOT_FOUND);
                    } else {
                        LocalHttp.answer(exchange, 200, Map.of("ticket", visible(updated)));
                    }
                    return;
                }
                if (method.equals("DELETE")) {
                    var gone = remove(permanent ? deleted : tickets, id);
                    if (gone == null) {
                        LocalHttp.answer(exchange, 404, NOT_FOUND);
                    } else if (permanent) {
                        // Zendesk scrubs it in a background job; here it is gone at once.
                        var job = new LinkedHashMap<String, Object>();
                        job.put("id", "job-" + id);
                        job.put("job_type", "ticket_deletion");
                        job.put("status", "queued");
                        job.put("url", baseUrl() + "/api/v2/job_statuses/job-" + id + ".json");
                        LocalHttp.answer(exchange, 200, Map.of("job_status", job));
                    } else {
                        deleted.add(gone);
                        LocalHttp.answer(exchange, 204, null);
                    }
                    return;
                }
            }
            LocalHttp.answer(exchange, 404, Map.of("error", "InvalidEndpoint"));
        } catch (RuntimeException e) {
            LocalHttp.answer(exchange, 500, Map.of("error", e.getClass().getSimpleName()));
        }
    }

    private static final java.util.regex.Pattern ONE = java.util.regex.Pattern.compile("/api/v2/(tickets|deleted_tickets)/(\\d+)(?:\\.json)?");
    private static final Map<String, Object> NOT_FOUND = Map.of("error", "RecordNotFound", "description", "Not found");

    private static Map<String, Object> remove(List<Map<String, Object>> list, long id) {
        synchronized (list) {
            for (var it = list.iterator(); it.hasNext(); ) {
                var ticket = it.next();
                if (ticket.get("id") instanceof Number n && n.longValue() == id) {
                    it.remove();
                    return ticket;
                }
            }
        }
        return null;
    }

    /** Sets the status; a change to solved or closed of a ticket tagged nps-loop fires the trigger. */
    private Map<String, Object> update(long id, String status) {
        Map<String, Object> found = null;
        String before = null;
        synchronized (tickets) {
            for (var ticket : tickets) {
                if (ticket.get("id") instanceof Number n && n.longValue() == id) {
                    found = ticket;
                    before = (String) ticket.get("status");
                    if (status != null) {
                        ticket.put("status", status);
                        ticket.put("updated_at", clock.instant().toString());
                    }
                }
            }
        }
        if (found != null && status != null && !status.equals(before) && (status.equals("solved") || status.equals("closed"))
                && found.get("tags") instanceof List<?> tags && tags.contains("nps-loop")) {
            fire(found);
        }
        return found;
    }

    /** The trigger's "Notify active webhook" with the body docs/connectors.md gives, signed as Zendesk signs. */
    private void fire(Map<String, Object> ticket) {
        var endpoint = webhook;
        if (endpoint == null) {
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("external_id", ticket.get("external_id") == null ? "" : ticket.get("external_id"));
        body.put("status", ticket.get("status"));
        body.put("ticket_id", String.valueOf(ticket.get("id")));
        try {
            var text = JSON.std.asString(body);
            var timestamp = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(signingSecret, "HmacSHA256"));
            var signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal((timestamp + text).getBytes(StandardCharsets.UTF_8)));
            var request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("X-Zendesk-Webhook-Id", "01LOCALWEBHOOK")
                    .header("X-Zendesk-Webhook-Signature", signature)
                    .header("X-Zendesk-Webhook-Signature-Timestamp", timestamp)
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
            deliveries.add(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException | java.security.GeneralSecurityException e) {
            deliveries.add(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveries.add(-1);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ticket(String body) {
        try {
            var json = JSON.std.mapFrom(body);
            if (json.get("ticket") instanceof Map<?, ?> ticket) {
                return (Map<String, Object>) ticket;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new IllegalArgumentException("not a ticket");
    }

    private static Map<String, Object> visible(Map<String, Object> ticket) {
        var copy = new LinkedHashMap<>(ticket);
        copy.remove("requester");
        copy.remove("comment");
        return copy;
    }

    private static String query(String raw, String name) {
        if (raw == null) {
            return null;
        }
        for (var pair : raw.split("&")) {
            var equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
