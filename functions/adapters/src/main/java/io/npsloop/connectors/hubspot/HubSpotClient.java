package io.npsloop.connectors.hubspot;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.HttpOutcomes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot's CRM v3 APIs, the calls the connector makes, with a private app's bearer token. An
 * answer the connector cannot use is thrown as {@link Failed} holding a {@link CallOutcome} as
 * {@link HttpOutcomes} reads it; a 429 without Retry-After waits HubSpot's ten-second window (a
 * day's limit spent, an hour). Nothing here logs a body or a credential.
 */
public final class HubSpotClient {

    /** HubSpot's burst limits are per ten seconds ("API usage guidelines and limits"). */
    static final Duration TEN_SECONDLY = Duration.ofSeconds(10);
    static final Duration DAILY = Duration.ofHours(1);
    /** HubSpot-defined association type ids ("Associations v4", association type id values). */
    static final int TASK_TO_CONTACT = 204;
    static final int TASK_TO_COMPANY = 192;

    /** An answer that is not the one asked for. */
    public static final class Failed extends RuntimeException {
        private final transient CallOutcome outcome;

        Failed(CallOutcome outcome) {
            super(outcome instanceof CallOutcome.TryLater later ? later.error() : ((CallOutcome.Refused) outcome).error(), null, false, false);
            this.outcome = outcome;
        }

        public CallOutcome outcome() {
            return outcome;
        }
    }

    /** A contact or company as read: its id and the properties asked for. */
    public record Record(String id, Map<String, String> properties) {
        public String get(String name) {
            var value = properties.get(name);
            return value == null || value.isBlank() ? null : value;
        }
    }

    record Reply(int status, Map<String, Object> json) {}

    private final HubSpotAccount account;
    private final URI baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public HubSpotClient(HubSpotAccount account, URI baseUrl, Duration timeout, Clock clock) {
        this.account = account;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    // --- contacts and companies

    /** {@code POST /crm/v3/objects/contacts/search}, email EQ: the first match, if any. */
    public Optional<Record> contactByEmail(String email, List<String> properties) {
        var filter = Map.of("propertyName", "email", "operator", "EQ", "value", email);
        var body = Map.of("filterGroups", List.of(Map.of("filters", List.of(filter))), "properties", properties, "limit", 1);
        var results = list(send("POST", "/crm/v3/objects/contacts/search", body, Set.of(200)).json().get("results"));
        return results.isEmpty() ? Optional.empty() : Optional.of(record(results.get(0)));
    }

    /** {@code POST /crm/v3/objects/contacts}; empty when HubSpot answers 409 (created meanwhile: search again). */
    public Optional<Record> createContact(Map<String, String> properties) {
        var reply = send("POST", "/crm/v3/objects/contacts", Map.of("properties", properties), Set.of(201, 409));
        return reply.status() == 409 ? Optional.empty() : Optional.of(record(reply.json()));
    }

    /** {@code GET /crm/v3/objects/companies/{id}?properties=…}; empty when there is no such company. */
    public Optional<Record> company(String id, List<String> properties) {
        var reply = send("GET", "/crm/v3/objects/companies/" + encode(id) + "?properties=" + encode(String.join(",", properties)),
                null, Set.of(200, 404));
        return reply.status() == 404 ? Optional.empty() : Optional.of(record(reply.json()));
    }

    /** {@code PATCH /crm/v3/objects/{contacts|companies}/{id}}. */
    public void update(String objectType, String id, Map<String, String> properties) {
        send("PATCH", "/crm/v3/objects/" + objectType + "/" + encode(id), Map.of("properties", properties), Set.of(200));
    }

    /**
     * {@code POST /crm/v3/objects/contacts/gdpr-delete}: the contact deleted for good, with its
     * associations. False when there is no such contact (404).
     */
    public boolean gdprDeleteContact(String contactId) {
        // HubSpot's "Permanently delete a contact (GDPR-compliant)" (CRM v3 contacts reference, "GDPR"
        // section): {"objectId": "<id>"}, or the email with "idProperty": "email"; 204 without a body.
        // By the id just found, never by email: an email no contact has would be blocklisted for good.
        var reply = send("POST", "/crm/v3/objects/contacts/gdpr-delete", Map.of("objectId", contactId), Set.of(204, 404));
        return reply.status() == 204;
    }

    // --- tasks

    /**
     * {@code DELETE /crm/v3/objects/tasks/{id}}: HubSpot archives it (its recycling bin, restorable
     * there for 90 days). False when there is no such task, or it is archived already (404).
     */
    public boolean archiveTask(String id) {
        return send("DELETE", "/crm/v3/objects/tasks/" + encode(id), null, Set.of(204, 404)).status() == 204;
    }

    /** {@code POST /crm/v3/objects/tasks}, associated to the contact and, if any, the company: the task's id. */
    public String createTask(Map<String, String> properties, String contactId, String companyId) {
        var associations = new java.util.ArrayList<Map<String, Object>>();
        associations.add(association(contactId, TASK_TO_CONTACT));
        if (companyId != null) {
            associations.add(association(companyId, TASK_TO_COMPANY));
        }
        var reply = send("POST", "/crm/v3/objects/tasks", Map.of("properties", properties, "associations", associations), Set.of(201));
        var id = reply.json().get("id");
        if (id == null) {
            throw new Failed(new CallOutcome.TryLater(Optional.empty(), "unreadable_answer"));
        }
        return id.toString();
    }

    /**
     * {@code POST /crm/v3/objects/tasks/search}: the task of the contact whose body holds the marker,
     * lowest id first if there were ever two. HubSpot's search index trails a create by seconds; a
     * retry comes after the claim's lease, by when it has caught up.
     */
    public Optional<String> taskWithMarker(String contactId, String marker) {
        return tasksWithMarker(contactId, marker).stream().findFirst();
    }

    /** The same search: every task of the contact whose body holds the marker, lowest id first (none archived). */
    public List<String> tasksWithMarker(String contactId, String marker) {
        var filter = Map.of("propertyName", "associations.contact", "operator", "EQ", "value", contactId);
        var body = Map.of("filterGroups", List.of(Map.of("filters", List.of(filter))),
                "properties", List.of("hs_task_body"), "limit", 100);
        return list(send("POST", "/crm/v3/objects/tasks/search", body, Set.of(200)).json().get("results")).stream()
                .map(HubSpotClient::record)
                .filter(task -> task.get("hs_task_body") != null && task.get("hs_task_body").contains(marker))
                .map(Record::id)
                .sorted(java.util.Comparator.comparing((String id) -> id.length()).thenComparing(id -> id))
                .toList();
    }

    // --- properties

    /** {@code GET /crm/v3/properties/{objectType}}: the names of the properties there are. */
    public Set<String> propertyNames(String objectType) {
        var results = list(send("GET", "/crm/v3/properties/" + objectType, null, Set.of(200)).json().get("results"));
        var names = new java.util.HashSet<String>();
        results.forEach(p -> {
            if (p instanceof Map<?, ?> m && m.get("name") instanceof String name) {
                names.add(name);
            }
        });
        return names;
    }

    /** {@code POST /crm/v3/properties/{objectType}/groups}; one there already (409) is as good. */
    public void createGroup(String objectType, Map<String, Object> group) {
        send("POST", "/crm/v3/properties/" + objectType + "/groups", group, Set.of(201, 409));
    }

    /** {@code POST /crm/v3/properties/{objectType}}; one there already (409) is as good. */
    public void createProperty(String objectType, Map<String, Object> property) {
        send("POST", "/crm/v3/properties/" + objectType, property, Set.of(201, 409));
    }

    // --- the one way calls are made

    Reply send(String method, String path, Object body, Set<Integer> accepted) {
        var request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
                .header("Authorization", account.authorization())
                .header("Accept", "application/json");
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.std.asString(body), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new Failed(HttpOutcomes.unanswered(e));
        }
        int status = response.statusCode();
        Map<String, Object> json;
        try {
            json = response.body() == null || response.body().isBlank() ? Map.of() : JSON.std.mapFrom(response.body());
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        if (accepted.contains(status)) {
            if (json == null) {
                throw new Failed(new CallOutcome.TryLater(Optional.empty(), "unreadable_answer"));
            }
            return new Reply(status, json);
        }
        var outcome = HttpOutcomes.failure(response, clock);
        if (status == 429 && outcome instanceof CallOutcome.TryLater later && later.retryAfter().isEmpty()) {
            // Without Retry-After: the daily limit waits an hour, the ten-second window ten seconds.
            var policy = json == null ? null : json.get("policyName");
            outcome = new CallOutcome.TryLater(Optional.of("DAILY".equals(policy) ? DAILY : TEN_SECONDLY), later.error());
        }
        throw new Failed(outcome);
    }

    private static Map<String, Object> association(String id, int typeId) {
        var to = new LinkedHashMap<String, Object>();
        to.put("to", Map.of("id", id));
        to.put("types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", typeId)));
        return to;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Record record(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.get("id") == null) {
            throw new Failed(new CallOutcome.TryLater(Optional.empty(), "unreadable_answer"));
        }
        var properties = new LinkedHashMap<String, String>();
        if (map.get("properties") instanceof Map<?, ?> props) {
            props.forEach((k, v) -> {
                if (k instanceof String name && v != null) {
                    properties.put(name, v.toString());
                }
            });
        }
        return new Record(map.get("id").toString(), properties);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
