package io.npsloop.ingest.sources.delighted;

import io.npsloop.aws.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/** Delighted: person properties named per account, the response's times judged by the replay window. */
public final class Delighted implements SurveyTool {

    public static final Delighted TOOL = new Delighted();
    private static final Pattern EPOCH_TIMES = Pattern.compile("\"(created_at|updated_at)\"\\s*:\\s*([0-9]{1,12})");

    private Delighted() {}

    @Override
    public String name() {
        return DelightedSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var d = DelightedFields.DEFAULTS;
        return new DelightedSource(new DelightedFields(
                settings.string("DELIGHTED_PROPERTY_CUSTOMER_ID", d.customerId()),
                settings.string("DELIGHTED_PROPERTY_ACCOUNT_ID", d.accountId()),
                settings.string("DELIGHTED_PROPERTY_ANNUAL_VALUE", d.annualValue()),
                settings.string("DELIGHTED_PROPERTY_LOCALE", d.locale()),
                settings.string("DELIGHTED_SURVEY_ID", d.surveyId())), shared.window());
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
