package io.npsloop.ingest.sources.surveymonkey;

import static io.npsloop.config.Reader.FETCH;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import static io.npsloop.ingest.sources.SurveyTool.list;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SurveyMonkey: the webhook announces a response, whose answers are read from its API. */
public final class SurveyMonkey implements SurveyTool {

    public static final SurveyMonkey TOOL = new SurveyMonkey();

    public static final Setting SURVEYMONKEY_API_BASE_URL = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_API_BASE_URL", Kind.URL)
            .byDefault("https://api.surveymonkey.com")
            .parameter("SurveyMonkeyApiBaseUrl")
            .readBy(FETCH)
            .means("Base URL of the SurveyMonkey API (v3) the responses are read from (the template allows https only; tests point it at a local http server).");

    public static final Setting SURVEYMONKEY_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("SurveyMonkeyNpsQuestionIds")
            .readBy(FETCH)
            .means("Ids of the SurveyMonkey NPS questions; SurveyMonkey marks NPS questions only as rating matrices, so SurveyMonkey responses are quarantined until this is set.");

    public static final Setting SURVEYMONKEY_COMMENT_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_COMMENT_QUESTION_IDS", Kind.LIST)
            .parameter("SurveyMonkeyCommentQuestionIds")
            .readBy(FETCH)
            .means("Ids of the SurveyMonkey questions holding the comment.");

    public static final Setting SURVEYMONKEY_VARIABLE_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_CUSTOMER_ID", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.customerId())
            .parameter("SurveyMonkeyCustomVariables", 0)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the customer id.");

    public static final Setting SURVEYMONKEY_VARIABLE_EMAIL = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_EMAIL", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.email())
            .parameter("SurveyMonkeyCustomVariables", 1)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the email address.");

    public static final Setting SURVEYMONKEY_VARIABLE_NAME = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_NAME", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.name())
            .parameter("SurveyMonkeyCustomVariables", 2)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the name.");

    public static final Setting SURVEYMONKEY_VARIABLE_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_ACCOUNT_ID", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.accountId())
            .parameter("SurveyMonkeyCustomVariables", 3)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the account id.");

    public static final Setting SURVEYMONKEY_VARIABLE_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.annualValue())
            .parameter("SurveyMonkeyCustomVariables", 4)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the annual value.");

    public static final Setting SURVEYMONKEY_VARIABLE_LOCALE = Setting.of(Area.SURVEY_TOOLS, "SURVEYMONKEY_VARIABLE_LOCALE", Kind.TEXT)
            .byDefault(SurveyMonkeyFields.DEFAULTS.locale())
            .parameter("SurveyMonkeyCustomVariables", 5)
            .readBy(FETCH)
            .means("SurveyMonkey custom variable carrying the locale.");
    private static final Pattern EVENT_DATETIME = Pattern.compile("\"event_datetime\"\\s*:\\s*\"[^\"]*\"");

    private SurveyMonkey() {}

    @Override
    public String name() {
        return SurveyMonkeySource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new SurveyMonkeySource(new SurveyMonkeyFields(
                list(settings, SURVEYMONKEY_NPS_QUESTION_IDS),
                list(settings, SURVEYMONKEY_COMMENT_QUESTION_IDS),
                settings.string(SURVEYMONKEY_VARIABLE_CUSTOMER_ID),
                settings.string(SURVEYMONKEY_VARIABLE_EMAIL),
                settings.string(SURVEYMONKEY_VARIABLE_NAME),
                settings.string(SURVEYMONKEY_VARIABLE_ACCOUNT_ID),
                settings.string(SURVEYMONKEY_VARIABLE_ANNUAL_VALUE),
                settings.string(SURVEYMONKEY_VARIABLE_LOCALE)), shared.window());
    }

    @Override
    public Optional<URI> apiBaseUrl(Settings settings) {
        return Optional.of(SurveyTool.url(settings, SURVEYMONKEY_API_BASE_URL));
    }

    @Override
    public String localSecret() {
        return "local-client-id&local-client-secret";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return Signed.json(body, SurveyMonkeySource.SIGNATURE_HEADER.toLowerCase(Locale.ROOT),
                SurveyMonkeySource.signature(secret, body));
    }

    /** {@code event_datetime} to now. */
    @Override
    public byte[] redate(byte[] sample, Instant now) {
        var at = now.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC).toString();
        return EVENT_DATETIME.matcher(new String(sample, StandardCharsets.UTF_8))
                .replaceFirst(Matcher.quoteReplacement("\"event_datetime\": \"" + at + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }
}
