package io.npsloop.ingest.sources.generic;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The product's own documented format, for any tool or script that can sign per Standard
 * Webhooks. Strict: a score must be a JSON number, every field has a bound.
 */
public final class GenericSource implements WebhookSource {

    public static final String NAME = "generic";

    private final StandardWebhooks signatures;

    public GenericSource(StandardWebhooks signatures) {
        this.signatures = signatures;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        return signatures.verify(request, secret, now);
    }

    @Override
    public List<String> proofHeaders() {
        return List.of(StandardWebhooks.SIGNATURE_HEADER);
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var json = new JsonBody();
        var responseId = json.requiredString(root, "responseId", "responseId", Payloads.MAX_ID_LENGTH);
        var surveyId = json.requiredString(root, "surveyId", "surveyId", Payloads.MAX_ID_LENGTH);
        var who = json.optionalObject(root, "respondent", "respondent");
        var respondentId = json.optionalString(who, "id", "respondent.id", Payloads.MAX_ID_LENGTH);
        var email = json.optionalEmail(json.optionalString(who, "email", "respondent.email", 320), "respondent.email");
        var name = json.optionalString(who, "name", "respondent.name", Payloads.MAX_ID_LENGTH);
        var accountId = json.optionalString(who, "accountId", "respondent.accountId", Payloads.MAX_ID_LENGTH);
        var locale = json.optionalLocale(json.optionalString(who, "locale", "respondent.locale", 35), "respondent.locale");
        var annualValue = json.optionalAmount(who.get("annualValue"), "respondent.annualValue", false);
        var score = json.score(root.get("score"), "score", false);
        var comment = json.optionalString(root, "comment", "comment", Payloads.MAX_COMMENT_LENGTH);
        var submittedAt = json.instant(root, "submittedAt", "submittedAt");
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(NAME, responseId), surveyId,
                new Respondent(respondentId, email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }
}
