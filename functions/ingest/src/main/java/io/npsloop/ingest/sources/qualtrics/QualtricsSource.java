package io.npsloop.ingest.sources.qualtrics;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Qualtrics' event subscription {@code surveyengine.completedResponse.{SurveyID}}: a form-encoded
 * POST with {@code Topic} (the delivery puts the brand first:
 * {@code <BrandID>.surveyengine.completedResponse.<SurveyID>}), {@code MSG} (JSON: {@code SurveyID},
 * {@code ResponseID}, {@code CompletedDate}, ...) and {@code HMAC}: the hex HMAC-SHA512 of MSG keyed
 * with the subscription's shared key. A subscription made without a key posts the fields flat,
 * unsigned, and is turned away. The answers are read from
 * {@code GET /API/v3/surveys/{surveyId}/responses/{responseId}} with an {@code X-API-TOKEN}.
 */
public final class QualtricsSource implements FetchingSource {

    public static final String NAME = "qualtrics";
    static final String COMPLETED = "surveyengine.completedResponse";
    /** Events of Qualtrics' event subscriptions that are not responses: a session started, a survey (de)activated. */
    static final Set<String> NOT_RESPONSES = Set.of(
            "surveyengine.startedRecipientSession", "controlpanel.activateSurvey", "controlpanel.deactivateSurvey");
    /** Partial responses are responses, but not completed ones: kept in the quarantine, never dropped. */
    static final String PARTIAL = "surveyengine.partialResponse";
    /** {@code [<BrandID>.]<event>[.<SurveyID>]}; the brand and survey ids are letters, digits, '_' and '-'. */
    private static final Pattern TOPIC = Pattern.compile(
            "(?:[A-Za-z0-9_-]{1,100}\\.)?((?:surveyengine|controlpanel)\\.[A-Za-z]{1,60})(?:\\.([A-Za-z0-9_-]{1,200}))?");
    /**
     * Qualtrics documents {@code CompletedDate} as UTC, but it carries no zone: a date that would be
     * outside the replay window is given this much more, so an offset never costs a real delivery.
     */
    static final Duration ZONE_LEEWAY = Duration.ofHours(14);
    private static final String SHARED_KEY = "MSG and HMAC form fields are required: Qualtrics sends them only for an"
            + " event subscription created with a sharedKey. Create the subscription again (POST /API/v3/eventsubscriptions)"
            + " with \"sharedKey\" set to the key stored as the qualtrics webhook secret";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_FIELDS = 50;

    private final QualtricsFields fields;
    private final ReplayWindow window;

    public QualtricsSource(QualtricsFields fields, ReplayWindow window) {
        this.fields = fields;
        this.window = window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(String mediaType) {
        return mediaType.equals(FORM);
    }

    @Override
    public String expectedMediaType() {
        return FORM;
    }

    @Override
    public Verification verify(WebhookRequest request, String secret, Instant now) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("the Qualtrics shared key must not be empty");
        }
        var form = form(request.body());
        if (form == null) {
            return Verification.rejected("the body is not a form with MSG and HMAC fields");
        }
        var msg = form.get("MSG");
        var hmac = form.get("HMAC");
        if (msg == null || hmac == null) {
            return Verification.rejected(SHARED_KEY);
        }
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(hmac.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Verification.rejected("HMAC is not hex");
        }
        var expected = Signatures.hmac("HmacSHA512", Signatures.utf8(secret), Signatures.utf8(msg));
        if (!Signatures.matches(expected, actual)) {
            return Verification.rejected("HMAC does not match MSG");
        }
        var completed = completedDate(msg);
        if (completed == null) {
            return Verification.VALID;
        }
        var verdict = window.check("MSG.CompletedDate", completed, now);
        if (verdict.valid() || hasZone(completedText(msg))) {
            return verdict;
        }
        // Read as UTC; were it local time, the delivery would be up to ZONE_LEEWAY nearer to now.
        var nearer = completed.isBefore(now) ? completed.plus(ZONE_LEEWAY) : completed.minus(ZONE_LEEWAY);
        return window.check("MSG.CompletedDate", nearer, now).valid() ? Verification.VALID : verdict;
    }

    /** The fields Qualtrics posts for this MSG (Topic, MSG, HMAC), signed with {@code sharedKey}; for the local stack and tests. */
    public static String signedForm(String sharedKey, String topic, String msg) {
        var hmac = HexFormat.of().formatHex(Signatures.hmac("HmacSHA512", Signatures.utf8(sharedKey), Signatures.utf8(msg)));
        return "Topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
                + "&MSG=" + URLEncoder.encode(msg, StandardCharsets.UTF_8) + "&HMAC=" + hmac;
    }

    /** Form fields, or null if the body is not a form (or has absurdly many fields). */
    static Map<String, String> form(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        var fields = new LinkedHashMap<String, String>();
        var pairs = text.strip().split("&");
        if (pairs.length > MAX_FIELDS) {
            return null;
        }
        try {
            for (var pair : pairs) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                var name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (fields.putIfAbsent(name, value) != null) {
                    return null; // a repeated field could mean one thing to the check and another to the reader
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return fields;
    }

    private static Instant completedDate(String msg) {
        var text = completedText(msg);
        return text == null ? null : instant(text);
    }

    private static String completedText(String msg) {
        try {
            return JsonBody.object(Signatures.utf8(msg)).get("CompletedDate") instanceof String text ? text : null;
        } catch (InvalidPayloadException e) {
            return null;
        }
    }

    private static boolean hasZone(String text) {
        try {
            OffsetDateTime.parse(text.strip());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** ISO-8601 with an offset, or Qualtrics' plain {@code yyyy-MM-dd HH:mm:ss}, which is UTC. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.strip(), PLAIN).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    @Override
    public Optional<ResponseNotice> notice(WebhookRequest request) throws InvalidPayloadException {
        var form = form(request.body());
        if (form == null) {
            throw new InvalidPayloadException("body", "must be a form with Topic and MSG fields");
        }
        var json = new JsonBody();
        var topic = form.get("Topic");
        if (topic == null || topic.isBlank()) {
            throw new InvalidPayloadException("Topic", "is required");
        }
        var parts = TOPIC.matcher(topic.strip());
        var event = parts.matches() ? parts.group(1) : "";
        if (NOT_RESPONSES.contains(event)) {
            return Optional.empty();
        }
        if (PARTIAL.equals(event)) {
            // The topic is the sender's text: named by its kind, never quoted back.
            throw new InvalidPayloadException("Topic", "announces a partial response, which is not read:"
                    + " subscribe to " + COMPLETED + ".<SurveyID> only");
        }
        if (!COMPLETED.equals(event)) {
            throw new InvalidPayloadException("Topic", "is not an event this source reads: subscribe to "
                    + COMPLETED + ".<SurveyID>");
        }
        var topicSurvey = parts.group(2);
        var msg = JsonBody.object(Signatures.utf8(form.getOrDefault("MSG", "")));
        var responseId = Payloads.requiredText(json, msg.get("ResponseID"), "MSG.ResponseID", Payloads.MAX_ID_LENGTH);
        var msgSurvey = topicSurvey == null
                ? Payloads.requiredText(json, msg.get("SurveyID"), "MSG.SurveyID", Payloads.MAX_ID_LENGTH)
                : Payloads.text(json, msg.get("SurveyID"), "MSG.SurveyID", Payloads.MAX_ID_LENGTH);
        Payloads.requireIdChars(json, "MSG.ResponseID", responseId);
        Payloads.requireIdChars(json, "MSG.SurveyID", msgSurvey);
        if (topicSurvey != null && msgSurvey != null && !topicSurvey.equals(msgSurvey)) {
            json.fail("MSG.SurveyID", "is not the survey the Topic names");
        }
        var surveyId = topicSurvey != null ? topicSurvey : msgSurvey;
        var completed = json.optionalString(msg, "CompletedDate", "MSG.CompletedDate", 64);
        var completedAt = completed == null ? null : instant(completed);
        if (completed != null && completedAt == null) {
            json.fail("MSG.CompletedDate", "must be a date-time such as 2026-11-22 09:30:00");
        }
        json.throwIfInvalid();
        return Optional.of(new ResponseNotice(NAME, surveyId, responseId, responseId, completedAt));
    }

    @Override
    public List<String> proofHeaders() {
        return List.of(); // the HMAC is a field of the form body
    }

    @Override
    public List<String> signatureHeaders() {
        return List.of("content-type");
    }

    @Override
    public URI responseUri(URI baseUrl, ResponseNotice notice) {
        var base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/API/v3/surveys/" + URLEncoder.encode(notice.surveyId(), StandardCharsets.UTF_8)
                + "/responses/" + URLEncoder.encode(notice.responseId(), StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, String> apiHeaders(String token) {
        return Map.of("X-API-TOKEN", token, "Accept", "application/json");
    }

    @Override
    public SurveyResponse read(ResponseNotice notice, byte[] apiBody) throws InvalidPayloadException {
        var root = JsonBody.object(apiBody);
        var json = new JsonBody();
        var result = json.optionalObject(root, "result", "result");
        var values = json.optionalObject(result, "values", "result.values");
        if (values.isEmpty()) {
            json.fail("result.values", "is required");
            json.throwIfInvalid();
        }
        var scoreId = fields.scoreQuestionIds().isEmpty()
                ? values.keySet().stream()
                        .filter(key -> key.endsWith("_NPS_GROUP"))
                        .map(key -> key.substring(0, key.length() - "_NPS_GROUP".length()))
                        .filter(values::containsKey)
                        .sorted()
                        .findFirst()
                : fields.scoreQuestionIds().stream().filter(id -> values.get(id) != null).findFirst();
        Integer score = null;
        if (scoreId.isEmpty()) {
            json.fail("result.values", fields.scoreQuestionIds().isEmpty()
                    ? "has no Net Promoter Score question; set its QID (QUALTRICS_NPS_QUESTION_IDS)"
                    : "has no answer to the NPS question " + QuestionIds.quoted(fields.scoreQuestionIds()));
        } else {
            score = json.score(values.get(scoreId.get()), "result.values." + scoreId.get(), true);
        }
        var comment = fields.commentFields().stream()
                .filter(id -> values.get(id) != null)
                .findFirst()
                .map(id -> json.optionalString(values, id, "result.values." + id, Payloads.MAX_COMMENT_LENGTH))
                .orElse(null);
        var email = json.optionalEmail(
                Optional.ofNullable(text(json, values, fields.email())).orElseGet(() -> text(json, values, "RecipientEmail")),
                "result.values." + fields.email());
        var customerId = text(json, values, fields.customerId());
        var name = Optional.ofNullable(text(json, values, fields.name()))
                .orElseGet(() -> Payloads.joinName(text(json, values, "RecipientFirstName"), text(json, values, "RecipientLastName")));
        var accountId = text(json, values, fields.accountId());
        var carriedLocale = text(json, values, fields.locale());
        var locale = carriedLocale != null
                ? json.optionalLocale(carriedLocale, "result.values." + fields.locale())
                : json.optionalLocale(lower(text(json, values, "userLanguage")), "result.values.userLanguage");
        var annualValue = json.optionalAmount(Payloads.lookup(values, fields.annualValue()),
                "result.values." + fields.annualValue(), true);
        var endedAt = values.get("endDate") != null ? "endDate" : "recordedDate";
        var submittedAt = json.instant(values, endedAt, "result.values." + endedAt);
        json.throwIfInvalid();
        return new SurveyResponse(
                new ResponseKey(NAME, notice.responseId()), notice.surveyId(),
                new Respondent(Payloads.customerId(customerId, email), email, name, accountId, locale, annualValue),
                new Score(score), comment, submittedAt);
    }

    /** Qualtrics writes language codes in capitals (EN, ES, PT-BR). */
    private static String lower(String code) {
        return code == null ? null : code.toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(JsonBody json, Map<String, Object> values, String name) {
        return Payloads.text(json, Payloads.lookup(values, name), "result.values." + name, Payloads.MAX_ID_LENGTH);
    }
}
