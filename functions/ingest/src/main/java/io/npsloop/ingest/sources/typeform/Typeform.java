package io.npsloop.ingest.sources.typeform;

import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
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

    public static final Setting TYPEFORM_HIDDEN_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_CUSTOMER_ID", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.customerId())
            .parameter("TypeformHiddenFields", 0)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the customer id.");

    public static final Setting TYPEFORM_HIDDEN_EMAIL = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_EMAIL", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.email())
            .parameter("TypeformHiddenFields", 1)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the email address.");

    public static final Setting TYPEFORM_HIDDEN_NAME = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_NAME", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.name())
            .parameter("TypeformHiddenFields", 2)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the name.");

    public static final Setting TYPEFORM_HIDDEN_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_ACCOUNT_ID", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.accountId())
            .parameter("TypeformHiddenFields", 3)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the account id.");

    public static final Setting TYPEFORM_HIDDEN_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.annualValue())
            .parameter("TypeformHiddenFields", 4)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the annual value.");

    public static final Setting TYPEFORM_HIDDEN_LOCALE = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_HIDDEN_LOCALE", Kind.TEXT)
            .byDefault(TypeformFields.DEFAULTS.locale())
            .parameter("TypeformHiddenFields", 5)
            .readBy(INGEST)
            .means("Typeform hidden field carrying the locale.");

    public static final Setting TYPEFORM_SCORE_FIELD_REF = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_SCORE_FIELD_REF", Kind.TEXT)
            .parameter("TypeformScoreFieldRef")
            .readBy(INGEST)
            .means("Ref of the Typeform question holding the 0-10 score; unset: the nps question (an opinion_scale only if its definition shows 0-10).");

    public static final Setting TYPEFORM_COMMENT_FIELD_REF = Setting.of(Area.SURVEY_TOOLS, "TYPEFORM_COMMENT_FIELD_REF", Kind.TEXT)
            .parameter("TypeformCommentFieldRef")
            .readBy(INGEST)
            .means("Ref of the Typeform question holding the comment; unset: the first text answer.");
    private static final Pattern SUBMITTED_AT = Pattern.compile("\"submitted_at\"\\s*:\\s*\"[^\"]*\"");

    private Typeform() {}

    @Override
    public String name() {
        return TypeformSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var typeform = new TypeformFields(
                settings.string(TYPEFORM_HIDDEN_CUSTOMER_ID),
                settings.string(TYPEFORM_HIDDEN_EMAIL),
                settings.string(TYPEFORM_HIDDEN_NAME),
                settings.string(TYPEFORM_HIDDEN_ACCOUNT_ID),
                settings.string(TYPEFORM_HIDDEN_ANNUAL_VALUE),
                settings.string(TYPEFORM_HIDDEN_LOCALE),
                settings.optional(TYPEFORM_SCORE_FIELD_REF),
                settings.optional(TYPEFORM_COMMENT_FIELD_REF));
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
