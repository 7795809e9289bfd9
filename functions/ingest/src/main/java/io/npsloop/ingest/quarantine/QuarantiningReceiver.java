package io.npsloop.ingest.quarantine;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.http.Answer;
import io.npsloop.ingest.WebhookReceiver;
import io.npsloop.observe.Metrics;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Nothing a survey tool sent is lost: every request the receiver turns away, or cannot take yet
 * for want of a secret, is kept with its raw body and its headers minus secrets, counted, and can
 * be replayed once the configuration is fixed. An event answered {@code ignored} is kept the same
 * way, so what a tool sent that the product chose not to use can be seen and replayed. A request
 * that cannot be kept is answered 503, so the tool retries it.
 */
public final class QuarantiningReceiver {

    /** Outcomes of requests the tool will not send again, or should not need to. */
    private static final Set<String> KEPT = Set.of(
            "unknown-source", "too-large", "bad-signature", "bad-token", "unsupported-media-type", "malformed", "invalid",
            "not-configured", "secret-unavailable");
    /** Stands for the token in a kept path. */
    public static final String REDACTED = "[url-token]";
    /** An event the tool's docs say is no response: kept like the others, but normal, so never counted as quarantined. */
    public static final String IGNORED = "ignored";
    /** A response that could not be read from its tool's API, kept by the fetch worker. */
    public static final String FETCH_FAILED = "fetch-failed";
    /** Every outcome a kept request may have, the fetch worker's included. */
    private static final Set<String> OUTCOMES = outcomes();
    /** Outcomes of requests stored as a response, or recorded for their response to be fetched. */
    private static final Set<String> STORED = Set.of("accepted", "duplicate", "revised", "queued");
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie", "x-api-key");

    private final WebhookReceiver receiver;
    private final DynamoDbQuarantine quarantine;
    private final Set<String> secretHeaders;
    private final Set<String> tokenHeaders;
    private final Clock clock;
    private final Consumer<String> metrics;

    /**
     * @param tokenHeaders headers that carry a shared secret themselves (AskNicely's token): never kept
     * @param metrics receives CloudWatch embedded-metric lines: one {@code NotStored} per request not stored as a
     *     response, and one {@code Quarantined} per request kept that was not merely ignored
     */
    public QuarantiningReceiver(WebhookReceiver receiver, DynamoDbQuarantine quarantine, Set<String> tokenHeaders, Clock clock,
                              Consumer<String> metrics) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        var secrets = new java.util.HashSet<>(SECRET_HEADERS);
        tokenHeaders.forEach(h -> secrets.add(h.toLowerCase(Locale.ROOT)));
        this.secretHeaders = Set.copyOf(secrets);
        this.tokenHeaders = Set.copyOf(tokenHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Answer handle(String source, Map<String, String> headers, String body, boolean base64) {
        return handle(source, headers, body, base64, null);
    }

    /** @param arrivedAt when API Gateway received the request, if it says; else now */
    public Answer handle(String source, Map<String, String> headers, String body, boolean base64, java.time.Instant arrivedAt) {
        return handle(source, null, headers, body, base64, arrivedAt);
    }

    /**
     * @param urlToken the token of {@code POST /webhooks/{source}/{token}}, or null on the plain route: never kept,
     *     so the path is kept with it redacted and the request cannot be replayed
     */
    public Answer handle(String source, String urlToken, Map<String, String> headers, String body, boolean base64,
                         java.time.Instant arrivedAt) {
        var receivedAt = arrivedAt != null ? arrivedAt : clock.instant();
        var answer = receiver.handle(source, urlToken, headers, body, base64, receivedAt);
        if (STORED.contains(answer.outcome())) {
            return answer;
        }
        boolean ignored = answer.outcome().equals(IGNORED);
        if (!ignored && !KEPT.contains(answer.outcome())) {
            // An erased customer's request: nothing of theirs is kept. A failed write: the tool retries it.
            metrics.accept(notStored(source, answer.outcome()));
            return answer;
        }
        var kept = new LinkedHashMap<String, String>();
        // A shared token is the only proof some tools send; without it a replay could not be verified.
        boolean tokenDropped = false;
        if (headers != null) {
            for (var header : headers.entrySet()) {
                var name = header.getKey().toLowerCase(Locale.ROOT);
                if (secretHeaders.contains(name)) {
                    tokenDropped |= tokenHeaders.contains(name);
                } else if (header.getValue() != null) {
                    kept.put(name, header.getValue());
                }
            }
        }
        boolean tooLarge = answer.outcome().equals("too-large");
        var id = QuarantinedRequest.newId(receivedAt);
        var path = "/webhooks/" + (source == null ? "" : source) + (urlToken == null ? "" : "/" + REDACTED);
        var request = new QuarantinedRequest(id, receivedAt, source == null ? "" : source, path, answer.status(), answer.outcome(),
                detail(answer), kept, tooLarge || body == null ? "" : body, base64,
                !tooLarge && !tokenDropped && urlToken == null, 0, null);
        try {
            quarantine.hold(request);
        } catch (RuntimeException e) {
            metrics.accept(notStored(source, "quarantine-failed"));
            return Answer.problem(503, "quarantine-failed", "The request could not be accepted or kept. Retry later.")
                    .withFailure("quarantining the request", e);
        }
        if (!ignored) {
            metrics.accept(metric(request.source(), answer.outcome()));
        }
        metrics.accept(notStored(request.source(), answer.outcome()));
        return answer;
    }

    /** HEAD on a webhook URL: answered by the receiver, never kept, since it carries nothing to lose. */
    public Answer probe(String source) {
        return receiver.probe(source);
    }

    public Answer list(Map<String, String> query) {
        var params = query == null ? Map.<String, String>of() : query;
        LocalDate day;
        try {
            day = params.containsKey("day") ? LocalDate.parse(params.get("day")) : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Answer.problem(400, "invalid", "day must be a date such as 2026-11-22.");
        }
        var outcome = params.get("outcome");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            return Answer.problem(400, "invalid", "outcome must be one of " + String.join(", ", new java.util.TreeSet<>(OUTCOMES)) + ".");
        }
        var items = quarantine.list(day, 500, outcome).stream().map(QuarantiningReceiver::view).toList();
        return Answer.json(200, "listed", Map.of("day", day.toString(), "requests", items));
    }

    /** One kept request in full: what {@link #list} shows, plus the headers kept and the raw body, to see what to fix. */
    public Answer show(String id) {
        var found = quarantine.find(id);
        if (found.isEmpty()) {
            return Answer.problem(404, "unknown-request", "No quarantined request " + id + ".");
        }
        var request = found.get();
        var body = view(request);
        body.put("headers", new java.util.TreeMap<>(request.headers()));
        body.put("body", request.body());
        body.put("base64", request.base64());
        return Answer.json(200, "shown", body);
    }

    /** Runs a kept request through the receiver again, judged as of its arrival; the result is recorded on it. */
    public Answer replay(String id) {
        var found = quarantine.find(id);
        if (found.isEmpty()) {
            return Answer.problem(404, "unknown-request", "No quarantined request " + id + ".");
        }
        var request = found.get();
        if (!request.replayable()) {
            return Answer.problem(409, "not-replayable", "This request cannot be replayed: its body was too large to keep,"
                    + " or the secret it was verified with travelled in a header or URL token that is never stored.");
        }
        var answer = receiver.handle(request.source(), request.headers(), request.body(), request.base64(), request.receivedAt());
        quarantine.recordReplay(id, answer.status(), clock.instant());
        var body = new LinkedHashMap<String, Object>();
        body.put("id", id);
        body.put("status", answer.status());
        body.put("outcome", answer.outcome());
        body.put("answer", parse(answer.body()));
        return Answer.json(200, "replayed", body);
    }

    private static Set<String> outcomes() {
        var all = new java.util.HashSet<>(KEPT);
        all.add(IGNORED);
        all.add(FETCH_FAILED);
        return Set.copyOf(all);
    }

    private static Map<String, Object> view(QuarantinedRequest request) {
        var view = new LinkedHashMap<String, Object>();
        view.put("id", request.id());
        view.put("receivedAt", request.receivedAt().toString());
        view.put("source", request.source());
        if (request.path() != null) {
            view.put("path", request.path());
        }
        view.put("status", request.status());
        view.put("outcome", request.outcome());
        view.put("reason", request.reason());
        view.put("replayable", request.replayable());
        if (request.lastReplayAt() != null) {
            view.put("lastReplayStatus", request.lastReplayStatus());
            view.put("lastReplayAt", request.lastReplayAt().toString());
        }
        return view;
    }

    /** The answer's detail and each error it lists (they name fields and settings, never content), so the list says what to fix. */
    private static String detail(Answer answer) {
        var parsed = parse(answer.body());
        var reason = new StringBuilder(parsed.get("detail") instanceof String detail ? detail : answer.outcome());
        if (parsed.get("errors") instanceof List<?> errors) {
            for (var error : errors) {
                if (error instanceof Map<?, ?> e && e.get("message") instanceof String message) {
                    reason.append(reason.charAt(reason.length() - 1) == '.' ? " " : "; ")
                            .append(e.get("field") instanceof String field ? field + ": " : "").append(message);
                }
            }
        }
        return reason.toString();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** CloudWatch embedded metric format: one Quarantined count per source and outcome, and the total the alarm watches. */
    public static String metric(String source, String outcome) {
        return Metrics.emf("Quarantined", 1, System.currentTimeMillis(), null,
                "source", metricSource(source), "outcome", Metrics.safe(outcome));
    }

    /**
     * One NotStored count per source and reason (the answer's outcome: {@code ignored}, {@code erased},
     * {@code bad-signature}, {@code fetch-failed}...), and the total: every request that did not become a response.
     */
    public static String notStored(String source, String reason) {
        return Metrics.emf("NotStored", 1, System.currentTimeMillis(), null,
                "source", metricSource(source), "reason", Metrics.safe(reason));
    }

    private static String metricSource(String source) {
        return source != null && source.matches("[a-z0-9-]{1,40}") ? source : "unknown";
    }
}
