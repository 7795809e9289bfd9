package io.npsloop.ingest;

import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.http.Answer;
import io.npsloop.ingest.fetch.FetchQueue;
import io.npsloop.ingest.fetch.PendingFetch;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.UpdatingSource;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The webhook endpoint without the Lambda types: checks in the order that leaks least (known
 * source, size, signature, then content), and maps every outcome to an answer. Only a failed
 * write or a missing configuration gives a 5xx, which tells the survey tool to retry.
 */
public final class WebhookReceiver {

    /** What a source may be called: the path segment is matched against it before anything else is read. */
    public static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9-]{1,40}");

    private final Map<String, WebhookSource> sources;
    private final WebhookSecrets secrets;
    private final ResponseIntake intake;
    private final FetchQueue fetches;
    private final UrlTokens urlTokens;
    private final int maxBodyBytes;
    private final Clock clock;

    /** Sources whose webhooks carry the whole response; none may need fetching. */
    public WebhookReceiver(
            List<WebhookSource> sources, WebhookSecrets secrets, ResponseIntake intake, int maxBodyBytes, Clock clock) {
        this(sources, secrets, intake, fetch -> {
            throw new IllegalStateException("no fetch queue for " + fetch.notice().source());
        }, maxBodyBytes, clock);
    }

    /** @param fetches where notices of sources whose responses are read from an API wait for their fetch */
    public WebhookReceiver(List<WebhookSource> sources, WebhookSecrets secrets, ResponseIntake intake, FetchQueue fetches,
                         int maxBodyBytes, Clock clock) {
        this(sources, secrets, intake, fetches, UrlTokens.off(), maxBodyBytes, clock);
    }

    /** @param urlTokens which sources also take webhooks on a URL with a token, and the tokens */
    public WebhookReceiver(List<WebhookSource> sources, WebhookSecrets secrets, ResponseIntake intake, FetchQueue fetches,
                         UrlTokens urlTokens, int maxBodyBytes, Clock clock) {
        var byName = new LinkedHashMap<String, WebhookSource>();
        sources.forEach(source -> byName.put(source.name(), source));
        this.sources = Map.copyOf(byName);
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.fetches = Objects.requireNonNull(fetches, "fetches");
        this.urlTokens = Objects.requireNonNull(urlTokens, "urlTokens");
        this.maxBodyBytes = maxBodyBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Answer handle(String sourceName, Map<String, String> headers, String body, boolean base64Encoded) {
        return handle(sourceName, headers, body, base64Encoded, clock.instant());
    }

    /**
     * @param receivedAt when the request reached us: signature timestamps are judged against it,
     *     so a quarantined request replayed later is as fresh as it was on arrival
     */
    public Answer handle(String sourceName, Map<String, String> headers, String body, boolean base64Encoded, Instant receivedAt) {
        return handle(sourceName, null, headers, body, base64Encoded, receivedAt);
    }

    /**
     * @param urlToken the token of {@code POST /webhooks/{source}/{token}}, or null on the plain route;
     *     never written into an answer
     */
    public Answer handle(String sourceName, String urlToken, Map<String, String> headers, String body, boolean base64Encoded,
                         Instant receivedAt) {
        var name = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
        var source = SOURCE_NAME.matcher(name).matches() ? sources.get(name) : null;
        if (urlToken != null && (source == null || !urlTokens.enabledFor(name))) {
            // The same answer for an unknown source and one without the token route: nothing to probe.
            return Answer.problem(404, "unknown-source", "No source takes webhooks at this URL. A URL with a token works only "
                    + "for the sources named in " + IngestSettings.URL_TOKEN_SOURCES.variable() + "; otherwise use /webhooks/{source}.");
        }
        if (source == null) {
            return Answer.problem(404, "unknown-source",
                    "No survey source is called '" + (SOURCE_NAME.matcher(name).matches() ? name : "?")
                            + "'. Known sources: " + String.join(", ", sources.keySet().stream().sorted().toList()) + ".");
        }
        var raw = body == null ? "" : body;
        // Cheap bound before decoding: base64 is 4 characters per 3 bytes, UTF-8 at least 1 byte per char.
        if ((base64Encoded ? (long) raw.length() * 3 / 4 : raw.length()) > maxBodyBytes) {
            return tooLarge();
        }
        byte[] bytes;
        try {
            bytes = base64Encoded ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Answer.problem(400, "malformed", "The body was marked base64-encoded but is not valid base64.");
        }
        if (bytes.length > maxBodyBytes) {
            return tooLarge();
        }
        var request = new WebhookRequest(headers, bytes);
        if (urlToken != null) {
            var refused = checkUrlToken(source.name(), urlToken);
            if (refused.isPresent()) {
                return refused.get();
            }
            if (!source.carriesProof(request)) {
                // The token is the proof; a signature that is sent is still checked below.
                return record(source, request, receivedAt);
            }
        }
        return verifyThenRecord(source, request, receivedAt);
    }

    /** What HEAD on a webhook URL answers (SurveyMonkey checks the URL so before it creates a webhook): no body, no write. */
    public Answer probe(String sourceName) {
        var name = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
        boolean known = SOURCE_NAME.matcher(name).matches() && sources.containsKey(name);
        return known ? new Answer(200, Map.of(), "", "probed", null) : new Answer(404, Map.of(), "", "unknown-source", null);
    }

    /** Empty when the token is the one kept for the source; else the answer, which never quotes either token. */
    private Optional<Answer> checkUrlToken(String source, String presented) {
        var variable = IngestSettings.WEBHOOK_SECRET_SOURCE.member(UrlTokens.secretName(source)).variable();
        UrlTokens.Check check;
        try {
            check = urlTokens.check(source, presented);
        } catch (RuntimeException e) {
            return Optional.of(Answer.problem(503, "secret-unavailable",
                            "The URL token could not be read, so nothing was stored. Retry later.")
                    .withFailure("reading the URL token", e));
        }
        return switch (check) {
            case MATCH -> Optional.empty();
            case MISMATCH -> Optional.of(Answer.problem(401, "bad-token",
                    "The token in the URL is not the one configured for " + source + ". Nothing was stored."));
            case MISSING -> Optional.of(Answer.problem(503, "not-configured", "Webhooks from " + source
                    + " on a URL with a token cannot be checked yet: no token is configured (the parameter "
                    + UrlTokens.secretName(source) + " under the secrets path, or " + variable + ")."));
            case TOO_SHORT -> Optional.of(Answer.problem(503, "not-configured", "The URL token configured for " + source
                    + " is shorter than " + UrlTokens.MIN_LENGTH + " characters, so it is not used: set a longer random one ("
                    + UrlTokens.secretName(source) + " under the secrets path, or " + variable + ")."));
        };
    }

    private Answer verifyThenRecord(WebhookSource source, WebhookRequest request, Instant receivedAt) {
        if (!source.signsRequests()) {
            return Answer.problem(401, "bad-signature", "Webhooks from " + source.name() + " are taken only at /webhooks/"
                    + source.name() + "/{token}, with the token kept as " + UrlTokens.secretName(source.name()) + ". Nothing was stored.");
        }
        Optional<String> secret;
        try {
            secret = secrets.secretFor(source.name());
        } catch (RuntimeException e) {
            return Answer.problem(503, "secret-unavailable",
                            "The signing secret could not be read, so nothing was stored. Retry later.")
                    .withFailure("reading the signing secret", e);
        }
        if (secret.isEmpty()) {
            return Answer.problem(503, "not-configured",
                    "Webhooks from " + source.name() + " cannot be verified yet: no signing secret is configured.");
        }
        Verification verification;
        try {
            verification = source.verify(request, secret.get(), receivedAt);
        } catch (IllegalStateException e) {
            return Answer.problem(503, "not-configured",
                            "The signing secret for " + source.name() + " is malformed, so nothing was stored.")
                    .withFailure("verifying the signature", e);
        }
        if (!verification.valid()) {
            return Answer.problem(401, "bad-signature", verification.problem() + ". Nothing was stored.");
        }
        return record(source, request, receivedAt);
    }

    /** After the request is proven to come from the tool: its content, then the write. */
    private Answer record(WebhookSource source, WebhookRequest request, Instant receivedAt) {
        var contentType = request.header("content-type").orElse(source.expectedMediaType());
        if (!source.accepts(mediaType(contentType))) {
            return Answer.problem(415, "unsupported-media-type", "The body must be " + source.expectedMediaType() + ".");
        }
        if (!isUtf8(request.body())) {
            return Answer.problem(400, "malformed", "The body is not valid UTF-8.");
        }
        if (source instanceof FetchingSource fetching) {
            return queueFetch(fetching, request, receivedAt);
        }
        Optional<SurveyResponse> parsed;
        boolean update;
        try {
            parsed = source.parse(request);
            update = parsed.isPresent() && source instanceof UpdatingSource updating && updating.isUpdate(request);
        } catch (InvalidPayloadException e) {
            var errors = e.violations().stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList();
            return Answer.problem(400, "invalid", "The body is not a valid survey response: " + e.getMessage() + ".", errors);
        } catch (RuntimeException e) {
            // A parser bug must not turn bad input into a retry loop; the sender learns the body was not understood.
            return Answer.problem(400, "invalid", "The body could not be read as a survey response.")
                    .withFailure("parsing the body", e);
        }
        if (parsed.isEmpty()) {
            return ignored();
        }
        try {
            return recorded(intake.accept(parsed.get(), update));
        } catch (RuntimeException e) {
            return Answer.problem(503, "store-failed",
                            "The response could not be stored. Retry later; retrying never stores it twice.")
                    .withFailure("storing the response", e);
        }
    }

    /**
     * Reads every source's signing secret, for priming: a secret found is cached as a webhook would
     * cache it; a source without one is normal. A secret store that cannot be read throws.
     *
     * @return how many sources have a secret
     */
    public int loadSecrets() {
        int found = 0;
        for (var name : sources.keySet()) {
            if (secrets.secretFor(name).isPresent()) {
                found++;
            }
        }
        return found;
    }

    /**
     * What a webhook of {@code sourceName} goes through before its write, for priming: the signature
     * check (against {@code secret}, so a sample need not be signed with the real one) and the parser.
     * Stores nothing.
     */
    public Optional<SurveyResponse> rehearse(String sourceName, Map<String, String> headers, byte[] body, String secret)
            throws InvalidPayloadException {
        var source = sources.get(sourceName);
        if (source == null) {
            throw new IllegalArgumentException("no source " + sourceName);
        }
        var request = new WebhookRequest(headers, body);
        source.verify(request, secret, clock.instant());
        isUtf8(body);
        return source.parse(request);
    }

    /** Records the notice for its response to be fetched, and answers once it is safely recorded. */
    private Answer queueFetch(FetchingSource source, WebhookRequest request, Instant receivedAt) {
        Optional<io.npsloop.ingest.sources.ResponseNotice> notice;
        try {
            notice = source.notice(request);
        } catch (InvalidPayloadException e) {
            var errors = e.violations().stream().map(v -> Map.of("field", v.field(), "message", v.message())).toList();
            return Answer.problem(400, "invalid", "The body is not a valid notice of a completed response: " + e.getMessage() + ".", errors);
        } catch (RuntimeException e) {
            return Answer.problem(400, "invalid", "The body could not be read as a notice of a completed response.")
                    .withFailure("parsing the body", e);
        }
        if (notice.isEmpty()) {
            return ignored();
        }
        var kept = new LinkedHashMap<String, String>();
        source.signatureHeaders().forEach(name -> request.header(name).ifPresent(value -> kept.put(name, value)));
        FetchQueue.Enqueued enqueued;
        try {
            enqueued = fetches.enqueue(PendingFetch.arrived(
                    notice.get(), new String(request.body(), StandardCharsets.UTF_8), kept, receivedAt));
        } catch (RuntimeException e) {
            return Answer.problem(503, "store-failed",
                            "The notice could not be recorded. Retry later; retrying never stores it twice.")
                    .withFailure("recording the notice", e);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("responseId", notice.get().responseId());
        body.put("source", source.name());
        if (enqueued instanceof FetchQueue.AlreadyQueued already) {
            body.put("duplicate", true);
            body.put("fetch", already.status().wireName());
            return Answer.json(200, "duplicate", body);
        }
        body.put("queued", true);
        body.put("detail", "Recorded; the answers are being read from the " + source.name() + " API.");
        return Answer.json(202, "queued", body);
    }

    private static Answer recorded(ResponseIntake.Result result) {
        var body = new LinkedHashMap<String, Object>();
        if (result instanceof ResponseIntake.Duplicate duplicate) {
            body.put("responseId", duplicate.key().responseId());
            body.put("source", duplicate.key().source());
            body.put("duplicate", true);
            body.put("category", duplicate.prior().category().wireName());
            body.put("followUp", Map.of(
                    "action", duplicate.prior().followUpAction(), "status", duplicate.prior().followUpStatus()));
            return Answer.json(200, "duplicate", body);
        }
        if (result instanceof ResponseIntake.Erased erased) {
            // 200 so the tool stops retrying; nothing is stored.
            body.put("responseId", erased.key().responseId());
            body.put("source", erased.key().source());
            body.put("erased", true);
            body.put("detail", "The respondent's data was erased on request; this answer is not stored.");
            return Answer.json(200, "erased", body);
        }
        if (result instanceof ResponseIntake.Revised revised) {
            var record = revised.record();
            body.put("responseId", record.key().responseId());
            body.put("source", record.key().source());
            body.put("revised", true);
            body.put("category", record.category().wireName());
            body.put("valueTier", record.valueTier().wireName());
            var followUp = followUp(record.decision(), revised.decidedAgain() ? "decided again" : "unchanged");
            if (!revised.decidedAgain()) {
                followUp.put("status", revised.priorStatus());
            }
            body.put("followUp", followUp);
            return Answer.json(200, "revised", body);
        }
        var record = ((ResponseIntake.Accepted) result).record();
        body.put("responseId", record.key().responseId());
        body.put("source", record.key().source());
        body.put("category", record.category().wireName());
        body.put("valueTier", record.valueTier().wireName());
        body.put("followUp", followUp(record.decision(), null));
        return Answer.json(202, "accepted", body);
    }

    private static Map<String, Object> followUp(FollowUpDecision decision, String revision) {
        var followUp = new LinkedHashMap<String, Object>();
        followUp.put("action", decision.consideredAction().map(Action::wireName).orElse("none"));
        followUp.put("status", FollowUpStatus.of(decision).wireName());
        decision.arm().ifPresent(arm -> followUp.put("arm", arm.wireName()));
        if (decision instanceof FollowUpDecision.Contact contact) {
            followUp.put("dueAt", contact.dueAt().toString());
        }
        followUp.put("reason", decision.reason());
        if (revision != null) {
            followUp.put("decision", revision);
        }
        return followUp;
    }

    /**
     * An event the tool's own docs say is no response: 200, so the tool stops sending it. The
     * request is still kept for the quarantine's retention (see {@code QuarantiningReceiver}).
     */
    private static Answer ignored() {
        return Answer.json(200, "ignored", Map.of("ignored", true,
                "detail", "This event is not a completed survey response; it was not stored as a response."));
    }

    private Answer tooLarge() {
        return Answer.problem(413, "too-large", "The body is larger than " + maxBodyBytes + " bytes.");
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
