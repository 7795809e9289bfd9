package io.npsloop.ingest.sources.typeform;

import io.npsloop.aws.Settings;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typeform: hidden fields named per form, {@code submitted_at} judged by the replay window. */
public final class Typeform implements SurveyTool {

    public static final Typeform TOOL = new Typeform();
    private static final Pattern SUBMITTED_AT = Pattern.compile("\"submitted_at\"\\s*:\\s*\"[^\"]*\"");

    private Typeform() {}

    @Override
    public String name() {
        return TypeformSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var defaults = TypeformFields.DEFAULTS;
        var typeform = new TypeformFields(
                settings.string("TYPEFORM_HIDDEN_CUSTOMER_ID", defaults.customerId()),
                settings.string("TYPEFORM_HIDDEN_EMAIL", defaults.email()),
                settings.string("TYPEFORM_HIDDEN_NAME", defaults.name()),
                settings.string("TYPEFORM_HIDDEN_ACCOUNT_ID", defaults.accountId()),
                settings.string("TYPEFORM_HIDDEN_ANNUAL_VALUE", defaults.annualValue()),
                settings.string("TYPEFORM_HIDDEN_LOCALE", defaults.locale()),
                settings.optional("TYPEFORM_SCORE_FIELD_REF"),
                settings.optional("TYPEFORM_COMMENT_FIELD_REF"));
        return new TypeformSource(typeform, shared.window());
    }

    @Override
    public String localSecret() {
        return "local-only-typeform-secret";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return Signed.json(body, "typeform-signature", TypeformSource.signature(secret, body));
    }

    /** {@code submitted_at} to now. */
    @Override
    public byte[] redate(byte[] sample, Instant now) {
        var text = new String(sample, StandardCharsets.UTF_8);
        var at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return SUBMITTED_AT.matcher(text).replaceAll(Matcher.quoteReplacement("\"submitted_at\": \"" + at + "\""))
                .getBytes(StandardCharsets.UTF_8);
    }
}
