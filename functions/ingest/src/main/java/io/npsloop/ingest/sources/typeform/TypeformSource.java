package io.npsloop.ingest.sources.typeform;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typeform's {@code form_response} webhook, signed with {@code Typeform-Signature: sha256=<base64
 * HMAC-SHA256 of the body>}. The form response token identifies the response across redeliveries.
 */
public final class TypeformSource implements WebhookSource {

    public static final String NAME = "typeform";
    static final String SIGNATURE_HEADER = "Typeform-Signature";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final TypeformFields fields;
    private final ReplayWindow window;
    private final ScoreQuestion scoreQuestion;

    /**
     * @param window how far {@code form_response.submitted_at}, which the signature covers, may be
     *     from the arrival
     */
    public TypeformSource(TypeformFields fields, ReplayWindow window) {
        this.fields = fields;
        this.window = window;
        this.scoreQuestion = new ScoreQuestion(fields.scoreRef());
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
        var signature = Signatures.checkPrefixedHeader(request, SIGNATURE_HEADER, SIGNATURE_PREFIX, "base64",
                Base64.getDecoder()::decode, () -> Signatures.hmacSha256(Signatures.utf8(secret), request.body()));
        if (!signature.valid()) {
            return signature;
        }
        var submittedAt = submittedAt(request);
        // Without a readable time the body is malformed, which parsing reports.
        return submittedAt == null ? signature : window.check("form_response.submitted_at", submittedAt, now);
    }

    private static Instant submittedAt(WebhookRequest request) {
        try {
            var form = JsonBody.object(request.body()).get("form_response");
            var value = form instanceof Map<?, ?> map ? map.get("submitted_at") : null;
            return value instanceof String text ? java.time.OffsetDateTime.parse(text.strip()).toInstant() : null;
        } catch (InvalidPayloadException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The header value Typeform would send; used by our own tools and tests to sign samples. */
    public static String signature(String secret, byte[] body) {
        return SIGNATURE_PREFIX + Base64.getEncoder().encodeToString(Signatures.hmacSha256(Signatures.utf8(secret), body));
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var json = new JsonBody();
        var eventType = json.optionalString(root, "event_type", "event_type", 100);
        if (eventType != null && !eventType.equals("form_response")) {
            return Optional.empty();
        }
        var form = json.optionalObject(root, "form_response", "form_response");
        if (form.isEmpty()) {
            throw new InvalidPayloadException("form_response", "is required");
        }
        var token = json.requiredString(form, "token", "form_response.token", Payloads.MAX_ID_LENGTH);
        var formId = json.requiredString(form, "form_id", "form_response.form_id", Payloads.MAX_ID_LENGTH);
        var submittedAt = json.instant(form, "submitted_at", "form_response.submitted_at");
        var hidden = json.optionalObject(form, "hidden", "form_response.hidden");
        var answers = json.optionalArray(form, "answers", "form_response.answers");

        var definition = ScoreQuestion.objects(json.optionalArray(json.optionalObject(form, "definition", "form_response.definition"),
                "fields", "form_response.definition.fields"));
        var questions = ScoreQuestion.byId(definition);

        var choice = scoreQuestion.choose(answers, definition);
        var score = choice.found()
                .map(f -> json.score(f.answer().get("number"), "form_response.answers[" + f.index() + "].number", false))
                .orElse(null);
        if (choice.found().isEmpty()) {
            json.fail("form_response.answers", choice.problem());
        }
        var comment = commentAnswer(answers, questions)
                .map(a -> json.optionalString(a, "text", "form_response.answers[comment].text", Payloads.MAX_COMMENT_LENGTH))
                .orElse(null);
        var email = json.optionalEmail(
                hiddenString(json, hidden, fields.email()).or(() -> emailAnswer(answers)).orElse(null),
                "form_response.hidden." + fields.email());
        var customerId = hiddenString(json, hidden, fields.customerId())
                .or(() -> Optional.ofNullable(email).map(e -> e.toLowerCase(Locale.ROOT)))
                .orElse(null);
        var name = hiddenString(json, hidden, fields.name()).orElse(null);
        var accountId = hiddenString(json, hidden, fields.accountId()).orElse(null);
        var locale = json.optionalLocale(hiddenString(json, hidden, fields.locale()).orElse(null),
                "form_response.hidden." + fields.locale());
        var annualValue = json.optionalAmount(hidden.get(fields.annualValue()),
                "form_response.hidden." + fields.annualValue(), true);
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(NAME, token), formId,
                new Respondent(customerId, email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }

    private Optional<Map<String, Object>> commentAnswer(List<Object> answers, Map<String, Map<String, Object>> questions) {
        if (fields.commentRef().isPresent()) {
            return ScoreQuestion.objects(answers).stream()
                    .filter(a -> fields.commentRef().get().equals(ScoreQuestion.refOf(a, questions)))
                    .findFirst();
        }
        return ScoreQuestion.objects(answers).stream().filter(a -> "text".equals(a.get("type"))).findFirst();
    }

    private static Optional<String> emailAnswer(List<Object> answers) {
        return ScoreQuestion.objects(answers).stream()
                .filter(a -> "email".equals(a.get("type")) && a.get("email") instanceof String)
                .map(a -> ((String) a.get("email")).strip())
                .findFirst();
    }

    private static Optional<String> hiddenString(JsonBody json, Map<String, Object> hidden, String name) {
        return Optional.ofNullable(json.optionalString(hidden, name, "form_response.hidden." + name, Payloads.MAX_ID_LENGTH));
    }
}
