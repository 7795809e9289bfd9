package io.npsloop.ingest.sources.asknicely;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.UpdatingSource;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * AskNicely's response webhook
 * (https://asknicely.zendesk.com/hc/en-us/articles/47782734299540-Triggering-Webhooks-in-AskNicely).
 * AskNicely does not sign its webhooks; it can only send fixed custom headers, so a shared token
 * in one of them is compared in constant time. A token proves only that the sender knows it, not
 * that the body is unchanged, so it must be long, random and sent over HTTPS only.
 *
 * <p>AskNicely sends a response again, under the same {@code question.id}, whenever its score or
 * comment changes, counting deliveries in {@code count}; {@link #isUpdate} is true past the first.
 */
public final class AskNicelySource implements UpdatingSource {

    public static final String NAME = "asknicely";
    static final int MIN_TOKEN_LENGTH = 16;
    private static final String BEARER = "Bearer ";

    private final AskNicelyFields fields;

    public AskNicelySource(AskNicelyFields fields) {
        this.fields = fields;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> proofHeaders() {
        return List.of(fields.tokenHeader().toLowerCase(Locale.ROOT));
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        if (secret == null || secret.strip().length() < MIN_TOKEN_LENGTH) {
            // A short token is guessable, and an empty one would match an empty header.
            throw new IllegalStateException("the AskNicely token must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        var header = request.header(fields.tokenHeader()).orElse(null);
        if (header == null || header.isBlank()) {
            return Verification.rejected(fields.tokenHeader() + " header is required");
        }
        var token = header.strip();
        // An Authorization header is naturally set up as "Bearer <token>".
        if (token.regionMatches(true, 0, BEARER, 0, BEARER.length()) && !secret.strip().startsWith(BEARER)) {
            token = token.substring(BEARER.length()).strip();
        }
        return Signatures.matches(Signatures.utf8(secret.strip()), Signatures.utf8(token))
                ? Verification.VALID
                : Verification.rejected(fields.tokenHeader() + " does not match the configured token");
    }

    @Override
    public boolean isUpdate(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var count = root.get("count");
        if (count == null) {
            return false;
        }
        BigDecimal number = null;
        if (count instanceof Number n) {
            number = new BigDecimal(n.toString());
        } else if (count instanceof String s && s.strip().matches("[0-9]{1,18}")) {
            number = new BigDecimal(s.strip());
        }
        if (number == null || number.stripTrailingZeros().scale() > 0 || number.signum() <= 0) {
            throw new InvalidPayloadException("count", "must be a whole number from 1");
        }
        return number.compareTo(BigDecimal.ONE) > 0;
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var json = new JsonBody();
        var question = json.optionalObject(root, "question", "question");
        if (question.isEmpty()) {
            throw new InvalidPayloadException("question", "is required");
        }
        // A CSAT or five-star answer on its own scale is no NPS score.
        var type = json.optionalString(question, "question_type", "question.question_type", 40);
        if (type != null && !type.equalsIgnoreCase("nps")) {
            return Optional.empty();
        }
        var responseId = Payloads.requiredText(json, question.get("id"), "question.id", Payloads.MAX_ID_LENGTH);
        // AskNicely sends the score as a string.
        var score = json.score(question.get("score"), "question.score", true);
        var comment = json.optionalString(question, "comment", "question.comment", Payloads.MAX_COMMENT_LENGTH);
        var submittedAt = Payloads.epochSeconds(json, question.get("responded"), "question.responded");

        var person = json.optionalObject(root, "person", "person");
        var email = json.optionalEmail(json.optionalString(person, "email", "person.email", 320), "person.email");
        var name = Optional.ofNullable(json.optionalString(person, "name", "person.name", Payloads.MAX_ID_LENGTH))
                .orElseGet(() -> Payloads.joinName(
                        json.optionalString(person, "firstname", "person.firstname", Payloads.MAX_ID_LENGTH),
                        json.optionalString(person, "lastname", "person.lastname", Payloads.MAX_ID_LENGTH)));
        var custom = new Custom(json, person, question);
        var customerId = custom.text(fields.customerId());
        var accountId = custom.text(fields.accountId());
        var locale = json.optionalLocale(custom.text(fields.locale()), custom.path(fields.locale()));
        var annualValue = json.optionalAmount(custom.raw(fields.annualValue()), custom.path(fields.annualValue()), true);
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(NAME, responseId), fields.surveyId(),
                new Respondent(Payloads.customerId(customerId, email), email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }

    /** Custom fields: the contact's, else the question's. */
    private record Custom(JsonBody json, Map<String, Object> person, Map<String, Object> question) {

        Object raw(String name) {
            var onPerson = Payloads.lookup(person, name);
            return onPerson != null ? onPerson : Payloads.lookup(question, name);
        }

        String path(String name) {
            return Payloads.lookup(person, name) == null && Payloads.lookup(question, name) != null
                    ? "question." + name
                    : "person." + name;
        }

        String text(String name) {
            return Payloads.text(json, raw(name), path(name), Payloads.MAX_ID_LENGTH);
        }
    }
}
