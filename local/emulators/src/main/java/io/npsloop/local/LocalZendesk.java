package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * A local Zendesk with the Tickets and Users API calls the product makes, answering with the shapes of
 * Zendesk's Tickets API reference (developer.zendesk.com/api-reference/ticketing/tickets/tickets/):
 * "Create Ticket" ({@code POST /api/v2/tickets}: 201, {@code {"ticket":{...}}} and a
 * {@code Location} header), "List Tickets" with {@code ?external_id=} ({@code {"tickets":[...],
 * "next_page":null,"previous_page":null,"count":n}}), "Update Ticket" ({@code PUT /api/v2/tickets/{id}},
 * the status only), "Delete Ticket" ({@code DELETE /api/v2/tickets/{id}}: 204, the ticket moves to the
 * deleted tickets) and "Delete Ticket Permanently" ({@code DELETE /api/v2/deleted_tickets/{id}}: 200
 * and a queued {@code job_status}); an unknown id is 404. A ticket's requester is its {@code requester_id},
 * or the user with the {@code requester}'s email, created (untagged) where there is none, as Zendesk does.
 * And of its Users API reference (developer.zendesk.com/api-reference/ticketing/users/users/): "Search
 * Users" ({@code GET /api/v2/users/search?query=}, {@code email:"..."} matching the primary email
 * exactly, other text any part of a name or email; {@code {"users":[...],"next_page":null,
 * "previous_page":null,"count":n}}; deleted users are not found, nor, while {@link #searchLagging} is on,
 * users created since), "Create User" ({@code POST /api/v2/users}:
 * 201, {@code {"user":{...}}} with its {@code tags}; an email another user has is 422 with Zendesk's
 * {@code RecordInvalid} body), "Delete User" ({@code DELETE /api/v2/users/{id}}: 200 and the user, who moves
 * to the deleted users; 422 {@code RecordInvalid} for an end user who is the requester of a ticket that
 * is not closed, as Zendesk refuses it) and "Permanently Delete User" ({@code DELETE /api/v2/deleted_users/{id}}:
 * 200, {@code {"deleted_user":{...}}}; 404 for a user not deleted first). Requests without Basic authentication get
 * 401 as Zendesk answers them. It can be told to answer the next requests (any, or those on one path) with
 * 429 and a Retry-After, 500, or to hang past a client's timeout (before or after creating the ticket or user).
 * Idempotency keys are recorded, and a ticket create repeating a key with another body within two hours
 * is answered 400 {@code IdempotentRequestError}, as Zendesk answers it ("Idempotency" in the Support API
 * introduction, developer.zendesk.com/api-reference/ticketing/introduction/#idempotency; the description
 * text here is ours). A key is kept with the body it first came with once past the rate limit, whatever
 * the answer. A repeat with the same body is not answered with the first ticket, so tests see what the
 * client itself prevents.
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

        /** No answer for this long; the ticket or user asked for is created first when {@code afterCreating}. */
        record Hang(Duration duration, boolean afterCreating) implements Fault {}
    }

    /** One request as received: method, path with query, the Idempotency-Key if any. */
    public record Request(String method, String path, String idempotencyKey) {}

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(35436);
    private final List<Map<String, Object>> tickets = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> deleted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong userIds = new AtomicLong(9873843);
    private final List<Map<String, Object>> users = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, Object>> deletedUsers = Collections.synchronizedList(new ArrayList<>());
    /** Users from this id on are not found by search yet ({@link #searchLagging}). */
    private volatile long unindexedFrom = Long.MAX_VALUE;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> deliveries = Collections.synchronizedList(new ArrayList<>());
    private volatile URI webhook;
    private volatile byte[] signingSecret;
    /** Faults in order, each with the path its request must start with (null: any). */
    private final Deque<Map.Entry<String, Fault>> faults = new ArrayDeque<>();
    /** Each ticket create's Idempotency-Key, with the ticket it first came with and when. */
    private final Map<String, Map.Entry<Map<String, Object>, java.time.Instant>> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration KEY_KEPT = Duration.ofHours(2);
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
        for (var path : List.of("/api/v2/tickets", "/api/v2/deleted_tickets", "/api/v2/users", "/api/v2/deleted_users")) {
            server.createContext(path, this::serve);
        }
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
        List.of(next).forEach(fault -> faults.add(new java.util.AbstractMap.SimpleEntry<>(null, fault)));
    }

    /** The next requests whose path starts with {@code path} (e.g. {@code /api/v2/tickets}), one each, meet these faults in order. */
    public synchronized void failNextOn(String path, Fault... next) {
        List.of(next).forEach(fault -> faults.add(new java.util.AbstractMap.SimpleEntry<>(path, fault)));
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

    /** Closes a ticket as Zendesk does some days after it is solved, firing the trigger; false if there is no such ticket. */
    public boolean close(long id) {
        return update(id, "closed") != null;
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
        return requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/api/v2/tickets")).count();
    }

    /** The user creations asked for, answered or not. */
    public long userCreations() {
        return requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/api/v2/users")).count();
    }

    /** Active users, as Zendesk keeps them (with {@code skip_verify_email} as it was sent, for tests). */
    public List<Map<String, Object>> users() {
        synchronized (users) {
            return List.copyOf(users);
        }
    }

    /** Deleted users, not yet permanently deleted (Zendesk's "Deleted users"). */
    public List<Map<String, Object>> deletedUsers() {
        synchronized (deletedUsers) {
            return List.copyOf(deletedUsers);
        }
    }

    /** The active user with this id. */
    public java.util.Optional<Map<String, Object>> user(long id) {
        return users().stream().filter(u -> u.get("id") instanceof Number n && n.longValue() == id).findFirst();
    }

    /**
     * While on, "Search Users" does not find the users created since it was turned on, as Zendesk's
     * search finds a new user only a little after it is created; off, it finds them all again.
     */
    public void searchLagging(boolean on) {
        unindexedFrom = on ? userIds.get() : Long.MAX_VALUE;
    }

    /** Creates an end user as an agent or a sign-up would, e.g. one someone had before the connector came. */
    public Map<String, Object> addUser(String name, String email, String... tags) {
        var user = new LinkedHashMap<String, Object>();
        user.put("name", name);
        user.put("email", email);
        user.put("tags", List.of(tags));
        return createUser(user);
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
        stored.put("requester_id", requester(ticket));
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

    /** False if the key came with another ticket within two hours; else keeps the key with this ticket if it is new or expired. */
    private boolean sameRequest(String key, Map<String, Object> ticket) {
        var now = clock.instant();
        var kept = keys.compute(key, (k, before) -> before == null || before.getValue().plus(KEY_KEPT).isBefore(now)
                ? new java.util.AbstractMap.SimpleEntry<>(ticket, now) : before);
        return kept.getKey().equals(ticket);
    }

    private synchronized Fault nextFault(String path) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            var next = it.next();
            if (next.getKey() == null || path.startsWith(next.getKey())) {
                it.remove();
                return next.getValue();
            }
        }
        return null;
    }

    /** The ticket's requester: its requester_id, else the user with the requester's email, created where there is none; else the API's user. */
    private long requester(Map<String, Object> ticket) {
        if (ticket.get("requester_id") instanceof Number id) {
            return id.longValue();
        }
        if (ticket.get("requester") instanceof Map<?, ?> requester && requester.get("email") instanceof String email) {
            synchronized (users) {
                var found = byEmail(email);
                if (found != null) {
                    return ((Number) found.get("id")).longValue();
                }
                var user = new LinkedHashMap<String, Object>();
                user.put("name", requester.get("name") == null ? email : requester.get("name"));
                user.put("email", email);
                return ((Number) createUser(user).get("id")).longValue();
            }
        }
        return 10001L;
    }

    private Map<String, Object> byEmail(String email) {
        synchronized (users) {
            return users.stream().filter(u -> email.equalsIgnoreCase((String) u.get("email"))).findFirst().orElse(null);
        }
    }

    /** Stores an end user from a "Create User" body's {@code user}; null if the email is another user's. */
    private Map<String, Object> createUser(Map<String, Object> user) {
        synchronized (users) {
            var email = (String) user.get("email");
            if (email != null && byEmail(email) != null) {
                return null;
            }
            var id = userIds.getAndIncrement();
            var stored = new LinkedHashMap<String, Object>();
            stored.put("id", id);
            stored.put("url", baseUrl() + "/api/v2/users/" + id + ".json");
            stored.put("name", user.get("name"));
            stored.put("email", email);
            stored.put("created_at", clock.instant().toString());
            stored.put("updated_at", clock.instant().toString());
            stored.put("role", user.getOrDefault("role", "end-user"));
            stored.put("active", true);
            stored.put("verified", false);
            stored.put("tags", user.getOrDefault("tags", List.of()));
            // Not in Zendesk's answer; kept so tests can see what was sent.
            stored.put("skip_verify_email", user.get("skip_verify_email"));
            users.add(stored);
            return stored;
        }
    }

    private static Map<String, Object> visibleUser(Map<String, Object> user) {
        var copy = new LinkedHashMap<>(user);
        copy.remove("skip_verify_email");
        return copy;
    }

    /** Zendesk's validation error: {@code {"error":"RecordInvalid","description":"Record validation errors","details":{...}}}. */
    private static Map<String, Object> invalid(String field, String error, String description) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", "RecordInvalid");
        body.put("description", "Record validation errors");
        body.put("details", Map.of(field, List.of(Map.of("description", description, "error", error))));
        return body;
    }

    private void serve(HttpExchange exchange) throws IOException {
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
            var fault = nextFault(exchange.getRequestURI().getPath());
            var users = exchange.getRequestURI().getPath().startsWith("/api/v2/users")
                    || exchange.getRequestURI().getPath().startsWith("/api/v2/deleted_users");
            if (fault instanceof Fault.RateLimited limited) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(limited.retryAfterSeconds()));
                LocalHttp.answer(exchange, 429, Map.of("error", "APIRateLimitExceeded", "description", "Number of allowed API requests per minute exceeded"));
                return;
            }
            var key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            if (!users && key != null && method.equals("POST") && exchange.getRequestURI().getPath().equals("/api/v2/tickets")
                    && !sameRequest(key, ticket(body))) {
                LocalHttp.answer(exchange, 400, Map.of("error", "IdempotentRequestError",
                        "description", "This idempotency key was used with other request parameters"));
                return;
            }
            if (fault instanceof Fault.ServerError error) {
                LocalHttp.answer(exchange, error.status(), Map.of("error", "InternalServerError"));
                return;
            }
            Map<String, Object> created = null;
            if (fault instanceof Fault.Hang hang) {
                if (hang.afterCreating() && method.equals("POST")) {
                    created = users ? createUser(user(body)) : create(ticket(body));
                }
                LocalHttp.sleep(hang.duration());
                if (created == null) {
                    // Nothing done: the gateway gave up on a stuck backend.
                    LocalHttp.answer(exchange, 504, Map.of("error", "GatewayTimeout"));
                    return;
                }
            }
            if (users) {
                users(exchange, method, body, created);
                return;
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

    private void users(HttpExchange exchange, String method, String body, Map<String, Object> created) throws IOException {
        var path = exchange.getRequestURI().getPath();
        if (method.equals("GET") && path.equals("/api/v2/users/search")) {
            var query = query(exchange.getRequestURI().getRawQuery(), "query");
            var text = query == null ? "" : query.strip();
            var exact = text.startsWith("email:");
            var wanted = (exact ? text.substring("email:".length()) : text).replace("\"", "").toLowerCase(java.util.Locale.ROOT);
            var found = users().stream().filter(u -> ((Number) u.get("id")).longValue() < unindexedFrom).filter(u -> {
                var email = String.valueOf(u.get("email")).toLowerCase(java.util.Locale.ROOT);
                return exact ? email.equals(wanted)
                        : email.contains(wanted) || String.valueOf(u.get("name")).toLowerCase(java.util.Locale.ROOT).contains(wanted);
            }).map(LocalZendesk::visibleUser).toList();
            var page = new LinkedHashMap<String, Object>();
            page.put("users", found);
            page.put("next_page", null);
            page.put("previous_page", null);
            page.put("count", found.size());
            LocalHttp.answer(exchange, 200, page);
            return;
        }
        if (method.equals("POST") && path.equals("/api/v2/users")) {
            var user = created != null ? created : createUser(user(body));
            if (user == null) {
                LocalHttp.answer(exchange, 422, invalid("email", "DuplicateValue",
                        "Email: " + user(body).get("email") + " is already being used by another user"));
                return;
            }
            LocalHttp.answer(exchange, 201, Map.of("user", visibleUser(user)));
            return;
        }
        var one = ONE_USER.matcher(path);
        if (one.matches() && method.equals("DELETE")) {
            var id = Long.parseLong(one.group(2));
            if (one.group(1).equals("users")) {
                var open = tickets().stream().filter(t -> t.get("requester_id") instanceof Number n && n.longValue() == id
                        && !"closed".equals(t.get("status"))).count();
                if (open > 0 && user(id).isPresent()) {
                    LocalHttp.answer(exchange, 422, invalid("base", "InvalidValue",
                            "The user is the requester of " + open + " ticket(s) that are not closed"));
                    return;
                }
                var gone = remove(this.users, id);
                if (gone == null) {
                    LocalHttp.answer(exchange, 404, NOT_FOUND);
                    return;
                }
                gone.put("active", false);
                deletedUsers.add(gone);
                LocalHttp.answer(exchange, 200, Map.of("user", visibleUser(gone)));
                return;
            }
            var gone = remove(deletedUsers, id);
            if (gone == null) {
                LocalHttp.answer(exchange, 404, NOT_FOUND);
                return;
            }
            var purged = new LinkedHashMap<String, Object>();
            purged.put("id", id);
            purged.put("url", baseUrl() + "/api/v2/deleted_users/" + id + ".json");
            purged.put("name", gone.get("name"));
            purged.put("email", null);
            purged.put("phone", null);
            purged.put("role", gone.get("role"));
            purged.put("active", false);
            LocalHttp.answer(exchange, 200, Map.of("deleted_user", purged));
            return;
        }
        LocalHttp.answer(exchange, 404, Map.of("error", "InvalidEndpoint"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> user(String body) {
        try {
            var json = JSON.std.mapFrom(body);
            if (json.get("user") instanceof Map<?, ?> user) {
                return (Map<String, Object>) user;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new IllegalArgumentException("not a user");
    }

    private static final java.util.regex.Pattern ONE_USER = java.util.regex.Pattern.compile("/api/v2/(users|deleted_users)/(\\d+)(?:\\.json)?");
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
            deliveries.add(LocalHttp.deliver(endpoint, text, Map.of("X-Zendesk-Webhook-Id", "01LOCALWEBHOOK",
                    "X-Zendesk-Webhook-Signature", LocalHttp.hmacSha256Base64(signingSecret, timestamp + text),
                    "X-Zendesk-Webhook-Signature-Timestamp", timestamp)));
        } catch (IOException | java.security.GeneralSecurityException e) {
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
