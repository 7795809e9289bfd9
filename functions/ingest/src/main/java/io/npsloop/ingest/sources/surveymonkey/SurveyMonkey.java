package io.npsloop.ingest.sources.surveymonkey;

import static io.npsloop.ingest.sources.SurveyTool.list;

import io.npsloop.aws.Settings;
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
    private static final Pattern EVENT_DATETIME = Pattern.compile("\"event_datetime\"\\s*:\\s*\"[^\"]*\"");

    private SurveyMonkey() {}

    @Override
    public String name() {
        return SurveyMonkeySource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var m = SurveyMonkeyFields.DEFAULTS;
        return new SurveyMonkeySource(new SurveyMonkeyFields(
                list(settings, "SURVEYMONKEY_NPS_QUESTION_IDS"),
                list(settings, "SURVEYMONKEY_COMMENT_QUESTION_IDS"),
                settings.string("SURVEYMONKEY_VARIABLE_CUSTOMER_ID", m.customerId()),
                settings.string("SURVEYMONKEY_VARIABLE_EMAIL", m.email()),
                settings.string("SURVEYMONKEY_VARIABLE_NAME", m.name()),
                settings.string("SURVEYMONKEY_VARIABLE_ACCOUNT_ID", m.accountId()),
                settings.string("SURVEYMONKEY_VARIABLE_ANNUAL_VALUE", m.annualValue()),
                settings.string("SURVEYMONKEY_VARIABLE_LOCALE", m.locale())), shared.window());
    }

    @Override
    public Optional<URI> apiBaseUrl(Settings settings) {
        return Optional.of(SurveyTool.url(settings, "SURVEYMONKEY_API_BASE_URL", "https://api.surveymonkey.com"));
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
