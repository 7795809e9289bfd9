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
 * Zendesk's Tickets API, the calls the product makes: create a ticket ({@code POST /api/v2/tickets},
 * with an {@code Idempotency-Key}) and list the tickets holding an external id
 * ({@code GET /api/v2/tickets?external_id=}) for the connector; delete a ticket
 * ({@code DELETE /api/v2/tickets/{id}}) and then permanently ({@code DELETE /api/v2/deleted_tickets/{id}})
 * for erasure, where 404 (already gone) is {@link CallOutcome.Missing}. Failures become
 * {@link CallOutcome}s as {@link HttpOutcomes} reads them. Nothing here logs a body or a credential.
 */
public final class ZendeskClient {

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

    /** Deletes the ticket (Zendesk keeps it 30 days in "Deleted tickets"); {@link CallOutcome.Missing} if it is not there. */
    public CallOutcome delete(String ticketId) {
        return remove(account.baseUrl().resolve("/api/v2/tickets/" + number(ticketId)), ticketId);
    }

    /** Permanently deletes a deleted ticket (Zendesk scrubs it in a background job); {@link CallOutcome.Missing} if it is not there. */
    public CallOutcome deletePermanently(String ticketId) {
        return remove(account.baseUrl().resolve("/api/v2/deleted_tickets/" + number(ticketId)), ticketId);
    }

    private CallOutcome remove(URI uri, String ticketId) {
        HttpResponse<String> response;
        try {
            response = http.send(request(uri).DELETE().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            return HttpOutcomes.unanswered(e);
        }
        int status = response.statusCode();
        if (status == 200 || status == 204) {
            return new CallOutcome.Done(ticketId);
        }
        return status == 404 ? new CallOutcome.Missing() : HttpOutcomes.failure(response, clock);
    }

    /** A ticket id is a number: anything else never reaches a URL. */
    private static long number(String ticketId) {
        return Long.parseLong(ticketId);
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

    private static String id(Object ticket) {
        return ticket instanceof Map<?, ?> map && map.get("id") instanceof Number n ? Long.toString(n.longValue()) : null;
    }
}
