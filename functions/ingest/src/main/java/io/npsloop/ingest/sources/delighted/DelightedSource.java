package io.npsloop.ingest.sources.delighted;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.UpdatingSource;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Delighted's {@code survey_response.created} and {@code survey_response.updated} webhooks, signed
 * with {@code X-Delighted-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>} keyed with
 * the project's API key (https://app.delighted.com/docs/api/webhooks). The signature covers the
 * body alone and carries no timestamp, so a captured delivery can be replayed; intake's
 * idempotency by response id is what keeps a replay harmless.
 *
 * <p>Delighted sends a response first with its score and again when the comment is written, both
 * under the same {@code event_data.id}; {@link #isUpdate} tells the second kind apart. Other event
 * types, and surveys other than NPS, are ignored.
 */
public final class DelightedSource implements UpdatingSource {

    public static final String NAME = "delighted";
    static final String CREATED = "survey_response.created";
    static final String UPDATED = "survey_response.updated";
    static final String SIGNATURE_HEADER = "X-Delighted-Webhook-Signature";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final DelightedFields fields;
    private final ReplayWindow window;

    /**
     * @param window how far the response version's time ({@code event_data.updated_at}, else
     *     {@code created_at}), which the signature covers, may be from the arrival
     */
    public DelightedSource(DelightedFields fields, ReplayWindow window) {
        this.fields = fields;
        this.window = window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> proofHeaders() {
        return List.of(SIGNATURE_HEADER.toLowerCase(Locale.ROOT));
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        var signature = Signatures.checkPrefixedHeader(request, SIGNATURE_HEADER, SIGNATURE_PREFIX, "hex",
                HexFormat.of()::parseHex, () -> sign(secret, request.body()));
        if (!signature.valid()) {
            return signature;
        }
        // The version's own time: a comment added days later comes with a fresh updated_at.
        var changedAt = versionTime(request);
        return changedAt == null ? signature : window.check("event_data.updated_at", changedAt, now);
    }

    private static Instant versionTime(WebhookRequest request) {
        try {
            var data = JsonBody.object(request.body()).get("event_data");
            if (!(data instanceof Map<?, ?> map)) {
                return null;
            }
            var json = new JsonBody();
            var value = map.get("updated_at") != null ? map.get("updated_at") : map.get("created_at");
            var at = value == null ? null : Payloads.epochSeconds(json, value, "event_data.updated_at");
            return json.violations().isEmpty() ? at : null;
        } catch (InvalidPayloadException e) {
            return null;
        }
    }

    /** The header value Delighted would send; used by the local stack and tests to sign samples. */
    public static String signature(String apiKey, byte[] body) {
        return SIGNATURE_PREFIX + HexFormat.of().formatHex(sign(apiKey, body));
    }

    private static byte[] sign(String apiKey, byte[] body) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException("the Delighted API key must not be empty");
        }
        return Signatures.hmacSha256(Signatures.utf8(apiKey), body);
    }

    @Override
    public boolean isUpdate(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        return UPDATED.equals(eventType(root));
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var eventType = eventType(root);
        if (!eventType.equals(CREATED) && !eventType.equals(UPDATED)) {
            return Optional.empty();
        }
        var json = new JsonBody();
        var data = json.optionalObject(root, "event_data", "event_data");
        if (data.isEmpty()) {
            throw new InvalidPayloadException("event_data", "is required");
        }
        // A CSAT or CES answer on its own scale is no NPS score.
        var surveyType = json.optionalString(data, "survey_type", "event_data.survey_type", 40);
        if (surveyType != null && !surveyType.equalsIgnoreCase("nps")) {
            return Optional.empty();
        }
        var responseId = Payloads.requiredText(json, data.get("id"), "event_data.id", Payloads.MAX_ID_LENGTH);
        var score = json.score(data.get("score"), "event_data.score", false);
        var comment = json.optionalString(data, "comment", "event_data.comment", Payloads.MAX_COMMENT_LENGTH);
        // The score's own time, so a later comment does not move the response in time.
        var submittedAt = Payloads.epochSeconds(json, data.get("created_at"), "event_data.created_at");
        var person = json.optionalObject(data, "person", "event_data.person");
        var email = json.optionalEmail(
                json.optionalString(person, "email", "event_data.person.email", 320), "event_data.person.email");
        var name = json.optionalString(person, "name", "event_data.person.name", Payloads.MAX_ID_LENGTH);
        var properties = json.optionalObject(data, "person_properties", "event_data.person_properties");
        var customerId = property(json, properties, fields.customerId());
        var accountId = property(json, properties, fields.accountId());
        var locale = json.optionalLocale(property(json, properties, fields.locale()), path(fields.locale()));
        var annualValue = json.optionalAmount(
                Payloads.lookup(properties, fields.annualValue()), path(fields.annualValue()), true);
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(NAME, responseId), fields.surveyId(),
                new Respondent(Payloads.customerId(customerId, email), email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }

    private static String eventType(Map<String, Object> root) throws InvalidPayloadException {
        var json = new JsonBody();
        var eventType = json.requiredString(root, "event_type", "event_type", 100);
        json.throwIfInvalid();
        return eventType;
    }

    private static String property(JsonBody json, Map<String, Object> properties, String name) {
        return Payloads.text(json, Payloads.lookup(properties, name), path(name), Payloads.MAX_ID_LENGTH);
    }

    private static String path(String property) {
        return "event_data.person_properties." + property;
    }
}
