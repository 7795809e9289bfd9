package io.npsloop.ingest.sources.asknicely;

import io.npsloop.aws.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** AskNicely: a shared token in a header named in its Webhooks app, custom fields named per account. */
public final class AskNicely implements SurveyTool {

    public static final AskNicely TOOL = new AskNicely();

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
        var a = AskNicelyFields.DEFAULTS;
        return new AskNicelyFields(
                settings.string("ASKNICELY_TOKEN_HEADER", a.tokenHeader()),
                settings.string("ASKNICELY_FIELD_CUSTOMER_ID", a.customerId()),
                settings.string("ASKNICELY_FIELD_ACCOUNT_ID", a.accountId()),
                settings.string("ASKNICELY_FIELD_ANNUAL_VALUE", a.annualValue()),
                settings.string("ASKNICELY_FIELD_LOCALE", a.locale()),
                settings.string("ASKNICELY_SURVEY_ID", a.surveyId()));
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
