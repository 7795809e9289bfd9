package io.npsloop.ingest.sources.formbricks;

import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import static io.npsloop.ingest.sources.SurveyTool.list;

import io.npsloop.config.Settings;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;

/** Formbricks: Standard Webhooks signatures, question ids set per deployment. */
public final class Formbricks implements SurveyTool {

    public static final Formbricks TOOL = new Formbricks();

    public static final Setting FORMBRICKS_NPS_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_NPS_QUESTION_IDS", Kind.LIST)
            .parameter("FormbricksNpsQuestionIds")
            .readBy(INGEST)
            .means("Ids of the Formbricks NPS questions; Formbricks webhooks carry no question types, so Formbricks responses are rejected until this is set.");

    public static final Setting FORMBRICKS_COMMENT_QUESTION_IDS = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_COMMENT_QUESTION_IDS", Kind.LIST)
            .parameter("FormbricksCommentQuestionIds")
            .readBy(INGEST)
            .means("Ids of the Formbricks questions holding the comment.");

    public static final Setting FORMBRICKS_ATTRIBUTE_CUSTOMER_ID = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_CUSTOMER_ID", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.customerId())
            .parameter("FormbricksContactAttributes", 0)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the customer id.");

    public static final Setting FORMBRICKS_ATTRIBUTE_EMAIL = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_EMAIL", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.email())
            .parameter("FormbricksContactAttributes", 1)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the email address.");

    public static final Setting FORMBRICKS_ATTRIBUTE_NAME = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_NAME", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.name())
            .parameter("FormbricksContactAttributes", 2)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the name.");

    public static final Setting FORMBRICKS_ATTRIBUTE_ACCOUNT_ID = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_ACCOUNT_ID", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.accountId())
            .parameter("FormbricksContactAttributes", 3)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the account id.");

    public static final Setting FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.annualValue())
            .parameter("FormbricksContactAttributes", 4)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the annual value.");

    public static final Setting FORMBRICKS_ATTRIBUTE_LOCALE = Setting.of(Area.SURVEY_TOOLS, "FORMBRICKS_ATTRIBUTE_LOCALE", Kind.TEXT)
            .byDefault(FormbricksFields.DEFAULTS.locale())
            .parameter("FormbricksContactAttributes", 5)
            .readBy(INGEST)
            .means("Formbricks contact attribute carrying the locale.");

    private Formbricks() {}

    @Override
    public String name() {
        return FormbricksSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        return new FormbricksSource(new StandardWebhooks(shared.tolerance()), new FormbricksFields(
                list(settings, FORMBRICKS_NPS_QUESTION_IDS),
                list(settings, FORMBRICKS_COMMENT_QUESTION_IDS),
                settings.string(FORMBRICKS_ATTRIBUTE_CUSTOMER_ID),
                settings.string(FORMBRICKS_ATTRIBUTE_EMAIL),
                settings.string(FORMBRICKS_ATTRIBUTE_NAME),
                settings.string(FORMBRICKS_ATTRIBUTE_ACCOUNT_ID),
                settings.string(FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE),
                settings.string(FORMBRICKS_ATTRIBUTE_LOCALE)));
    }

    @Override
    public String localSecret() {
        return "whsec_bG9jYWwtb25seS1mb3JtYnJpY2tzLXNpZ25pbmcta2V5";
    }

    @Override
    public Signed sign(byte[] body, String secret, String messageId, Instant sentAt) {
        return StandardWebhooks.signed(body, secret, messageId, sentAt);
    }
}
