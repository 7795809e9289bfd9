package io.npsloop.ingest;

import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.aws.DynamoDbUplifts;
import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Budget;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PlaybookVariants;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.UpliftBook;
import io.npsloop.ingest.fetch.DynamoDbFetchQueue;
import io.npsloop.ingest.fetch.HttpResponseFetcher;
import io.npsloop.ingest.fetch.PendingFetchWorker;
import io.npsloop.ingest.quarantine.DynamoDbQuarantine;
import io.npsloop.ingest.quarantine.QuarantiningReceiver;
import io.npsloop.ingest.sources.FetchingSource;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.SurveyTool;
import io.npsloop.ingest.sources.SurveyTools;
import io.npsloop.ingest.sources.WebhookSource;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the ingest and fetch functions' parts from their environment (settings in {@link IngestSettings}). */
public final class IngestConfig {

    private IngestConfig() {}

    /** The receiver behind the webhook route, keeping what it turns away in the quarantine. */
    public static QuarantiningReceiver quarantiningReceiver(Settings settings, AwsClients clients, Clock clock) {
        var dynamoDb = clients.dynamoDb();
        return quarantiningReceiver(settings, webhookReceiver(settings, clients, dynamoDb, clock), dynamoDb, clock);
    }

    /** As above around a given webhook receiver, which the function also primes. */
    static QuarantiningReceiver quarantiningReceiver(
            Settings settings, WebhookReceiver webhooks, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        return new QuarantiningReceiver(
                webhooks,
                quarantine(settings, dynamoDb),
                SurveyTools.secretHeaders(settings),
                clock,
                System.out::println);
    }

    static DynamoDbQuarantine quarantine(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        return new DynamoDbQuarantine(dynamoDb, settings.required(SharedSettings.TABLE_NAME), retention(settings));
    }

    private static Duration retention(Settings settings) {
        return Duration.ofDays(settings.positiveInt(SharedSettings.QUARANTINE_RETENTION_DAYS));
    }

    static DynamoDbFetchQueue fetchQueue(Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
        // A pending fetch is kept as long as a quarantined request would be, so either can be replayed.
        return new DynamoDbFetchQueue(dynamoDb, settings.required(SharedSettings.TABLE_NAME), retention(settings), lease(settings));
    }

    private static Duration lease(Settings settings) {
        return Duration.ofSeconds(settings.positiveInt(IngestSettings.FETCH_LEASE_SECONDS));
    }

    /** The fetch function's worker: reads announced responses from the tools' APIs and stores them. */
    public static PendingFetchWorker fetchWorker(Settings settings, AwsClients clients, Clock clock, PendingFetchWorker.Pause pause) {
        var dynamoDb = clients.dynamoDb();
        var fetching = sources(settings).stream()
                .filter(FetchingSource.class::isInstance).map(FetchingSource.class::cast).toList();
        var fetcher = new HttpResponseFetcher(fetching, SurveyTools.apiBaseUrls(settings), secrets(settings, clients, clock),
                Duration.ofSeconds(settings.positiveInt(IngestSettings.FETCH_TIMEOUT_SECONDS)));
        var policy = new PendingFetchWorker.Policy(
                settings.positiveInt(IngestSettings.FETCH_MAX_ATTEMPTS),
                Duration.ofMillis(settings.positiveInt(IngestSettings.FETCH_BACKOFF_MILLIS)),
                Duration.ofSeconds(settings.positiveInt(IngestSettings.FETCH_BACKOFF_MAX_SECONDS)),
                lease(settings));
        return new PendingFetchWorker(fetchQueue(settings, dynamoDb), fetcher, responseIntake(settings, dynamoDb, clock),
                quarantine(settings, dynamoDb), policy, pause, clock, System.out::println);
    }

    static WebhookReceiver webhookReceiver(
            Settings settings, AwsClients clients, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        var secrets = secrets(settings, clients, clock);
        return new WebhookReceiver(
                sources(settings),
                secrets,
                responseIntake(settings, dynamoDb, clock),
                fetchQueue(settings, dynamoDb),
                urlTokens(settings, secrets),
                settings.positiveInt(IngestSettings.MAX_BODY_BYTES),
                clock);
    }

    /** Checked when the function starts: a misspelt source would leave the route it meant off without a word. */
    static UrlTokens urlTokens(Settings settings, WebhookSecrets secrets) {
        var tools = SurveyTools.of(settings).stream().map(SurveyTool::name).toList();
        var enabled = new java.util.ArrayList<>(SurveyTool.list(settings, IngestSettings.URL_TOKEN_SOURCES).stream()
                .map(String::strip).filter(name -> !name.isEmpty()).toList());
        for (var name : enabled) {
            if (!tools.contains(name)) {
                throw new IllegalArgumentException(IngestSettings.URL_TOKEN_SOURCES.variable() + " names no source '" + name
                        + "'; sources are " + String.join(", ", tools) + ".");
            }
        }
        // A configured source whose only proof is the URL's token takes that route without being listed.
        enabled.addAll(SurveyTools.urlTokenOnly(settings));
        return new UrlTokens(enabled, secrets);
    }

    static ResponseIntake responseIntake(
            Settings settings, software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        var store = new DynamoDbResponseStore(
                dynamoDb,
                settings.required(SharedSettings.TABLE_NAME),
                Duration.ofDays(settings.positiveInt(SharedSettings.RESPONSE_RETENTION_DAYS)),
                Duration.ofDays(settings.positiveInt(SharedSettings.OUTCOME_WINDOW_DAYS)),
                SharedSettings.reportSurveys(settings),
                clock);
        var tiers = new ValueTiers(
                settings.amount(IngestSettings.HIGH_VALUE_THRESHOLD), settings.amount(IngestSettings.MEDIUM_VALUE_THRESHOLD));
        var policySettings = policySettings(settings);
        var policy = new RationedPolicy(policySettings, tiers, upliftBook(settings, policySettings, dynamoDb, clock), playbookVariants(settings));
        return new ResponseIntake(policy, budgets(settings), tiers, store, clock, settings.days(IngestSettings.SURVEY_WAVE_DAYS));
    }

    /** The configured uplifts, or the measured ones read from the schedule's item. */
    static UpliftBook upliftBook(Settings settings, PolicySettings policySettings,
                                 software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb, Clock clock) {
        if (!policySettings.learning().measured()) {
            return UpliftBook.configured(policySettings);
        }
        var uplifts = new DynamoDbUplifts(dynamoDb, settings.required(SharedSettings.TABLE_NAME));
        return new MeasuredUpliftBook(uplifts::read, policySettings, Duration.ofSeconds(settings.positiveInt(IngestSettings.UPLIFT_CACHE_SECONDS)), settings.hours(IngestSettings.UPLIFT_MAX_AGE_HOURS),
                clock, System.out::println);
    }

    static PolicySettings policySettings(Settings settings) {
        return new PolicySettings(
                settings.hours(IngestSettings.RECOVERY_SLA_HOURS),
                settings.hours(IngestSettings.REFERRAL_SLA_HOURS),
                HoldoutAssignment.percent(settings.percent(IngestSettings.HOLDOUT_PERCENT), settings.string(IngestSettings.HOLDOUT_SALT)),
                settings.amount(SharedSettings.RECOVERY_UPLIFT),
                settings.amount(SharedSettings.RECOVERY_COST),
                settings.amount(SharedSettings.REFERRAL_UPLIFT),
                settings.amount(SharedSettings.REFERRAL_COST),
                settings.days(IngestSettings.FOLLOW_UP_COOLDOWN_DAYS),
                settings.days(IngestSettings.REFERRAL_LOOKBACK_DAYS),
                settings.flag(IngestSettings.CONTACT_UNKNOWN_VALUE),
                new PolicySettings.Nurture(
                        settings.flag(IngestSettings.NURTURE_PASSIVES),
                        settings.hours(IngestSettings.NURTURE_SLA_HOURS),
                        settings.amount(SharedSettings.NURTURE_UPLIFT),
                        settings.amount(SharedSettings.NURTURE_COST)),
                new PolicySettings.Learning(
                        IngestSettings.upliftSource(settings),
                        basisPoints(settings.percent(IngestSettings.EXPLORATION_PERCENT)),
                        basisPoints(settings.percent(IngestSettings.HOLDOUT_FLOOR_PERCENT))));
    }

    private static int basisPoints(double percent) {
        return (int) Math.round(percent * 100);
    }

    /** The variants of recovery and referral, drawn with the holdout's salt so a new program draws them anew. */
    static PlaybookVariants playbookVariants(Settings settings) {
        var variants = new EnumMap<Action, List<PlaybookVariants.Variant>>(Action.class);
        for (var entry : Map.of(Action.RECOVERY, IngestSettings.RECOVERY_VARIANTS, Action.REFERRAL, IngestSettings.REFERRAL_VARIANTS).entrySet()) {
            try {
                variants.put(entry.getKey(), PlaybookVariants.parse(settings.string(entry.getValue())));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(entry.getValue().variable() + ": " + e.getMessage(), e);
            }
        }
        try {
            return new PlaybookVariants(variants, settings.string(IngestSettings.HOLDOUT_SALT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(IngestSettings.RECOVERY_VARIANTS.variable() + " / " + IngestSettings.REFERRAL_VARIANTS.variable()
                    + ": " + e.getMessage(), e);
        }
    }

    static Budgets budgets(Settings settings) {
        int reserve = settings.percentInt(IngestSettings.BUDGET_RESERVE_PERCENT, 50);
        return new Budgets(
                new Budget(settings.optionalAmount(IngestSettings.RECOVERY_DAILY_BUDGET),
                        settings.optionalAmount(IngestSettings.RECOVERY_MONTHLY_BUDGET), reserve),
                new Budget(settings.optionalAmount(IngestSettings.REFERRAL_DAILY_BUDGET),
                        settings.optionalAmount(IngestSettings.REFERRAL_MONTHLY_BUDGET), reserve));
    }

    static List<WebhookSource> sources(Settings settings) {
        var tolerance = Duration.ofSeconds(settings.positiveInt(IngestSettings.WEBHOOK_TOLERANCE_SECONDS));
        var window = new ReplayWindow(Duration.ofHours(settings.positiveInt(IngestSettings.REPLAY_WINDOW_HOURS)));
        return SurveyTools.sources(settings, new SurveyTool.Shared(tolerance, window));
    }

    static WebhookSecrets secrets(Settings settings, AwsClients clients, Clock clock) {
        WebhookSecrets fromEnvironment = new EnvironmentWebhookSecrets(settings);
        Optional<String> prefix = settings.optional(IngestSettings.WEBHOOK_SECRET_PARAMETER_PREFIX);
        if (prefix.isEmpty()) {
            return fromEnvironment;
        }
        var maxAge = Duration.ofSeconds(settings.positiveInt(IngestSettings.SECRET_CACHE_SECONDS));
        return fromEnvironment.orElse(new SsmWebhookSecrets(
                clients.jsonCalls("SSM", "ssm", "AmazonSSM"), prefix.get(), maxAge, clock));
    }
}
