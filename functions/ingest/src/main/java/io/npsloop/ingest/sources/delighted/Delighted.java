package io.npsloop.ingest.sources.delighted;

import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/** Delighted: person properties named per account, the response's times judged by the replay window. */
public final class Delighted implements SurveyTool {

    public static final Delighted TOOL = new Delighted();

    public static final Setting DELIGHTED_PROPERTY_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_CUSTOMER_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.customerId())
            .parameter("DelightedPersonProperties", 0)
            .readBy(INGEST)
            .means("Delighted person property carrying the customer id.");

    public static final Setting DELIGHTED_PROPERTY_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_ACCOUNT_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.accountId())
            .parameter("DelightedPersonProperties", 1)
            .readBy(INGEST)
            .means("Delighted person property carrying the account id.");

    public static final Setting DELIGHTED_PROPERTY_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.annualValue())
            .parameter("DelightedPersonProperties", 2)
            .readBy(INGEST)
            .means("Delighted person property carrying the annual value.");

    public static final Setting DELIGHTED_PROPERTY_LOCALE = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_PROPERTY_LOCALE", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.locale())
            .parameter("DelightedPersonProperties", 3)
            .readBy(INGEST)
            .means("Delighted person property carrying the locale.");

    public static final Setting DELIGHTED_SURVEY_ID = Setting.of(Area.SURVEY_TOOLS, "DELIGHTED_SURVEY_ID", Kind.TEXT)
            .byDefault(DelightedFields.DEFAULTS.surveyId())
            .readBy(INGEST)
            .means("The survey id given to Delighted responses.");
    private static final Pattern EPOCH_TIMES = Pattern.compile("\"(created_at|updated_at)\"\\s*:\\s*([0-9]{1,12})");

    private Delighted() {}

    @Override
    public String name() {
        return DelightedSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new DelightedSource(new DelightedFields(
                settings.string(DELIGHTED_PROPERTY_CUSTOMER_ID),
                settings.string(DELIGHTED_PROPERTY_ACCOUNT_ID),
                settings.string(DELIGHTED_PROPERTY_ANNUAL_VALUE),
                settings.string(DELIGHTED_PROPERTY_LOCALE),
                settings.string(DELIGHTED_SURVEY_ID)), shared.window());
    }

    @Override
    public String localSecret() {
        return "local-only-delighted-api-key";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return Signed.json(body, "x-delighted-webhook-signature", DelightedSource.signature(secret, body));
    }

    /** The response's times shifted so that the newest is now: a created and an updated sample keep their order. */
    @Override
    public byte[] redate(byte[] sample, Instant now) {
        var text = new String(sample, StandardCharsets.UTF_8);
        var newest = EPOCH_TIMES.matcher(text).results().mapToLong(m -> Long.parseLong(m.group(2))).max();
        if (newest.isEmpty()) {
            return sample;
        }
        long shift = now.getEpochSecond() - newest.getAsLong();
        return EPOCH_TIMES.matcher(text).replaceAll(m -> "\"" + m.group(1) + "\": " + (Long.parseLong(m.group(2)) + shift))
                .getBytes(StandardCharsets.UTF_8);
    }
}
