package io.npsloop.ingest.sources.asknicely;

import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** AskNicely: a shared token in a header named in its Webhooks app, custom fields named per account. */
public final class AskNicely implements SurveyTool {

    public static final AskNicely TOOL = new AskNicely();

    public static final Setting ASKNICELY_TOKEN_HEADER = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_TOKEN_HEADER", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.tokenHeader())
            .parameter("AskNicelyTokenHeader")
            .readBy(INGEST)
            .means("Header in which AskNicely sends the shared webhook token (never kept in the quarantine).");

    public static final Setting ASKNICELY_FIELD_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_CUSTOMER_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.customerId())
            .parameter("AskNicelyCustomFields", 0)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the customer id.");

    public static final Setting ASKNICELY_FIELD_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_ACCOUNT_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.accountId())
            .parameter("AskNicelyCustomFields", 1)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the account id.");

    public static final Setting ASKNICELY_FIELD_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.annualValue())
            .parameter("AskNicelyCustomFields", 2)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the annual value.");

    public static final Setting ASKNICELY_FIELD_LOCALE = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_FIELD_LOCALE", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.locale())
            .parameter("AskNicelyCustomFields", 3)
            .readBy(INGEST)
            .means("AskNicely custom field carrying the locale.");

    public static final Setting ASKNICELY_SURVEY_ID = Setting.of(Area.SURVEY_TOOLS, "ASKNICELY_SURVEY_ID", Kind.TEXT)
            .byDefault(AskNicelyFields.DEFAULTS.surveyId())
            .readBy(INGEST)
            .means("The survey id given to AskNicely responses.");

    private AskNicely() {}

    @Override
    public String name() {
        return AskNicelySource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new AskNicelySource(fields(settings));
    }

    private static AskNicelyFields fields(Settings settings) {
        return new AskNicelyFields(
                settings.string(ASKNICELY_TOKEN_HEADER),
                settings.string(ASKNICELY_FIELD_CUSTOMER_ID),
                settings.string(ASKNICELY_FIELD_ACCOUNT_ID),
                settings.string(ASKNICELY_FIELD_ANNUAL_VALUE),
                settings.string(ASKNICELY_FIELD_LOCALE),
                settings.string(ASKNICELY_SURVEY_ID));
    }

    /** The token travels in its header: kept, it would let anyone reading the quarantine send as AskNicely. */
    @Override
    public Set<String> secretHeaders(Settings settings) {
        return Set.of(fields(settings).tokenHeader());
    }

    @Override
    public String localSecret() {
        return "local-only-asknicely-token-7f3a9c";
    }

    /** The token in the default header; it covers no body. */
    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return Signed.json(body, AskNicelyFields.DEFAULT_TOKEN_HEADER.toLowerCase(Locale.ROOT), secret);
    }
}
