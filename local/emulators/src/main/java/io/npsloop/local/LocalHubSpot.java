package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A local HubSpot with the CRM v3 calls the connector makes, answering with the shapes of
 * HubSpot's reference pages: "Search" ({@code POST /crm/v3/objects/{type}/search}: {@code {"total":n,
 * "results":[{"id","properties","createdAt","updatedAt","archived"}]}}, filters EQ on a property or
 * on {@code associations.contact}), "Contacts" (create: 201, 409 when the email is taken; get,
 * patch; "Permanently delete a contact (GDPR-compliant)": {@code POST /crm/v3/objects/contacts/gdpr-delete}
 * with {@code {"objectId"}} or {@code {"objectId","idProperty":"email"}}, 204 without a body, the
 * contact gone with its associations, an email matching no contact blocklisted as that page says),
 * "Companies" (get, patch; 404 for none), "Tasks" (create with {@code associations}, get, patch;
 * "Archive": {@code DELETE /crm/v3/objects/tasks/{id}}, 204 without a body, the task then in the
 * recycling bin, found neither by get nor by search) and "Properties" ({@code GET
 * /crm/v3/properties/{type}}: {@code {"results":[…]}}; create a property or a group: 201, 409 when
 * there). An id matching nothing is answered 404 ({@code OBJECT_NOT_FOUND}, as a get is), whichever
 * the call. Requests without a bearer token get 401.
 * It can be told to answer the next requests with 429 (with or without Retry-After), a 5xx, or
 * to hang past a client's timeout (before or after doing what was asked).
 *
 * <p>Given a {@link #webhook webhook}, it plays the app's webhook subscription of docs/connectors.md:
 * a task whose {@code hs_task_status} changes to COMPLETED (a PATCH) is posted there as HubSpot posts
 * an {@code object.propertyChange} event, signed v3 with the app's client secret.
 */
public final class LocalHubSpot implements AutoCloseable {

    /** What the next request meets instead of a plain answer. */
    public sealed interface Fault {
        /** 429 from the ten-second window; {@code retryAfterSeconds} empty: no Retry-After header, as HubSpot mostly answers. */
        record RateLimited(Optional<Integer> retryAfterSeconds) implements Fault {}

        record ServerError(int status) implements Fault {}

        /** No answer for this long; the request is carried out first when {@code afterDoing}. */
        record Hang(Duration duration, boolean afterDoing) implements Fault {}
    }

    /** One request as received. */
    public record Request(String method, String path) {}

    private static final Pattern OBJECT = Pattern.compile("/crm/v3/objects/(contacts|companies|tasks)(?:/([^/?]+))?");
    private static final Pattern PROPERTIES = Pattern.compile("/crm/v3/properties/(contacts|companies)(/groups)?");

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(51001);
    private final Map<String, Map<String, Map<String, Object>>> objects = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> properties = new ConcurrentHashMap<>();
    /** Archived records by type: HubSpot's recycling bin, out of reach of get and search. */
    private final Map<String, Map<String, Map<String, Object>>> archived = new ConcurrentHashMap<>();
    private final List<String> gdprDeleted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> blocklist = Collections.synchronizedList(new ArrayList<>());
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Deque<Fault>> targeted = new java.util.HashMap<>();
    private final Clock clock;
    private final List<Integer> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong eventIds = new AtomicLong(1696290001);
    private volatile URI webhook;
    private volatile byte[] clientSecret;

    public LocalHubSpot() {
        this(Clock.systemUTC());
    }

    public LocalHubSpot(Clock clock) {
        this.clock = clock;
        for (var type : List.of("contacts", "companies", "tasks")) {
            objects.put(type, Collections.synchronizedMap(new LinkedHashMap<>()));
            archived.put(type, Collections.synchronizedMap(new LinkedHashMap<>()));
        }
        for (var type : List.of("contacts", "companies")) {
            var known = Collections.synchronizedMap(new LinkedHashMap<String, Map<String, Object>>());
            // A few of HubSpot's own, so a list is never empty.
            for (var name : List.of("email", "firstname", "lastname", "hubspot_owner_id", "associatedcompanyid", "name", "domain")) {
                known.put(name, Map.of("name", name, "groupName", type.equals("contacts") ? "contactinformation" : "companyinformation"));
            }
            properties.put(type, known);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/crm/v3/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            var thread = new Thread(r, "local-hubspot");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** The address to use instead of https://api.hubapi.com. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The app's webhook: where a task's change to COMPLETED is posted, signed v3 with the app's client secret. */
    public void webhook(URI targetUrl, String appClientSecret) {
        this.clientSecret = appClientSecret.getBytes(StandardCharsets.UTF_8);
        this.webhook = targetUrl;
    }

    /** The status codes the webhook answered, in order. */
    public List<Integer> webhookDeliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    public synchronized void failNext(Fault... next) {
        faults.addAll(List.of(next));
    }

    /** The next requests to this method and path, one each, meet these faults in order; others answer as usual. */
    public synchronized void failNextOn(String method, String path, Fault... next) {
        targeted.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(next));
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Records of a type ({@code contacts}, {@code companies}, {@code tasks}), each with its id, properties and associations. */
    public List<Map<String, Object>> all(String type) {
        synchronized (objects.get(type)) {
            return objects.get(type).values().stream().map(LinkedHashMap::new).map(m -> (Map<String, Object>) m).toList();
        }
    }

    /** Archived records of a type (deleted through the API, restorable in HubSpot), each as it was. */
    public List<Map<String, Object>> archived(String type) {
        synchronized (archived.get(type)) {
            return archived.get(type).values().stream().map(LinkedHashMap::new).map(m -> (Map<String, Object>) m).toList();
        }
    }

    /** The ids of the contacts permanently deleted (GDPR), in order. */
    public List<String> gdprDeleted() {
        synchronized (gdprDeleted) {
            return List.copyOf(gdprDeleted);
        }
    }

    /** The emails a GDPR delete by email blocklisted because no contact had them. */
    public List<String> blocklisted() {
        synchronized (blocklist) {
            return List.copyOf(blocklist);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> propertiesOf(String type, String id) {
        return Map.copyOf((Map<String, String>) objects.get(type).get(id).get("properties"));
    }

    /** The property definitions created through the API on a type, by name. */
    public List<String> createdProperties(String type) {
        synchronized (properties.get(type)) {
            return properties.get(type).values().stream().filter(p -> "nps_loop".equals(p.get("groupName")))
                    .map(p -> (String) p.get("name")).toList();
        }
    }

    /** Creates a record as if someone had in HubSpot; {@code associations}: type to ids, e.g. a task's contact. */
    public String create(String type, Map<String, String> props, Map<String, List<String>> associations) {
        var id = Long.toString(ids.getAndIncrement());
        var record = new LinkedHashMap<String, Object>();
        record.put("id", id);
        var stored = new LinkedHashMap<String, String>(props);
        stored.put("hs_object_id", id);
        record.put("properties", Collections.synchronizedMap(stored));
        record.put("associations", Map.copyOf(associations));
        record.put("createdAt", clock.instant().toString());
        record.put("updatedAt", clock.instant().toString());
        record.put("archived", false);
        objects.get(type).put(id, record);
        return id;
    }

    /** Changes a record's properties as a HubSpot user would (e.g. a new owner). */
    @SuppressWarnings("unchecked")
    public void set(String type, String id, Map<String, String> props) {
        ((Map<String, String>) objects.get(type).get(id).get("properties")).putAll(props);
    }

    private synchronized Fault nextFault(String method, String path) {
        var forThis = targeted.get(method + " " + path);
        return forThis != null && !forThis.isEmpty() ? forThis.pollFirst() : faults.pollFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            var path = exchange.getRequestURI().getPath();
            requests.add(new Request(method, path));
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ")) {
                LocalHttp.answer(exchange, 401, Map.of("status", "error", "message", "Authentication credentials not found.", "category", "INVALID_AUTHENTICATION"));
                return;
            }
            var fault = nextFault(method, path);
            if (fault instanceof Fault.RateLimited limited) {
                limited.retryAfterSeconds().ifPresent(s -> exchange.getResponseHeaders().add("Retry-After", Integer.toString(s)));
                LocalHttp.answer(exchange, 429, Map.of("status", "error", "message", "You have reached your ten_secondly_rolling limit.",
                        "errorType", "RATE_LIMIT", "policyName", "TEN_SECONDLY_ROLLING"));
                return;
            }
            if (fault instanceof Fault.ServerError error) {
                LocalHttp.answer(exchange, error.status(), Map.of("status", "error", "message", "internal error", "category", "INTERNAL_ERROR"));
                return;
            }
            if (fault instanceof Fault.Hang hang) {
                if (hang.afterDoing()) {
                    var done = route(method, path, exchange.getRequestURI().getRawQuery(), body);
                    LocalHttp.sleep(hang.duration());
                    LocalHttp.answer(exchange, done.status(), done.json());
                } else {
                    LocalHttp.sleep(hang.duration());
                    LocalHttp.answer(exchange, 504, Map.of("status", "error", "message", "gateway timeout"));
                }
                return;
            }
            var reply = route(method, path, exchange.getRequestURI().getRawQuery(), body);
            LocalHttp.answer(exchange, reply.status(), reply.json());
        } catch (RuntimeException e) {
            LocalHttp.answer(exchange, 500, Map.of("status", "error", "message", e.getClass().getSimpleName()));
        }
    }

    private record Reply(int status, Object json) {}

    @SuppressWarnings("unchecked")
    private Reply route(String method, String path, String query, String body) throws IOException {
        var json = body.isBlank() ? Map.<String, Object>of() : JSON.std.mapFrom(body);
        var props = PROPERTIES.matcher(path);
        if (props.matches()) {
            var known = properties.get(props.group(1));
            if (props.group(2) != null) {
                return method.equals("POST") ? new Reply(201, json) : new Reply(405, Map.of());
            }
            if (method.equals("GET")) {
                synchronized (known) {
                    return new Reply(200, Map.of("results", List.copyOf(known.values())));
                }
            }
            var name = (String) json.get("name");
            if (known.putIfAbsent(name, json) != null) {
                return new Reply(409, Map.of("status", "error", "message", "Property named '" + name + "' already exists.", "category", "OBJECT_ALREADY_EXISTS"));
            }
            return new Reply(201, json);
        }
        var object = OBJECT.matcher(path);
        if (!object.matches()) {
            return new Reply(404, Map.of("status", "error", "message", "no such route"));
        }
        var type = object.group(1);
        var id = object.group(2);
        var store = objects.get(type);
        if ("search".equals(id) && method.equals("POST")) {
            var results = new ArrayList<Map<String, Object>>();
            synchronized (store) {
                for (var record : store.values()) {
                    if (matches(record, (List<Map<String, Object>>) json.getOrDefault("filterGroups", List.of()))) {
                        results.add(visible(record));
                    }
                }
            }
            int limit = json.get("limit") instanceof Number n ? n.intValue() : 10;
            return new Reply(200, Map.of("total", results.size(), "results", results.subList(0, Math.min(limit, results.size()))));
        }
        if ("gdpr-delete".equals(id) && type.equals("contacts") && method.equals("POST")) {
            return gdprDelete(json);
        }
        if (id == null && method.equals("POST")) {
            var given = (Map<String, Object>) json.getOrDefault("properties", Map.of());
            var strings = new LinkedHashMap<String, String>();
            given.forEach((k, v) -> strings.put(k, v == null ? null : v.toString()));
            if (type.equals("contacts") && strings.get("email") != null && findByEmail(strings.get("email")) != null) {
                return new Reply(409, Map.of("status", "error", "message", "Contact already exists. Existing ID: " + findByEmail(strings.get("email")),
                        "category", "CONFLICT"));
            }
            var associations = new LinkedHashMap<String, List<String>>();
            for (var association : (List<Map<String, Object>>) json.getOrDefault("associations", List.of())) {
                var to = String.valueOf(((Map<String, Object>) association.get("to")).get("id"));
                var types = (List<Map<String, Object>>) association.get("types");
                var typeId = ((Number) types.get(0).get("associationTypeId")).intValue();
                // HubSpot-defined ids: 204 task to contact, 192 task to company.
                var toType = typeId == 204 ? "contacts" : typeId == 192 ? "companies" : "other";
                associations.computeIfAbsent(toType, k -> new ArrayList<>()).add(to);
            }
            var created = create(type, strings, associations);
            return new Reply(201, visible(store.get(created)));
        }
        var record = id == null ? null : store.get(id);
        if (record == null) {
            return new Reply(404, Map.of("status", "error", "message", "Object not found. objectId are usually numeric.", "category", "OBJECT_NOT_FOUND"));
        }
        if (method.equals("DELETE")) {
            // "Archive": to the recycling bin, restorable there for 90 days; 204 without a body.
            store.remove(id);
            archived.get(type).put(id, record);
            return new Reply(204, null);
        }
        if (method.equals("PATCH")) {
            var given = (Map<String, Object>) json.getOrDefault("properties", Map.of());
            var strings = new LinkedHashMap<String, String>();
            given.forEach((k, v) -> strings.put(k, v == null ? "" : v.toString()));
            String before;
            synchronized (record.get("properties")) {
                before = ((Map<String, String>) record.get("properties")).get("hs_task_status");
                set(type, id, strings);
            }
            if (type.equals("tasks") && "COMPLETED".equals(strings.get("hs_task_status")) && !"COMPLETED".equals(before)) {
                fire(id);
            }
            return new Reply(200, visible(record));
        }
        return new Reply(200, visible(record));
    }

    /**
     * "Permanently delete a contact (GDPR-compliant)": by id, or by email with {@code idProperty}; the
     * contact goes for good with its associations (the tasks stay, no longer associated). An email no
     * contact has is blocklisted and answered like a deletion, as the reference page says.
     */
    @SuppressWarnings("unchecked")
    private Reply gdprDelete(Map<String, Object> json) {
        var objectId = json.get("objectId") == null ? null : json.get("objectId").toString();
        if (objectId == null || objectId.isBlank()) {
            return new Reply(400, Map.of("status", "error", "message", "objectId is required", "category", "VALIDATION_ERROR"));
        }
        var byEmail = "email".equals(json.get("idProperty"));
        var id = byEmail ? findByEmail(objectId) : objectId;
        if (id == null) {
            blocklist.add(objectId);
            return new Reply(204, null);
        }
        if (objects.get("contacts").remove(id) == null) {
            return new Reply(404, Map.of("status", "error", "message", "Object not found. objectId are usually numeric.", "category", "OBJECT_NOT_FOUND"));
        }
        gdprDeleted.add(id);
        synchronized (objects.get("tasks")) {
            for (var task : objects.get("tasks").values()) {
                var associations = new LinkedHashMap<>((Map<String, List<String>>) task.get("associations"));
                associations.computeIfPresent("contacts", (k, ids) -> ids.stream().filter(c -> !c.equals(id)).toList());
                task.put("associations", Map.copyOf(associations));
            }
        }
        return new Reply(204, null);
    }

    /** The subscription's delivery: an array of one {@code object.propertyChange} event ("Webhooks API"), signed v3. */
    private void fire(String taskId) {
        var target = webhook;
        if (target == null) {
            return;
        }
        var event = new LinkedHashMap<String, Object>();
        event.put("eventId", eventIds.getAndIncrement());
        event.put("subscriptionId", 2786145);
        event.put("portalId", 62515);
        event.put("appId", 1160452);
        event.put("occurredAt", clock.millis());
        event.put("subscriptionType", "object.propertyChange");
        event.put("attemptNumber", 0);
        event.put("objectId", Long.parseLong(taskId));
        event.put("objectTypeId", "0-27");
        event.put("propertyName", "hs_task_status");
        event.put("propertyValue", "COMPLETED");
        event.put("changeSource", "CRM_UI");
        event.put("sourceId", "userId:1");
        try {
            var body = JSON.std.asString(List.of(event));
            var timestamp = Long.toString(clock.millis());
            // method + URI + body + timestamp; the target URL here holds none of the characters HubSpot decodes first.
            var signature = LocalHttp.hmacSha256Base64(clientSecret, "POST" + target + body + timestamp);
            deliveries.add(LocalHttp.deliver(target, body, Map.of("X-HubSpot-Signature-v3", signature,
                    "X-HubSpot-Request-Timestamp", timestamp)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            deliveries.add(-1);
        }
    }

    @SuppressWarnings("unchecked")
    private String findByEmail(String email) {
        synchronized (objects.get("contacts")) {
            return objects.get("contacts").values().stream()
                    .filter(c -> email.equalsIgnoreCase(((Map<String, String>) c.get("properties")).get("email")))
                    .map(c -> (String) c.get("id")).findFirst().orElse(null);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> record, List<Map<String, Object>> groups) {
        if (groups.isEmpty()) {
            return true;
        }
        var props = (Map<String, String>) record.get("properties");
        var associations = (Map<String, List<String>>) record.get("associations");
        for (var group : groups) {
            var all = true;
            for (var filter : (List<Map<String, Object>>) group.get("filters")) {
                var name = (String) filter.get("propertyName");
                var value = String.valueOf(filter.get("value"));
                boolean match = name.startsWith("associations.")
                        ? associations.getOrDefault(name.substring("associations.".length()) + "s", List.of()).contains(value)
                        : value.toLowerCase(Locale.ROOT).equals(String.valueOf(props.get(name)).toLowerCase(Locale.ROOT));
                all &= match;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> visible(Map<String, Object> record) {
        var copy = new LinkedHashMap<String, Object>();
        copy.put("id", record.get("id"));
        synchronized (record.get("properties")) {
            copy.put("properties", new LinkedHashMap<>((Map<String, String>) record.get("properties")));
        }
        copy.put("createdAt", record.get("createdAt"));
        copy.put("updatedAt", record.get("updatedAt"));
        copy.put("archived", false);
        return copy;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
