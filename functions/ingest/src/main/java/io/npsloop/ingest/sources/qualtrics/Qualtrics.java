package io.npsloop.ingest.sources.qualtrics;

import static io.npsloop.ingest.sources.SurveyTool.list;

import io.npsloop.aws.Settings;
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
    private static final Pattern COMPLETED_DATE = Pattern.compile("\"CompletedDate\"\\s*:\\s*\"[^\"]*\"");
    private static final Pattern SURVEY_ID = Pattern.compile("\"SurveyID\"\\s*:\\s*\"([^\"]*)\"");
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Qualtrics() {}

    @Override
    public String name() {
        return QualtricsSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var q = QualtricsFields.DEFAULTS;
        return new QualtricsSource(new QualtricsFields(
                list(settings, "QUALTRICS_NPS_QUESTION_IDS"),
                list(settings, "QUALTRICS_COMMENT_FIELDS"),
                settings.string("QUALTRICS_FIELD_CUSTOMER_ID", q.customerId()),
                settings.string("QUALTRICS_FIELD_EMAIL", q.email()),
                settings.string("QUALTRICS_FIELD_NAME", q.name()),
                settings.string("QUALTRICS_FIELD_ACCOUNT_ID", q.accountId()),
                settings.string("QUALTRICS_FIELD_ANNUAL_VALUE", q.annualValue()),
                settings.string("QUALTRICS_FIELD_LOCALE", q.locale())), shared.window());
    }

    @Override
    public Optional<URI> apiBaseUrl(Settings settings) {
        return settings.optional("QUALTRICS_API_BASE_URL").map(value -> SurveyTool.url(settings, "QUALTRICS_API_BASE_URL", value));
    }

    @Override
    public String localSecret() {
        return "local-qualtrics-shared-key";
    }

    /** A sample is the MSG; it is posted inside the signed form, under the topic of its survey. */
    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        var msg = new String(body, StandardCharsets.UTF_8);
        var survey = SURVEY_ID.matcher(msg);
        var topic = QualtricsSource.TOPIC_PREFIX + (survey.find() ? survey.group(1) : "");
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
