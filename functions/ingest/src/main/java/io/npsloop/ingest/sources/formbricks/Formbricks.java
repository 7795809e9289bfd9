package io.npsloop.ingest.sources.formbricks;

import static io.npsloop.ingest.sources.SurveyTool.list;

import io.npsloop.aws.Settings;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Instant;

/** Formbricks: Standard Webhooks signatures, question ids set per deployment. */
public final class Formbricks implements SurveyTool {

    public static final Formbricks TOOL = new Formbricks();

    private Formbricks() {}

    @Override
    public String name() {
        return FormbricksSource.NAME;
    }

    @Override
    public WebhookSource source(Settings settings, Shared shared) {
        var f = FormbricksFields.DEFAULTS;
        return new FormbricksSource(new StandardWebhooks(shared.tolerance()), new FormbricksFields(
                list(settings, "FORMBRICKS_NPS_QUESTION_IDS"),
                list(settings, "FORMBRICKS_COMMENT_QUESTION_IDS"),
                settings.string("FORMBRICKS_ATTRIBUTE_CUSTOMER_ID", f.customerId()),
                settings.string("FORMBRICKS_ATTRIBUTE_EMAIL", f.email()),
                settings.string("FORMBRICKS_ATTRIBUTE_NAME", f.name()),
                settings.string("FORMBRICKS_ATTRIBUTE_ACCOUNT_ID", f.accountId()),
                settings.string("FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE", f.annualValue()),
                settings.string("FORMBRICKS_ATTRIBUTE_LOCALE", f.locale())));
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
