package io.npsloop.ingest.sources.qualtrics;

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
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qualtrics: a signed form announces a response, whose answers are read from the API of the
 * account's own data center, so there is no default base URL.
 */
public final class Qualtrics implements SurveyTool {

    public static final Qualtrics TOOL = new Qualtrics();

    public static final Setting QUALTRICS_API_BASE_URL = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_API_BASE_URL", Kind.URL)
            .parameter("QualtricsApiBaseUrl")
            .readBy(FETCH)
            .means("Base URL of your Qualtrics data center, e.g. https://fra1.qualtrics.com; unset: Qualtrics responses are quarantined.");

    public static final Setting QUALTRICS_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("QualtricsNpsQuestionIds")
            .readBy(FETCH)
            .means("QIDs of the Qualtrics NPS questions; unset: the question with a Net Promoter Score group is found by itself.");

    public static final Setting QUALTRICS_COMMENT_FIELDS = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_COMMENT_FIELDS", Kind.LIST)
            .parameter("QualtricsCommentFields")
            .readBy(FETCH)
            .means("Qualtrics response fields holding the comment, e.g. QID2_TEXT.");

    public static final Setting QUALTRICS_FIELD_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_CUSTOMER_ID", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.customerId())
            .parameter("QualtricsEmbeddedData", 0)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the customer id.");

    public static final Setting QUALTRICS_FIELD_EMAIL = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_EMAIL", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.email())
            .parameter("QualtricsEmbeddedData", 1)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the email address.");

    public static final Setting QUALTRICS_FIELD_NAME = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_NAME", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.name())
            .parameter("QualtricsEmbeddedData", 2)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the name.");

    public static final Setting QUALTRICS_FIELD_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_ACCOUNT_ID", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.accountId())
            .parameter("QualtricsEmbeddedData", 3)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the account id.");

    public static final Setting QUALTRICS_FIELD_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.annualValue())
            .parameter("QualtricsEmbeddedData", 4)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the annual value.");

    public static final Setting QUALTRICS_FIELD_LOCALE = Setting.of(Area.SURVEY_TOOLS, "QUALTRICS_FIELD_LOCALE", Kind.TEXT)
            .byDefault(QualtricsFields.DEFAULTS.locale())
            .parameter("QualtricsEmbeddedData", 5)
            .readBy(FETCH)
            .means("Qualtrics embedded data field carrying the locale.");
    private static final Pattern COMPLETED_DATE = Pattern.compile("\"CompletedDate\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern SURVEY_ID = Pattern.compile("\"SurveyID\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern BRAND_ID = Pattern.compile("\"BrandID\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Qualtrics() {}

    @Override
    public String name() {
        return QualtricsSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new QualtricsSource(new QualtricsFields(
                list(settings, QUALTRICS_NPS_QUESTION_IDS),
                list(settings, QUALTRICS_COMMENT_FIELDS),
                settings.string(QUALTRICS_FIELD_CUSTOMER_ID),
                settings.string(QUALTRICS_FIELD_EMAIL),
                settings.string(QUALTRICS_FIELD_NAME),
                settings.string(QUALTRICS_FIELD_ACCOUNT_ID),
                settings.string(QUALTRICS_FIELD_ANNUAL_VALUE),
                settings.string(QUALTRICS_FIELD_LOCALE)), shared.window());
    }

    @Override
    public Optional<URI> apiBaseUrl(Settings settings) {
        return settings.optional(QUALTRICS_API_BASE_URL).map(value -> SurveyTool.url(settings, QUALTRICS_API_BASE_URL));
    }

    @Override
    public String localSecret() {
        return "local-qualtrics-shared-key";
    }

    /** A sample is the MSG; it is posted inside the signed form, under the topic of its brand and survey, as Qualtrics does. */
    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        var msg = new String(body, StandardCharsets.UTF_8);
        var survey = SURVEY_ID.matcher(msg);
        var brand = BRAND_ID.matcher(msg);
        var topic = (brand.find() ? brand.group(1) + "." : "") + QualtricsSource.COMPLETED + "."
                + (survey.find() ? survey.group(1) : "");
        var form = QualtricsSource.signedForm(secret, topic, msg).getBytes(StandardCharsets.UTF_8);
        return new Signed(Map.of("content-type", "application/x-www-form-urlencoded"), form);
    }

    /** {@code CompletedDate} to now. */
    @Override
    public byte[] redate(byte[] sample, Instant now) {
        return COMPLETED_DATE.matcher(new String(sample, StandardCharsets.UTF_8))
                .replaceFirst(Matcher.quoteReplacement("\"CompletedDate\": \"" + PLAIN.format(now) + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }
}
