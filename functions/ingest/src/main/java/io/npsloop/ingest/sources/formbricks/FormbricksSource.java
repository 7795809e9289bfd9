package io.npsloop.ingest.sources.formbricks;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.QuestionIds;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.UpdatingSource;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Formbricks' {@code responseCreated}, {@code responseUpdated} and {@code responseFinished}
 * webhooks, signed per Standard Webhooks with the webhook's {@code whsec_} secret
 * (https://formbricks.com/docs/xm-and-surveys/core-features/integrations/webhooks).
 *
 * <p>Formbricks sends a response as it is filled in, each time under the same {@code data.id}. A
 * delivery whose NPS question is not answered yet is ignored while the response is unfinished;
 * {@link #isUpdate} marks the deliveries that may revise one already sent. The documented examples
 * show the body inside a JSON array, while Formbricks posts the object itself; both are read.
 * Formbricks before its contacts (2023-2024) named the contact {@code person} and its attributes
 * {@code personAttributes}; those are read where the newer names are absent.
 */
public final class FormbricksSource implements UpdatingSource {

    public static final String NAME = "formbricks";
    static final String CREATED = "responseCreated";
    static final String UPDATED = "responseUpdated";
    static final String FINISHED = "responseFinished";
    private static final Set<String> EVENTS = Set.of(CREATED, UPDATED, FINISHED);

    private final StandardWebhooks signatures;
    private final FormbricksFields fields;

    public FormbricksSource(StandardWebhooks signatures, FormbricksFields fields) {
        this.signatures = signatures;
        this.fields = fields;
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

    /** The {@code webhook-signature} value Formbricks would send; for the local stack and tests. */
    public static String signature(String secret, String id, String timestamp, byte[] body) {
        return StandardWebhooks.signature(secret, id, timestamp, body);
    }

    @Override
    public boolean isUpdate(WebhookRequest request) throws InvalidPayloadException {
        var event = event(delivery(request));
        return event.equals(UPDATED) || event.equals(FINISHED);
    }

    @Override
    public Optional<SurveyResponse> parse(WebhookRequest request) throws InvalidPayloadException {
        var root = delivery(request);
        var event = event(root);
        if (!EVENTS.contains(event)) {
            return Optional.empty();
        }
        var json = new JsonBody();
        var response = json.optionalObject(root, "data", "data");
        if (response.isEmpty()) {
            throw new InvalidPayloadException("data", "is required");
        }
        var answers = json.optionalObject(response, "data", "data.data");
        var finished = event.equals(FINISHED) || Boolean.TRUE.equals(response.get("finished"));
        var scoreId = fields.scoreQuestionIds().stream().filter(id -> answers.get(id) != null).findFirst();
        if (fields.scoreQuestionIds().isEmpty()) {
            json.fail("data.data", "cannot tell which answer is the NPS score: Formbricks webhooks carry no "
                    + "question types, so the NPS question id must be configured");
        } else if (scoreId.isEmpty() && !finished) {
            // Not answered yet; a later delivery of the same response will carry it.
            return Optional.empty();
        } else if (scoreId.isEmpty()) {
            json.fail("data.data", "has no answer to the NPS question " + QuestionIds.quoted(fields.scoreQuestionIds()));
        }
        var score = scoreId.map(id -> json.score(answers.get(id), "data.data." + id, false)).orElse(null);
        var comment = fields.commentQuestionIds().stream()
                .filter(id -> answers.get(id) != null)
                .findFirst()
                .map(id -> json.optionalString(answers, id, "data.data." + id, Payloads.MAX_COMMENT_LENGTH))
                .orElse(null);

        var responseId = json.requiredString(response, "id", "data.id", Payloads.MAX_ID_LENGTH);
        var surveyId = json.requiredString(response, "surveyId", "data.surveyId", Payloads.MAX_ID_LENGTH);
        // When this version of the response was saved: for a finished one, when it was submitted.
        var savedAt = response.get("updatedAt") != null ? "updatedAt" : "createdAt";
        var submittedAt = json.instant(response, savedAt, "data." + savedAt);

        var attributesName = response.get("contactAttributes") == null && response.get("personAttributes") != null
                ? "personAttributes" : "contactAttributes";
        var attributes = json.optionalObject(response, attributesName, "data." + attributesName);
        var contactName = response.get("contact") == null && response.get("person") != null ? "person" : "contact";
        var contact = json.optionalObject(response, contactName, "data." + contactName);
        var customer = new Customer(json, attributes, "data." + attributesName + ".", answers);
        var email = json.optionalEmail(customer.text(fields.email()), customer.path(fields.email()));
        var customerId = Optional.ofNullable(customer.text(fields.customerId()))
                .orElseGet(() -> json.optionalString(contact, "userId", "data." + contactName + ".userId", Payloads.MAX_ID_LENGTH));
        var name = Optional.ofNullable(customer.text(fields.name()))
                .orElseGet(() -> Payloads.joinName(customer.text("firstName"), customer.text("lastName")));
        var accountId = customer.text(fields.accountId());
        var carriedLocale = customer.text(fields.locale());
        var locale = carriedLocale != null
                ? json.optionalLocale(carriedLocale, customer.path(fields.locale()))
                : json.optionalLocale(language(json, response), "data.language");
        var annualValue = json.optionalAmount(customer.raw(fields.annualValue()), customer.path(fields.annualValue()), true);
        json.throwIfInvalid();
        return Optional.of(new SurveyResponse(
                new ResponseKey(NAME, responseId), surveyId,
                new Respondent(Payloads.customerId(customerId, email), email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt));
    }

    /** The delivery's object, also inside the array of one that the documented examples show. */
    private static Map<String, Object> delivery(WebhookRequest request) throws InvalidPayloadException {
        return JsonBody.objectOrOnlyElement(request.body());
    }

    private static String event(Map<String, Object> root) throws InvalidPayloadException {
        var json = new JsonBody();
        var event = json.requiredString(root, "event", "event", 100);
        json.throwIfInvalid();
        return event;
    }

    /** Contact attributes, else hidden fields of the same name (link surveys without contacts). */
    private record Customer(JsonBody json, Map<String, Object> attributes, String attributesPath, Map<String, Object> answers) {

        Object raw(String name) {
            var fromContact = Payloads.lookup(attributes, name);
            return fromContact != null ? fromContact : answers.get(name);
        }

        String path(String name) {
            return Payloads.lookup(attributes, name) == null && answers.get(name) != null
                    ? "data.data." + name
                    : attributesPath + name;
        }

        String text(String name) {
            return Payloads.text(json, raw(name), path(name), Payloads.MAX_ID_LENGTH);
        }
    }

    /** The survey's language, unless it is Formbricks' placeholder for the survey's default. */
    private static String language(JsonBody json, Map<String, Object> response) {
        var language = json.optionalString(response, "language", "data.language", 35);
        return language == null || language.toLowerCase(Locale.ROOT).equals("default") ? null : language;
    }
}
