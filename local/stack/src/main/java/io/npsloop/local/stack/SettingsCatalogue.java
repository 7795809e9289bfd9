package io.npsloop.local.stack;

import io.npsloop.chat.ChatSettings;
import io.npsloop.config.ActionLinkSettings;
import io.npsloop.config.AwsSettings;
import io.npsloop.config.DeskSettings;
import io.npsloop.config.Setting;
import io.npsloop.config.SharedSettings;
import io.npsloop.connectors.hubspot.HubSpotSettings;
import io.npsloop.connectors.zendesk.ZendeskSettings;
import io.npsloop.dispatch.DispatchSettings;
import io.npsloop.exports.ExportSettings;
import io.npsloop.ingest.IngestSettings;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.report.ReportSettings;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every setting of every function, from the classes that declare them, and the template parameters
 * that configure the stack rather than a function. This module depends on every function module,
 * so the documentation and the template's checks are made here.
 */
public final class SettingsCatalogue {

    private SettingsCatalogue() {}

    /** The classes declaring settings; a new one is added here (a survey tool's come from its registration). */
    static final List<Class<?>> DECLARING_CLASSES = List.of(
            SharedSettings.class,
            IngestSettings.class,
            DispatchSettings.class,
            ActionLinkSettings.class,
            ChatSettings.class,
            ZendeskSettings.class,
            HubSpotSettings.class,
            DeskSettings.class,
            ReportSettings.class,
            ExportSettings.class,
            AwsSettings.class,
            LocalStackSettings.class);

    /** A template parameter no function reads: it shapes resources (subscriptions, schedules, alarms, keys). */
    public record TemplateParameter(String name, String defaultValue, String meaning) {}

    public static final List<TemplateParameter> TEMPLATE_PARAMETERS = List.of(
            new TemplateParameter("RecoveryEmail", "",
                    "Email address subscribed to recovery and escalation follow-ups; empty: no subscription. SNS asks the address to confirm first."),
            new TemplateParameter("ReferralEmail", "",
                    "Email address subscribed to referral and nurture follow-ups; empty: no subscription."),
            new TemplateParameter("EscalationSchedule", "rate(15 minutes)",
                    "How often overdue open cases are looked for and escalated (an EventBridge schedule expression)."),
            new TemplateParameter("ExportSchedule", "cron(30 2 * * ? *)",
                    "When cases and the ROI report are exported to the export bucket (an EventBridge schedule expression, UTC)."),
            new TemplateParameter("PublicBaseUrl", "",
                    "Custom domain mapped to the HTTP API (e.g. https://nps.example.com), which action links and the links to cases "
                            + "in the desk start with (PUBLIC_BASE_URL); empty: the HTTP API's own execute-api URL. The desk's sign-in comes back to "
                            + "<PublicBaseUrl>/desk/ (DESK_REDIRECT_URI): the desk signs in in AWS only once it is set."),
            new TemplateParameter("DeskDomainPrefix", "",
                    "Prefix of the desk's hosted sign-in domain, https://<prefix>.auth.<region>.amazoncognito.com (DESK_AUTHORIZE_URL, "
                            + "DESK_TOKEN_URL, DESK_LOGOUT_URL); empty: nps-loop-desk-<account id>."),
            new TemplateParameter("ChatWebhookParameterPath", "/nps-loop/chat/",
                    "SSM path holding the chat routes' SecureStrings (one webhook URL each); the chat functions may read nothing else."),
            new TemplateParameter("ChatDigestSchedule", "cron(0 7 * * ? *)",
                    "When routes marked digest get their daily digest (an EventBridge schedule expression, UTC)."),
            new TemplateParameter("AnalyticsDatabaseName", "nps_loop",
                    "Glue database holding the cases table analysts query with Athena."),
            new TemplateParameter("WebhookThrottleRate", "50",
                    "Steady-state requests per second the HTTP API allows, on every route."),
            new TemplateParameter("WebhookThrottleBurst", "100",
                    "Request burst the HTTP API allows, on every route."),
            new TemplateParameter("KmsKeyArn", "",
                    "Customer-managed KMS key encrypting the responses table and the follow-up topic (the dispatch function may use it, "
                            + "nothing else); empty: the AWS-managed aws/dynamodb and aws/sns keys. Its key policy must let DynamoDB and SNS use it."),
            new TemplateParameter("AlarmEmail", "",
                    "Email address told when an alarm fires (dead-lettered stream records, 5xx answers, quarantine growth); empty: none."),
            new TemplateParameter("QuarantineAlarmThreshold", "20",
                    "Quarantined webhooks in 15 minutes that raise the quarantine alarm."),
            new TemplateParameter("LogRetentionDays", "30",
                    "Days the functions' CloudWatch logs are kept (every function)."));

    public static List<Setting> all() {
        return Stream.concat(
                DECLARING_CLASSES.stream().flatMap(type -> Setting.declaredIn(type).stream()),
                SurveyTools.ALL.stream().flatMap(tool -> tool.settings().stream())).toList();
    }

    public static Stream<Setting> inTemplate() {
        return all().stream().filter(setting -> setting.readBy().stream().anyMatch(reader -> reader.inTemplate()));
    }
}
