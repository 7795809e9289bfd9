package io.npsloop.ingest;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.aws.Settings;
import io.npsloop.domain.Budget;
import io.npsloop.domain.Budgets;
import io.npsloop.domain.HoldoutAssignment;
import io.npsloop.domain.PolicySettings;
import io.npsloop.domain.RationedPolicy;
import io.npsloop.domain.ResponseIntake;
import io.npsloop.domain.ValueTiers;
import io.npsloop.ingest.fetch.DynamoDbFetchQueue;
import io.npsloop.ingest.fetch.HttpResponseFetcher;
import io.npsloop.ingest.fetch.PendingFetchWorker;
import io.npsloop.ingest.quarantine.DynamoDbQuarantine;
import io.npsloop.ingest.quarantine.QuarantiningIntake;
import io.npsloop.ingest.sources.AskNicelyFields;
import io.npsloop.ingest.sources.AskNicelySource;
import io.npsloop.ingest.sources.DelightedFields;
import io.npsloop.ingest.sources.DelightedSource;
import io.npsloop.ingest.sources.FormbricksFields;
import io.npsloop.ingest.sources.FormbricksSource;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.GenericSource;
import io.npsloop.ingest.sources.QualtricsFields;
import io.npsloop.ingest.sources.QualtricsSource;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.SurveyMonkeyFields;
import io.npsloop.ingest.sources.SurveyMonkeySource;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.TypeformFields;
import io.npsloop.ingest.sources.TypeformSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the ingest function's parts from its environment. Every setting is listed in the README. */
public final class IngestConfig {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private IngestConfig() {}

    /** The intake behind the webhook route, keeping what it turns away in the quarantine. */
    public static QuarantiningIntake quarantiningIntake(Settings settings, AwsClients clients, Clock clock) {
        var dynamoDb = clients.dynamoDb();
        return quarantiningIntake(settings, webhookIntake(settings, clients, dynamoDb, clock), dynamoDb, clock);
    }

    /** As above around a given webhook intake, which the function also primes. */
    static QuarantiningIntake quarantiningIntake(
            Settings settings, WebhookIntake webhooks, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        return new QuarantiningIntake(
                webhooks,
                quarantine(settings, dynamoDb),
                Set.of(settings.string("ASKNICELY_TOKEN_HEADER", AskNicelyFields.DEFAULTS.tokenHeader())),
                clock,
                System.out::println);
    }

    static DynamoDbQuarantine quarantine(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        return new DynamoDbQuarantine(dynamoDb, settings.required("TABLE_NAME"), retention(settings));
    }

    private static Duration retention(Settings settings) {
        return Duration.ofDays(settings.positiveInt("QUARANTINE_RETENTION_DAYS", 14));
    }

    static DynamoDbFetchQueue fetchQueue(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        // A pending fetch is kept as long as a quarantined request would be, so either can be replayed.
        return new DynamoDbFetchQueue(dynamoDb, settings.required("TABLE_NAME"), retention(settings), lease(settings));
    }

    private static Duration lease(Settings settings) {
        return Duration.ofSeconds(settings.positiveInt("FETCH_LEASE_SECONDS", (int) PendingFetchWorker.Policy.DEFAULTS.lease().toSeconds()));
    }

    /** The fetch function's worker: reads announced responses from the tools' APIs and stores them. */
    public static PendingFetchWorker fetchWorker(Settings settings, AwsClients clients, Clock clock, PendingFetchWorker.Pause pause) {
        var dynamoDb = clients.dynamoDb();
        var fetching = sources(settings).stream()
                .filter(FetchingSource.class::isInstance).map(FetchingSource.class::cast).toList();
        var fetcher = new HttpResponseFetcher(fetching, apiBaseUrls(settings), secrets(settings, clients, clock),
                Duration.ofSeconds(settings.positiveInt("FETCH_TIMEOUT_SECONDS", 10)));
        var defaults = PendingFetchWorker.Policy.DEFAULTS;
        var policy = new PendingFetchWorker.Policy(
                settings.positiveInt("FETCH_MAX_ATTEMPTS", defaults.maxAttempts()),
                Duration.ofMillis(settings.positiveInt("FETCH_BACKOFF_MILLIS", (int) defaults.firstBackoff().toMillis())),
                Duration.ofSeconds(settings.positiveInt("FETCH_BACKOFF_MAX_SECONDS", (int) defaults.maxBackoff().toSeconds())),
                lease(settings));
        return new PendingFetchWorker(fetchQueue(settings, dynamoDb), fetcher, responseIntake(settings, dynamoDb, clock),
                quarantine(settings, dynamoDb), policy, pause, clock, System.out::println);
    }

    static Map<String, URI> apiBaseUrls(Settings settings) {
        var urls = new HashMap<String, URI>();
        urls.put(SurveyMonkeySource.NAME, url(settings, "SURVEYMONKEY_API_BASE_URL", "https://api.surveymonkey.com"));
        settings.optional("QUALTRICS_API_BASE_URL").ifPresent(value -> urls.put(QualtricsSource.NAME, url(settings, "QUALTRICS_API_BASE_URL", value)));
        return Map.copyOf(urls);
    }

    private static URI url(Settings settings, String name, String defaultValue) {
        var value = settings.string(name, defaultValue);
        try {
            var uri = URI.create(value);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an http(s) URL: " + value);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an http(s) URL: " + value, e);
        }
    }

    public static WebhookIntake webhookIntake(Settings settings, AwsClients clients, Clock clock) {
        return webhookIntake(settings, clients, clients.dynamoDb(), clock);
    }

    static WebhookIntake webhookIntake(
            Settings settings, AwsClients clients, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        return new WebhookIntake(
                sources(settings),
                secrets(settings, clients, clock),
                responseIntake(settings, dynamoDb, clock),
                fetchQueue(settings, dynamoDb),
                settings.positiveInt("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
                clock);
    }

    static ResponseIntake responseIntake(
            Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        var store = new DynamoDbResponseStore(
                dynamoDb,
                settings.required("TABLE_NAME"),
                Duration.ofDays(settings.positiveInt("RESPONSE_RETENTION_DAYS", 730)),
                clock);
        var policy = new RationedPolicy(policySettings(settings));
        var tiers = new ValueTiers(
                settings.amount("HIGH_VALUE_THRESHOLD", "10000"), settings.amount("MEDIUM_VALUE_THRESHOLD", "1000"));
        return new ResponseIntake(policy, budgets(settings), tiers, store, clock, settings.days("SURVEY_WAVE_DAYS", 30));
    }

    static PolicySettings policySettings(Settings settings) {
        var defaults = PolicySettings.DEFAULTS;
        return new PolicySettings(
                settings.hours("RECOVERY_SLA_HOURS", 24),
                settings.hours("REFERRAL_SLA_HOURS", 72),
                HoldoutAssignment.percent(
                        settings.percent("HOLDOUT_PERCENT", 10), settings.string("HOLDOUT_SALT", defaults.holdout().salt())),
                settings.amount("RECOVERY_UPLIFT", defaults.recoveryUplift().toPlainString()),
                settings.amount("RECOVERY_COST", defaults.recoveryCost().toPlainString()),
                settings.amount("REFERRAL_UPLIFT", defaults.referralUplift().toPlainString()),
                settings.amount("REFERRAL_COST", defaults.referralCost().toPlainString()),
                settings.days("FOLLOW_UP_COOLDOWN_DAYS", 30),
                settings.days("REFERRAL_LOOKBACK_DAYS", 90),
                settings.flag("CONTACT_UNKNOWN_VALUE", true),
                new PolicySettings.Nurture(
                        settings.flag("NURTURE_PASSIVES", false),
                        settings.hours("NURTURE_SLA_HOURS", 168),
                        settings.amount("NURTURE_UPLIFT", PolicySettings.Nurture.OFF.uplift().toPlainString()),
                        settings.amount("NURTURE_COST", PolicySettings.Nurture.OFF.cost().toPlainString())));
    }

    static Budgets budgets(Settings settings) {
        int reserve = settings.percentInt("BUDGET_RESERVE_PERCENT", 20, 50);
        return new Budgets(
                new Budget(settings.optionalAmount("RECOVERY_DAILY_BUDGET"), settings.optionalAmount("RECOVERY_MONTHLY_BUDGET"), reserve),
                new Budget(settings.optionalAmount("REFERRAL_DAILY_BUDGET"), settings.optionalAmount("REFERRAL_MONTHLY_BUDGET"), reserve));
    }

    static List<io.npsloop.ingest.sources.WebhookSource> sources(Settings settings) {
        var tolerance = Duration.ofSeconds(settings.positiveInt("WEBHOOK_TOLERANCE_SECONDS", 300));
        var window = new ReplayWindow(Duration.ofHours(settings.positiveInt("REPLAY_WINDOW_HOURS", 72)));
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
        var d = DelightedFields.DEFAULTS;
        var delighted = new DelightedSource(new DelightedFields(
                settings.string("DELIGHTED_PROPERTY_CUSTOMER_ID", d.customerId()),
                settings.string("DELIGHTED_PROPERTY_ACCOUNT_ID", d.accountId()),
                settings.string("DELIGHTED_PROPERTY_ANNUAL_VALUE", d.annualValue()),
                settings.string("DELIGHTED_PROPERTY_LOCALE", d.locale()),
                settings.string("DELIGHTED_SURVEY_ID", d.surveyId())), window);
        var f = FormbricksFields.DEFAULTS;
        var formbricks = new FormbricksSource(new StandardWebhooks(tolerance), new FormbricksFields(
                list(settings, "FORMBRICKS_NPS_QUESTION_IDS"),
                list(settings, "FORMBRICKS_COMMENT_QUESTION_IDS"),
                settings.string("FORMBRICKS_ATTRIBUTE_CUSTOMER_ID", f.customerId()),
                settings.string("FORMBRICKS_ATTRIBUTE_EMAIL", f.email()),
                settings.string("FORMBRICKS_ATTRIBUTE_NAME", f.name()),
                settings.string("FORMBRICKS_ATTRIBUTE_ACCOUNT_ID", f.accountId()),
                settings.string("FORMBRICKS_ATTRIBUTE_ANNUAL_VALUE", f.annualValue()),
                settings.string("FORMBRICKS_ATTRIBUTE_LOCALE", f.locale())));
        var a = AskNicelyFields.DEFAULTS;
        var asknicely = new AskNicelySource(new AskNicelyFields(
                settings.string("ASKNICELY_TOKEN_HEADER", a.tokenHeader()),
                settings.string("ASKNICELY_FIELD_CUSTOMER_ID", a.customerId()),
                settings.string("ASKNICELY_FIELD_ACCOUNT_ID", a.accountId()),
                settings.string("ASKNICELY_FIELD_ANNUAL_VALUE", a.annualValue()),
                settings.string("ASKNICELY_FIELD_LOCALE", a.locale()),
                settings.string("ASKNICELY_SURVEY_ID", a.surveyId())));
        var m = SurveyMonkeyFields.DEFAULTS;
        var surveymonkey = new SurveyMonkeySource(new SurveyMonkeyFields(
                list(settings, "SURVEYMONKEY_NPS_QUESTION_IDS"),
                list(settings, "SURVEYMONKEY_COMMENT_QUESTION_IDS"),
                settings.string("SURVEYMONKEY_VARIABLE_CUSTOMER_ID", m.customerId()),
                settings.string("SURVEYMONKEY_VARIABLE_EMAIL", m.email()),
                settings.string("SURVEYMONKEY_VARIABLE_NAME", m.name()),
                settings.string("SURVEYMONKEY_VARIABLE_ACCOUNT_ID", m.accountId()),
                settings.string("SURVEYMONKEY_VARIABLE_ANNUAL_VALUE", m.annualValue()),
                settings.string("SURVEYMONKEY_VARIABLE_LOCALE", m.locale())), window);
        var q = QualtricsFields.DEFAULTS;
        var qualtrics = new QualtricsSource(new QualtricsFields(
                list(settings, "QUALTRICS_NPS_QUESTION_IDS"),
                list(settings, "QUALTRICS_COMMENT_FIELDS"),
                settings.string("QUALTRICS_FIELD_CUSTOMER_ID", q.customerId()),
                settings.string("QUALTRICS_FIELD_EMAIL", q.email()),
                settings.string("QUALTRICS_FIELD_NAME", q.name()),
                settings.string("QUALTRICS_FIELD_ACCOUNT_ID", q.accountId()),
                settings.string("QUALTRICS_FIELD_ANNUAL_VALUE", q.annualValue()),
                settings.string("QUALTRICS_FIELD_LOCALE", q.locale())), window);
        return List.of(new GenericSource(new StandardWebhooks(tolerance)), new TypeformSource(typeform, window), delighted, formbricks, asknicely,
                surveymonkey, qualtrics);
    }

    private static List<String> list(Settings settings, String name) {
        return settings.optional(name).map(value -> List.of(value.split(","))).orElse(List.of());
    }

    static WebhookSecrets secrets(Settings settings, AwsClients clients, Clock clock) {
        WebhookSecrets fromEnvironment = new EnvironmentWebhookSecrets(settings);
        Optional<String> prefix = settings.optional("WEBHOOK_SECRET_PARAMETER_PREFIX");
        if (prefix.isEmpty()) {
            return fromEnvironment;
        }
        var maxAge = Duration.ofSeconds(settings.positiveInt("SECRET_CACHE_SECONDS", 300));
        return fromEnvironment.orElse(new SsmWebhookSecrets(
                clients.jsonCalls("SSM", "ssm", "AmazonSSM"), prefix.get(), maxAge, clock));
    }
}
