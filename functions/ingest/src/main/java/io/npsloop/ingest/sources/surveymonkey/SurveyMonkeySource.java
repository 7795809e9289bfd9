package io.npsloop.ingest.sources.surveymonkey;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.ingest.sources.ApiReader;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.InvalidPayloadException;
import io.npsloop.ingest.sources.JsonBody;
import io.npsloop.ingest.sources.Payloads;
import io.npsloop.ingest.sources.QuestionIds;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.ingest.sources.Signatures;
import io.npsloop.ingest.sources.Verification;
import io.npsloop.ingest.sources.WebhookRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SurveyMonkey's {@code response_completed} webhook (API v3), signed with {@code Sm-Signature:
 * <base64 HMAC-SHA1 of the raw body>} keyed with {@code <client id>&<client secret>}
 * (https://api.surveymonkey.com/v3/docs#webhooks). The callback names the response only
 * ({@code object_id}, {@code resources.survey_id}); its answers are read from
 * {@code GET /v3/surveys/{survey_id}/responses/{response_id}/details?simple=true} with a bearer
 * token, which adds each question's heading and each answer's text to the ids.
 *
 * <p>An NPS answer may still name only its choice ({@code choice_id}, no {@code simple_text}):
 * choice questions answer so, and rating choices often have no text. Its score is then read from
 * the survey's details ({@link SurveyDetails}), kept per survey in this container.
 *
 * <p>The signature covers no timestamp, but the body's {@code event_datetime} is signed with it,
 * so a delivery whose event time is outside the replay window is turned away.
 */
public final class SurveyMonkeySource implements FetchingSource {

    public static final String NAME = "surveymonkey";
    public static final String SIGNATURE_HEADER = "Sm-Signature";
    static final String COMPLETED = "response_completed";

    private final SurveyMonkeyFields fields;
    private final ReplayWindow window;
    private final SurveyDetailsCache surveys;

    public SurveyMonkeySource(SurveyMonkeyFields fields, ReplayWindow window, SurveyDetailsCache surveys) {
        this.fields = fields;
        this.window = window;
        this.surveys = surveys;
    }

    public SurveyMonkeySource(SurveyMonkeyFields fields, ReplayWindow window) {
        this(fields, window, new SurveyDetailsCache());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        var signature = Signatures.checkPrefixedHeader(request, SIGNATURE_HEADER, "", "base64",
                Base64.getDecoder()::decode, () -> sign(secret, request.body()));
        if (!signature.valid()) {
            return signature;
        }
        var eventAt = eventTime(request);
        // A body without a readable event time is not a replay; it is malformed, which parsing reports.
        return eventAt == null ? Verification.VALID : window.check("event_datetime", eventAt, now);
    }

    /** The header value SurveyMonkey would send; for the local stack and tests. */
    public static String signature(String clientIdAndSecret, byte[] body) {
        return Base64.getEncoder().encodeToString(sign(clientIdAndSecret, body));
    }

    private static byte[] sign(String clientIdAndSecret, byte[] body) {
        if (clientIdAndSecret == null || clientIdAndSecret.isBlank()) {
            throw new IllegalStateException("the SurveyMonkey signing key must not be empty");
        }
        return Signatures.hmac("HmacSHA1", Signatures.utf8(clientIdAndSecret), body);
    }

    private static Instant eventTime(WebhookRequest request) {
        try {
            var value = JsonBody.object(request.body()).get("event_datetime");
            return value instanceof String text ? OffsetDateTime.parse(text.strip()).toInstant() : null;
        } catch (InvalidPayloadException | DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public Optional<ResponseNotice> notice(WebhookRequest request) throws InvalidPayloadException {
        var root = JsonBody.object(request.body());
        var json = new JsonBody();
        var eventType = json.requiredString(root, "event_type", "event_type", 100);
        json.throwIfInvalid();
        if (!eventType.equals(COMPLETED)) {
            return Optional.empty();
        }
        var objectType = json.optionalString(root, "object_type", "object_type", 100);
        if (objectType != null && !objectType.equals("response")) {
            json.fail("object_type", "must be response for a response_completed event");
        }
        var resources = json.optionalObject(root, "resources", "resources");
        var responseId = Payloads.text(json, root.get("object_id"), "object_id", Payloads.MAX_ID_LENGTH);
        if (responseId == null) {
            responseId = Payloads.requiredText(json, resources.get("respondent_id"), "object_id", Payloads.MAX_ID_LENGTH);
        }
        var surveyId = Payloads.requiredText(json, resources.get("survey_id"), "resources.survey_id", Payloads.MAX_ID_LENGTH);
        var eventId = Payloads.text(json, root.get("event_id"), "event_id", Payloads.MAX_ID_LENGTH);
        var eventAt = json.instant(root, "event_datetime", "event_datetime");
        // Ids go into the API's URL path; SurveyMonkey's are digits.
        Payloads.requireIdChars(json, "object_id", responseId);
        Payloads.requireIdChars(json, "resources.survey_id", surveyId);
        json.throwIfInvalid();
        return Optional.of(new ResponseNotice(NAME, surveyId, responseId, eventId, eventAt));
    }

    @Override
    public List<String> proofHeaders() {
        return List.of(SIGNATURE_HEADER.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of(SIGNATURE_HEADER.toLowerCase(java.util.Locale.ROOT), "content-type");
    }

    @Override
    public URI responseUri(URI baseUrl, ResponseNotice notice) {
        var base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/v3/surveys/" + encode(notice.surveyId()) + "/responses/" + encode(notice.responseId())
                + "/details?simple=true");
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    @Override
    public Map<String, String> apiHeaders(String token) {
        return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
    }

    /** Where a survey's questions and their choices are read, relative to the API's base URL. */
    static String detailsPath(String surveyId) {
        return "/v3/surveys/" + encode(surveyId) + "/details";
    }

    /** Without the API, an answer naming only its choice cannot be scored and is refused. */
    @Override
    public SurveyResponse read(ResponseNotice notice, byte[] apiBody) throws InvalidPayloadException {
        return read(notice, apiBody, ApiReader.NONE);
    }

    @Override
    public SurveyResponse read(ResponseNotice notice, byte[] apiBody, ApiReader api) throws InvalidPayloadException {
        var root = JsonBody.object(apiBody);
        var json = new JsonBody();
        var status = json.optionalString(root, "response_status", "response_status", 40);
        if (status != null && !status.equals("completed")) {
            json.fail("response_status", "is " + (status.matches("[a-z_]{1,40}") ? status : "not completed")
                    + "; only completed responses are kept");
        }
        var answers = new java.util.LinkedHashMap<String, Map<String, Object>>();
        for (var page : maps(json.optionalArray(root, "pages", "pages"))) {
            for (var question : maps(json.optionalArray(page, "questions", "pages[].questions"))) {
                if (question.get("id") != null) {
                    answers.putIfAbsent(String.valueOf(question.get("id")), question);
                }
            }
        }
        Integer score = null;
        if (fields.scoreQuestionIds().isEmpty()) {
            json.fail("pages", "cannot tell which answer is the NPS score: set the NPS question id"
                    + " (SURVEYMONKEY_NPS_QUESTION_IDS)");
        } else {
            var scoreId = fields.scoreQuestionIds().stream().filter(answers::containsKey).findFirst();
            if (scoreId.isEmpty()) {
                json.fail("pages", "has no answer to the NPS question " + QuestionIds.quoted(fields.scoreQuestionIds()));
            } else {
                var first = maps(json.optionalArray(answers.get(scoreId.get()), "answers", "pages[].questions[].answers"))
                        .stream().findFirst().orElse(Map.of());
                var text = first.get("simple_text") != null ? first.get("simple_text") : first.get("text");
                var field = "pages[].questions[" + scoreId.get() + "].answers[0]";
                // A number is the score as shown; a label or nothing leaves only the choice to go by.
                score = first.get("choice_id") != null && !numeric(text)
                        ? choiceScore(json, notice.surveyId(), scoreId.get(), String.valueOf(first.get("choice_id")), api, field + ".choice_id")
                        : json.score(text, field + ".simple_text", true);
            }
        }
        var comment = fields.commentQuestionIds().stream()
                .filter(answers::containsKey)
                .findFirst()
                .flatMap(id -> maps(json.optionalArray(answers.get(id), "answers", "pages[].questions[].answers")).stream().findFirst())
                .map(a -> json.optionalString(a, "text", "pages[].questions[comment].answers[0].text", Payloads.MAX_COMMENT_LENGTH))
                .orElse(null);

        var variables = json.optionalObject(root, "custom_variables", "custom_variables");
        var contact = json.optionalObject(json.optionalObject(root, "metadata", "metadata"), "contact", "metadata.contact");
        var email = json.optionalEmail(firstText(json, variables, contact, fields.email(), "email"), "custom_variables." + fields.email());
        var customerId = variable(json, variables, fields.customerId());
        var name = Optional.ofNullable(variable(json, variables, fields.name()))
                .orElseGet(() -> Payloads.joinName(contactValue(json, contact, "first_name"), contactValue(json, contact, "last_name")));
        var accountId = variable(json, variables, fields.accountId());
        var locale = json.optionalLocale(variable(json, variables, fields.locale()), "custom_variables." + fields.locale());
        var annualValue = json.optionalAmount(Payloads.lookup(variables, fields.annualValue()),
                "custom_variables." + fields.annualValue(), true);
        var savedAt = root.get("date_modified") != null ? "date_modified" : "date_created";
        var submittedAt = json.instant(root, savedAt, savedAt);
        json.throwIfInvalid();
        return new SurveyResponse(
                new ResponseKey(NAME, notice.responseId()), notice.surveyId(),
                new Respondent(Payloads.customerId(customerId, email), email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt);
    }

    private static boolean numeric(Object text) {
        return text instanceof Number || text instanceof String s && s.strip().matches("[+-]?[0-9]+(\\.[0-9]*)?");
    }

    /**
     * The chosen choice's score from the survey's details: those cached, unless they lack the
     * choice (the survey was edited since), else read now. A question that is no 0 to 10 scale is
     * reported, naming it; asking again would not change it until the survey is edited.
     */
    private Integer choiceScore(JsonBody json, String surveyId, String questionId, String choiceId, ApiReader api, String field) {
        var cached = surveys.get(surveyId).filter(d -> d.hasChoice(questionId, choiceId));
        SurveyDetails details;
        if (cached.isPresent()) {
            details = cached.get();
        } else if (api == ApiReader.NONE) {
            // The choice id is the sender's text: never quoted back.
            json.fail(field, "names only a choice, whose score is read from the survey's details");
            return null;
        } else {
            try {
                details = SurveyDetails.parse(api.get(detailsPath(surveyId)));
            } catch (InvalidPayloadException e) {
                json.fail(field, "cannot be scored: the survey's details are not usable ("
                        + e.violations().get(0).field() + " " + e.violations().get(0).message() + ")");
                return null;
            }
            surveys.put(surveyId, details);
        }
        var score = details.score(questionId, choiceId);
        if (score.problem() != null) {
            // Not kept: once the survey is fixed, a replay reads it again.
            surveys.remove(surveyId);
            json.fail(field, "cannot be scored: " + score.problem());
        }
        return score.value();
    }

    private static String variable(JsonBody json, Map<String, Object> variables, String name) {
        return Payloads.text(json, Payloads.lookup(variables, name), "custom_variables." + name, Payloads.MAX_ID_LENGTH);
    }

    /** The custom variable, else the email collector's contact field of that meaning. */
    private static String firstText(JsonBody json, Map<String, Object> variables, Map<String, Object> contact,
                                    String variable, String contactField) {
        var fromVariable = variable(json, variables, variable);
        return fromVariable != null ? fromVariable : contactValue(json, contact, contactField);
    }

    /** Contact metadata holds {@code {"type": "string", "value": "..."}} per field. */
    private static String contactValue(JsonBody json, Map<String, Object> contact, String field) {
        var entry = json.optionalObject(contact, field, "metadata.contact." + field);
        return Payloads.text(json, entry.get("value"), "metadata.contact." + field + ".value", Payloads.MAX_ID_LENGTH);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(List<Object> items) {
        return items.stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item).toList();
    }
}
