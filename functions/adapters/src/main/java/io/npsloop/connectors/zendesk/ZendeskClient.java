package io.npsloop.connectors.zendesk;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zendesk's Tickets and Users APIs, the calls the product makes: create a ticket ({@code POST /api/v2/tickets},
 * with an {@code Idempotency-Key}), list the tickets holding an external id
 * ({@code GET /api/v2/tickets?external_id=}), find the end user by email ("Search Users",
 * {@code GET /api/v2/users/search?query=email:"..."}) and create one marked as the connector's
 * ("Create User", {@code POST /api/v2/users}) for the connector; delete a ticket
 * ({@code DELETE /api/v2/tickets/{id}}) and then permanently ({@code DELETE /api/v2/deleted_tickets/{id}}),
 * and likewise a user ("Delete User", {@code DELETE /api/v2/users/{id}}, then "Permanently Delete User",
 * {@code DELETE /api/v2/deleted_users/{id}}) for erasure, where 404 (already gone) is {@link CallOutcome.Missing}.
 * Failures become {@link CallOutcome}s as {@link HttpOutcomes} reads them. Nothing here logs a body or a credential.
 */
public final class ZendeskClient {

    /**
     * The user tag marking an end user the connector created (Zendesk keeps user tags where "Tags on
     * users and organizations" is on): erasure deletes such a user, and no other.
     */
    public static final String CREATED_USER_TAG = "nps_loop_created";

    /** An end user looked up or created: {@code outcome} is Done with their id, Missing or the failure; {@code marked} if they carry {@link #CREATED_USER_TAG}. */
    public record User(CallOutcome outcome, boolean marked) {}

    private final ZendeskAccount account;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public ZendeskClient(ZendeskAccount account, Duration timeout, Clock clock) {
        this.account = account;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Creates the ticket; Zendesk answers a repeat of the same key within two hours with the first ticket. */
    public CallOutcome create(String ticketJson, String idempotencyKey) {
        var request = request(account.baseUrl().resolve("/api/v2/tickets"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(ticketJson, StandardCharsets.UTF_8)).build();
        return call(request, 201, json -> id(json.get("ticket")));
    }

    /** The ticket created for this external id, lowest id first if there were ever two; {@link CallOutcome.Missing} if none. */
    public CallOutcome findByExternalId(String externalId) {
        var uri = account.baseUrl().resolve("/api/v2/tickets?external_id=" + URLEncoder.encode(externalId, StandardCharsets.UTF_8));
        return call(request(uri).GET().build(), 200, json -> json.get("tickets") instanceof List<?> tickets
                ? tickets.stream().map(ZendeskClient::id).filter(id -> id != null)
                        .min(java.util.Comparator.comparingLong(Long::parseLong)).orElse(null)
                : null);
    }

    /**
     * The end user whose primary email this is, lowest id first. Search matches loosely, so the
     * answer's {@code email} is compared too; an email held as a secondary identity is not found here
     * (creating the user then fails, and the ticket names the requester by email as before).
     */
    public User findUser(String email) {
        var query = "email:\"" + email + "\"";
        var uri = account.baseUrl().resolve("/api/v2/users/search?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        var answer = answer(request(uri).GET().build(), 200);
        if (answer instanceof CallOutcome outcome) {
            return new User(outcome, false);
        }
        var users = ((Map<?, ?>) answer).get("users");
        if (!(users instanceof List<?> list)) {
            return new User(new CallOutcome.TryLater(Optional.empty(), "unreadable_answer"), false);
        }
        return list.stream().filter(u -> u instanceof Map<?, ?> map && map.get("email") instanceof String found
                        && found.equalsIgnoreCase(email) && id(map) != null)
                .map(u -> (Map<?, ?>) u)
                .min(java.util.Comparator.comparingLong(u -> Long.parseLong(id(u))))
                .map(ZendeskClient::user)
                .orElse(new User(new CallOutcome.Missing(), false));
    }

    /**
     * Creates the end user with the connector's tag and no verification email (the product never
     * writes to the customer). Zendesk refuses an email another user has (422): {@link CallOutcome.Refused}.
     */
    public User createUser(String name, String email) {
        var user = new java.util.LinkedHashMap<String, Object>();
        user.put("name", name);
        user.put("email", email);
        user.put("role", "end-user");
        user.put("tags", List.of(CREATED_USER_TAG));
        user.put("skip_verify_email", true);
        String body;
        try {
            body = JSON.std.asString(Map.of("user", user));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var request = request(account.baseUrl().resolve("/api/v2/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        var answer = answer(request, 201);
        if (answer instanceof CallOutcome outcome) {
            return new User(outcome, false);
        }
        return ((Map<?, ?>) answer).get("user") instanceof Map<?, ?> created && id(created) != null ? user(created)
                : new User(new CallOutcome.TryLater(Optional.empty(), "unreadable_answer"), false);
    }

    /**
     * Deletes the user (Zendesk keeps them 30 days in "Deleted users"); {@link CallOutcome.Missing} if
     * not there. Zendesk refuses (422) an end user who is the requester of a ticket that is not closed.
     */
    public CallOutcome deleteUser(String userId) {
        return remove(account.baseUrl().resolve("/api/v2/users/" + number(userId)), userId);
    }

    /** Permanently deletes a deleted user, as GDPR asks; {@link CallOutcome.Missing} if it is not there. */
    public CallOutcome deleteUserPermanently(String userId) {
        return remove(account.baseUrl().resolve("/api/v2/deleted_users/" + number(userId)), userId);
    }

    /** Deletes the ticket (Zendesk keeps it 30 days in "Deleted tickets"); {@link CallOutcome.Missing} if it is not there. */
    public CallOutcome delete(String ticketId) {
        return remove(account.baseUrl().resolve("/api/v2/tickets/" + number(ticketId)), ticketId);
    }

    /** Permanently deletes a deleted ticket (Zendesk scrubs it in a background job); {@link CallOutcome.Missing} if it is not there. */
    public CallOutcome deletePermanently(String ticketId) {
        return remove(account.baseUrl().resolve("/api/v2/deleted_tickets/" + number(ticketId)), ticketId);
    }

    private CallOutcome remove(URI uri, String id) {
        HttpResponse<String> response;
        try {
            response = http.send(request(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            return HttpOutcomes.unanswered(e);
        }
        int status = response.statusCode();
        if (status == 200 || status == 204) {
            return new CallOutcome.Done(id);
        }
        return status == 404 ? new CallOutcome.Missing() : HttpOutcomes.failure(response, clock);
    }

    /** A ticket or user id is a number: anything else never reaches a URL. */
    private static long number(String id) {
        return Long.parseLong(id);
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", account.authorization())
                .header("Accept", "application/json");
    }

    private interface Reader {
        String id(Map<String, Object> json);
    }

    private CallOutcome call(HttpRequest request, int ok, Reader reader) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            return HttpOutcomes.unanswered(e);
        }
        int status = response.statusCode();
        if (status == ok) {
            try {
                var id = reader.id(JSON.std.mapFrom(response.body()));
                return id == null ? new CallOutcome.Missing() : new CallOutcome.Done(id);
            } catch (IOException | RuntimeException e) {
                return new CallOutcome.TryLater(Optional.empty(), "unreadable_answer");
            }
        }
        return HttpOutcomes.failure(response, clock);
    }

    /** The answer's JSON when its status is {@code ok}, else the failure as a {@link CallOutcome}. */
    private Object answer(HttpRequest request, int ok) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            return HttpOutcomes.unanswered(e);
        }
        if (response.statusCode() != ok) {
            return HttpOutcomes.failure(response, clock);
        }
        try {
            return JSON.std.mapFrom(response.body());
        } catch (IOException | RuntimeException e) {
            return new CallOutcome.TryLater(Optional.empty(), "unreadable_answer");
        }
    }

    private static User user(Map<?, ?> user) {
        return new User(new CallOutcome.Done(id(user)), user.get("tags") instanceof List<?> tags && tags.contains(CREATED_USER_TAG));
    }

    private static String id(Object ticket) {
        return ticket instanceof Map<?, ?> map && map.get("id") instanceof Number n ? Long.toString(n.longValue()) : null;
    }
}
