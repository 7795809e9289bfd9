package io.npsloop.ingest.sources.mapped;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A tool without code of its own, read by its {@link Recipe}. Problems name the recipe's pointer,
 * so whoever wrote the recipe sees which part of it the body did not meet.
 */
public final class MappedSource implements WebhookSource {

    /** Times as some tools write them without a 'T' (e.g. {@code 2018-03-28 15:11:55 -0700}). */
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS] XX");

    private final Recipe recipe;
    private final StandardWebhooks standardWebhooks;
    private final ReplayWindow window;

    public MappedSource(Recipe recipe, StandardWebhooks standardWebhooks, ReplayWindow window) {
        this.recipe = recipe;
        this.standardWebhooks = standardWebhooks;
        this.window = window;
    }

    @Override
    public String name() {
        return recipe.name();
    }

    public Recipe recipe() {
        return recipe;
    }

    @Override
    public boolean signsRequests() {
        return !(recipe.signature() instanceof Recipe.Signature.UrlToken);
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        var proof = proof(request, secret, now);
        if (!proof.valid() || recipe.signedAt().isEmpty()) {
            return proof;
        }
        // The stated time is judged only once the body is known to be authentic.
        var pointer = recipe.signedAt().get();
        Instant signedAt;
        try {
            var json = new JsonBody();
            signedAt = instant(json, pointer.resolve(JsonBody.object(request.body())), pointer);
        } catch (InvalidPayloadException e) {
            signedAt = null;
        }
        return signedAt == null
                ? Verification.rejected(pointer + " must hold the time the request was sent")
                : window.check(pointer.toString(), signedAt, now);
    }

    @Override
    public List<String> proofHeaders() {
        var signature = recipe.signature();
        if (signature instanceof Recipe.Signature.HmacSha256 hmac) {
            return List.of(hmac.header().toLowerCase(Locale.ROOT));
        }
        if (signature instanceof Recipe.Signature.TokenHeader token) {
            return List.of(token.header().toLowerCase(Locale.ROOT));
        }
        return signature instanceof Recipe.Signature.UrlToken ? List.of() : List.of(StandardWebhooks.SIGNATURE_HEADER);
    }

    private Verification proof(WebhookRequest request, String secret, Instant now) {
        var signature = recipe.signature();
        if (signature instanceof Recipe.Signature.HmacSha256 hmac) {
            return Signatures.checkPrefixedHeader(request, hmac.header(), hmac.prefix(), hmac.encoding(),
                    hmac.encoding().equals("hex") ? HexFormat.of()::parseHex : Base64.getDecoder()::decode,
                    () -> Signatures.hmacSha256(Signatures.utf8(secret), request.body()));
        }
        if (signature instanceof Recipe.Signature.TokenHeader token) {
            return request.header(token.header())
                    .map(presented -> Signatures.matches(Signatures.utf8(secret), Signatures.utf8(presented.strip()))
                            ? Verification.VALID : Verification.rejected(token.header() + " does not match the token kept for " + name()))
                    .orElse(Verification.rejected(token.header() + " header is required"));
        }
        if (signature instanceof Recipe.Signature.UrlToken) {
            return Verification.rejected("this source takes webhooks only at /webhooks/" + name() + "/<token>, with the token kept for it");
        }
        return standardWebhooks.verify(request, secret, now);
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        if (recipe.responsesOnly().isPresent()) {
            var filter = recipe.responsesOnly().get();
            var json = new JsonBody();
            var found = filter.at().resolve(root);
            var marker = found instanceof String || found instanceof Number
                    ? Payloads.text(json, found, filter.at().toString(), Payloads.MAX_ID_LENGTH) : null;
            if (found == null || !filter.values().isEmpty() && (marker == null || !filter.values().contains(marker))) {
                return Optional.empty();
            }
        }
        var json = new JsonBody();
        var responseId = Payloads.requiredText(json, recipe.responseId().resolve(root), recipe.responseId().toString(), Payloads.MAX_ID_LENGTH);
        var surveyId = recipe.fixedSurveyId().orElseGet(() -> Payloads.requiredText(
                json, recipe.surveyId().get().resolve(root), recipe.surveyId().get().toString(), Payloads.MAX_ID_LENGTH));
        var email = json.optionalEmail(respondentText(json, root, "email", 320), field("email"));
        var customerId = Payloads.customerId(respondentText(json, root, "customerId", Payloads.MAX_ID_LENGTH), email);
        var name = respondentText(json, root, "name", Payloads.MAX_ID_LENGTH);
        var accountId = respondentText(json, root, "accountId", Payloads.MAX_ID_LENGTH);
        var locale = json.optionalLocale(respondentText(json, root, "locale", 35), field("locale"));
        var annualValue = recipe.respondent("annualValue")
                .map(pointer -> json.optionalAmount(pointer.resolve(root), pointer.toString(), true)).orElse(null);
        var score = score(json, recipe.score().resolve(root));
        var comment = recipe.comment()
                .map(pointer -> Payloads.text(json, pointer.resolve(root), pointer.toString(), Payloads.MAX_COMMENT_LENGTH)).orElse(null);
        var submittedAt = instant(json, recipe.submittedAt().resolve(root), recipe.submittedAt());
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(name(), responseId), surveyId,
                new Respondent(customerId, email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }

    /** On 0-10 as sent, or through the recipe's map of answers. */
    private Integer score(JsonBody json, Object value) {
        var field = recipe.score().toString();
        if (recipe.scoreValues().isEmpty()) {
            return json.score(value, field, true);
        }
        var answer = Payloads.text(json, value, field, Payloads.MAX_ID_LENGTH);
        if (answer == null) {
            json.fail(field, "is required: one of the answers the recipe's scoreValues map");
            return null;
        }
        var score = recipe.scoreValues().get(answer);
        if (score == null) {
            json.fail(field, "is not one of the answers the recipe's scoreValues map");
        }
        return score;
    }

    private String respondentText(JsonBody json, Map<String, Object> root, String field, int maxLength) {
        return recipe.respondent(field).map(pointer -> Payloads.text(json, pointer.resolve(root), pointer.toString(), maxLength)).orElse(null);
    }

    private String field(String respondentField) {
        return recipe.respondent(respondentField).map(JsonPointer::toString).orElse(respondentField);
    }

    /** ISO-8601 with an offset, the same with a space for the 'T', or seconds since the epoch. */
    private static Instant instant(JsonBody json, Object value, JsonPointer pointer) {
        var field = pointer.toString();
        if (value instanceof Number) {
            return Payloads.epochSeconds(json, value, field);
        }
        var text = Payloads.requiredText(json, value, field, 64);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, SPACED).toInstant();
            } catch (DateTimeParseException again) {
                if (text.matches("[0-9]{1,19}")) {
                    return Payloads.epochSeconds(json, new BigDecimal(text), field);
                }
                json.fail(field, "must be an ISO-8601 date-time with offset, e.g. 2026-11-20T09:30:00Z, or seconds since the epoch");
                return null;
            }
        }
    }
}
