package io.npsloop.ingest;

import static io.npsloop.config.Reader.FETCH;
import static io.npsloop.config.Reader.INGEST;

import io.npsloop.config.Area;
import io.npsloop.config.Kind;
import io.npsloop.config.Setting;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.UpliftSource;
import io.npsloop.ingest.fetch.PendingFetchWorker;
import io.npsloop.ingest.sources.ReplayWindow;
import io.npsloop.ingest.sources.StandardWebhooks;
import io.npsloop.ingest.sources.mapped.MappedSources;
import java.math.BigDecimal;

/**
 * The ingest and fetch functions' settings: webhooks and their secrets, the follow-up policy, budgets
 * and fetching. Defaults the domain or a part already holds are taken from it. Each survey tool's
 * own settings are in each tool's class, registered in {@link io.npsloop.ingest.sources.SurveyTools}.
 */
public final class IngestSettings {

    private IngestSettings() {}

    private static final PolicySettings POLICY = PolicySettings.DEFAULTS;
    private static final PolicySettings.Nurture NURTURE = PolicySettings.Nurture.OFF;
    private static final PendingFetchWorker.Policy FETCHING = PendingFetchWorker.Policy.DEFAULTS;

    // Webhooks and secrets

    public static final Setting MAX_BODY_BYTES = Setting.of(Area.WEBHOOKS, "MAX_BODY_BYTES", Kind.POSITIVE_INT)
            .byDefault("65536")
            .parameter("MaxBodyBytes")
            .readBy(INGEST)
            .means("Largest webhook request body, in bytes, the ingest function accepts; larger ones get 413.");

    public static final Setting WEBHOOK_TOLERANCE_SECONDS = Setting.of(Area.WEBHOOKS, "WEBHOOK_TOLERANCE_SECONDS", Kind.SECONDS)
            .byDefault(String.valueOf(StandardWebhooks.DEFAULT_TOLERANCE.toSeconds()))
            .parameter("WebhookToleranceSeconds")
            .readBy(INGEST)
            .means("How far a signed webhook's timestamp may be from now (Standard Webhooks sources: generic, Formbricks).");

    public static final Setting REPLAY_WINDOW_HOURS = Setting.of(Area.WEBHOOKS, "REPLAY_WINDOW_HOURS", Kind.HOURS)
            .byDefault(String.valueOf(ReplayWindow.DEFAULT.width().toHours()))
            .parameter("ReplayWindowHours")
            .readBy(INGEST)
            .means("How far a signed body time (SurveyMonkey event_datetime, Qualtrics CompletedDate, Typeform submitted_at, "
                    + "Delighted updated_at) may be from its arrival before the request counts as replayed.");

    public static final Setting WEBHOOK_SECRET_PARAMETER_PREFIX =
            Setting.of(Area.WEBHOOKS, "WEBHOOK_SECRET_PARAMETER_PREFIX", Kind.TEXT)
                    .parameter("WebhookSecretParameterPrefix")
                    .deployedWith("/nps-loop/webhook-secrets/")
                    .readBy(INGEST, FETCH)
                    .means("SSM Parameter Store path holding one SecureString signing secret per source, named by the source "
                            + "(e.g. generic, typeform), the API tokens as `<source>-api-token` and the URL tokens as `<source>-url-token`. Unset: secrets from the environment only.");

    public static final Setting WEBHOOK_SECRET_SOURCE = Setting.of(Area.WEBHOOKS, "WEBHOOK_SECRET_<SOURCE>", Kind.SECRET)
            .readBy(INGEST, FETCH)
            .means("A source's signing secret, or with `_API_TOKEN` after the source a tool's API token, or with `_URL_TOKEN` its URL token, straight from the environment "
                    + "(local use); wins over SSM.");

    public static final Setting URL_TOKEN_SOURCES = Setting.of(Area.WEBHOOKS, "URL_TOKEN_SOURCES", Kind.LIST)
            .byDefault("")
            .parameter("UrlTokenSources")
            .readBy(INGEST)
            .means("Sources that also take webhooks at `/webhooks/<source>/<token>`, for tools that cannot sign (older Formbricks "
                    + "webhooks). The token, at least 32 characters, is kept like a secret as `<source>-url-token`. Empty: none.");

    public static final Setting MAPPED_SOURCES = MappedSources.SETTING;

    public static final Setting SECRET_CACHE_SECONDS = Setting.of(Area.WEBHOOKS, "SECRET_CACHE_SECONDS", Kind.SECONDS)
            .byDefault("300")
            .readBy(INGEST, FETCH)
            .means("How long a secret read from SSM is reused. If SSM is unreachable later, the last value is kept.");

    // Follow-up policy

    public static final Setting RECOVERY_SLA_HOURS = Setting.of(Area.POLICY, "RECOVERY_SLA_HOURS", Kind.HOURS)
            .byDefault(String.valueOf(POLICY.recoverySla().toHours()))
            .parameter("RecoverySlaHours")
            .readBy(INGEST, FETCH)
            .means("Hours after the response arrived within which a detractor's recovery follow-up is due.");

    public static final Setting REFERRAL_SLA_HOURS = Setting.of(Area.POLICY, "REFERRAL_SLA_HOURS", Kind.HOURS)
            .byDefault(String.valueOf(POLICY.referralSla().toHours()))
            .parameter("ReferralSlaHours")
            .readBy(INGEST, FETCH)
            .means("Hours after the response arrived within which a promoter's referral follow-up is due.");

    public static final Setting HIGH_VALUE_THRESHOLD = Setting.of(Area.POLICY, "HIGH_VALUE_THRESHOLD", Kind.AMOUNT)
            .byDefault(ValueTiers.DEFAULT.high().toPlainString())
            .parameter("HighValueThreshold")
            .readBy(INGEST, FETCH)
            .means("Annual value at or above which a respondent is in the high value tier.");

    public static final Setting MEDIUM_VALUE_THRESHOLD = Setting.of(Area.POLICY, "MEDIUM_VALUE_THRESHOLD", Kind.AMOUNT)
            .byDefault(ValueTiers.DEFAULT.medium().toPlainString())
            .parameter("MediumValueThreshold")
            .readBy(INGEST, FETCH)
            .means("Annual value at or above which a respondent is in the medium value tier (below: low; not sent: unknown).");

    public static final Setting HOLDOUT_PERCENT = Setting.of(Area.POLICY, "HOLDOUT_PERCENT", Kind.PERCENT)
            .byDefault(BigDecimal.valueOf(POLICY.holdout().basisPoints(), 2).stripTrailingZeros().toPlainString())
            .parameter("HoldoutPercent")
            .readBy(INGEST, FETCH)
            .means("Share of eligible detractors, and separately of eligible promoters, kept as a control group that gets "
                    + "no follow-up, so the follow-ups' effect can be measured.");

    public static final Setting HOLDOUT_SALT = Setting.of(Area.POLICY, "HOLDOUT_SALT", Kind.TEXT)
            .byDefault(POLICY.holdout().salt())
            .parameter("HoldoutSalt")
            .readBy(INGEST, FETCH)
            .means("Names the program; customers are assigned to arms by a hash of it. A new salt draws new arms for new customers.");

    public static final Setting FOLLOW_UP_COOLDOWN_DAYS = Setting.of(Area.POLICY, "FOLLOW_UP_COOLDOWN_DAYS", Kind.DAYS_OR_ZERO)
            .byDefault(String.valueOf(POLICY.cooldown().toDays()))
            .parameter("FollowUpCooldownDays")
            .readBy(INGEST, FETCH)
            .means("No second follow-up of the same action to the same customer within this many days (0: no cooldown).");

    public static final Setting REFERRAL_LOOKBACK_DAYS = Setting.of(Area.POLICY, "REFERRAL_LOOKBACK_DAYS", Kind.DAYS_OR_ZERO)
            .byDefault(String.valueOf(POLICY.referralLookback().toDays()))
            .parameter("ReferralLookbackDays")
            .readBy(INGEST, FETCH)
            .means("No referral ask to a customer who answered as a detractor within this many days (0: no lookback).");

    public static final Setting CONTACT_UNKNOWN_VALUE = Setting.of(Area.POLICY, "CONTACT_UNKNOWN_VALUE", Kind.FLAG)
            .byDefault(String.valueOf(POLICY.contactUnknownValue()))
            .parameter("ContactUnknownValue")
            .readBy(INGEST, FETCH)
            .means("Whether respondents whose annual value the survey tool did not send are followed up.");

    public static final Setting SURVEY_WAVE_DAYS = Setting.of(Area.POLICY, "SURVEY_WAVE_DAYS", Kind.DAYS_OR_ZERO)
            .byDefault("30")
            .parameter("SurveyWaveDays")
            .readBy(INGEST, FETCH)
            .means("A customer's further answers to the same survey within this many days of their first revise that answer "
                    + "instead of adding a response or a follow-up (0: off).");

    public static final Setting NURTURE_PASSIVES = Setting.of(Area.POLICY, "NURTURE_PASSIVES", Kind.FLAG)
            .byDefault(String.valueOf(NURTURE.enabled()))
            .parameter("NurturePassives")
            .readBy(INGEST, FETCH)
            .means("Whether passives (7-8) get a nurture follow-up, rationed like the others and sent to the referral email.");

    public static final Setting NURTURE_SLA_HOURS = Setting.of(Area.POLICY, "NURTURE_SLA_HOURS", Kind.HOURS)
            .byDefault(String.valueOf(NURTURE.sla().toHours()))
            .readBy(INGEST, FETCH)
            .means("Hours after the response arrived within which a nurture follow-up is due.");

    public static final Setting UPLIFT_SOURCE = Setting.of(Area.POLICY, "UPLIFT_SOURCE", Kind.TEXT)
            .byDefault(PolicySettings.Learning.CONFIGURED.source().wireName())
            .parameter("UpliftSource")
            .readBy(INGEST, FETCH)
            .means("`configured`: every tier is rationed with RECOVERY_UPLIFT, REFERRAL_UPLIFT and NURTURE_UPLIFT. `measured`: recovery "
                    + "and nurture are rationed per value tier with the uplift measured against the holdout, recomputed hourly "
                    + "(docs/policy.md); the configured uplift where no current estimate exists.");

    public static final Setting EXPLORATION_PERCENT = Setting.of(Area.POLICY, "EXPLORATION_PERCENT", Kind.PERCENT)
            .byDefault(BigDecimal.valueOf(PolicySettings.Learning.CONFIGURED.explorationBasisPoints(), 2).stripTrailingZeros().toPlainString())
            .parameter("ExplorationPercent")
            .readBy(INGEST, FETCH)
            .means("With measured uplift: share of the units below cost as measured (but above it as configured) still treated, "
                    + "so a tier that stops being contacted keeps being measured.");

    public static final Setting HOLDOUT_FLOOR_PERCENT = Setting.of(Area.POLICY, "HOLDOUT_FLOOR_PERCENT", Kind.PERCENT)
            .byDefault(BigDecimal.valueOf(PolicySettings.Learning.CONFIGURED.holdoutFloorBasisPoints(), 2).stripTrailingZeros().toPlainString())
            .parameter("HoldoutFloorPercent")
            .readBy(INGEST, FETCH)
            .means("With measured uplift: the least holdout share of every segment; a lower HOLDOUT_PERCENT is raised to it.");

    public static final Setting UPLIFT_MAX_AGE_HOURS = Setting.of(Area.POLICY, "UPLIFT_MAX_AGE_HOURS", Kind.HOURS)
            .byDefault("6")
            .readBy(INGEST, FETCH)
            .means("With measured uplift: an estimate older than this is stale and the configured uplifts are used until a new one.");

    public static final Setting UPLIFT_CACHE_SECONDS = Setting.of(Area.POLICY, "UPLIFT_CACHE_SECONDS", Kind.SECONDS)
            .byDefault("300")
            .readBy(INGEST, FETCH)
            .means("With measured uplift: how long the estimate read from the table is reused before it is read again.");

    /** {@link #UPLIFT_SOURCE}, checked when the function starts. */
    public static UpliftSource upliftSource(io.npsloop.config.Settings settings) {
        var value = settings.string(UPLIFT_SOURCE);
        try {
            return UpliftSource.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(UPLIFT_SOURCE.variable() + " must be configured or measured, was '" + value + "'");
        }
    }

    public static final Setting RECOVERY_VARIANTS = Setting.of(Area.POLICY, "RECOVERY_VARIANTS", Kind.LIST)
            .byDefault("")
            .parameter("RecoveryVariants")
            .readBy(INGEST, FETCH)
            .means("Ways of doing a recovery compared in the report, each a name and its weight, e.g. `call:2,email:1,call+concession:1`; "
                    + "each treated unit gets one at random by the weights and keeps it. Empty: no variants.");

    public static final Setting REFERRAL_VARIANTS = Setting.of(Area.POLICY, "REFERRAL_VARIANTS", Kind.LIST)
            .byDefault("")
            .parameter("ReferralVariants")
            .readBy(INGEST, FETCH)
            .means("Ways of making the referral ask compared in the report, as `RECOVERY_VARIANTS` writes them. Empty: no variants.");

    // Budgets

    public static final Setting RECOVERY_DAILY_BUDGET = Setting.of(Area.BUDGETS, "RECOVERY_DAILY_BUDGET", Kind.AMOUNT)
            .parameter("RecoveryDailyBudget")
            .readBy(INGEST, FETCH)
            .means("Most that recoveries may cost per UTC day; unset or empty: no cap.");

    public static final Setting RECOVERY_MONTHLY_BUDGET = Setting.of(Area.BUDGETS, "RECOVERY_MONTHLY_BUDGET", Kind.AMOUNT)
            .parameter("RecoveryMonthlyBudget")
            .readBy(INGEST, FETCH)
            .means("Most that recoveries may cost per UTC month; unset or empty: no cap.");

    public static final Setting REFERRAL_DAILY_BUDGET = Setting.of(Area.BUDGETS, "REFERRAL_DAILY_BUDGET", Kind.AMOUNT)
            .parameter("ReferralDailyBudget")
            .readBy(INGEST, FETCH)
            .means("Most that referral asks may cost per UTC day; unset or empty: no cap.");

    public static final Setting REFERRAL_MONTHLY_BUDGET = Setting.of(Area.BUDGETS, "REFERRAL_MONTHLY_BUDGET", Kind.AMOUNT)
            .parameter("ReferralMonthlyBudget")
            .readBy(INGEST, FETCH)
            .means("Most that referral asks may cost per UTC month; unset or empty: no cap.");

    public static final Setting BUDGET_RESERVE_PERCENT = Setting.of(Area.BUDGETS, "BUDGET_RESERVE_PERCENT", Kind.WHOLE_PERCENT)
            .byDefault("20")
            .parameter("BudgetReservePercent")
            .readBy(INGEST, FETCH)
            .means("Share of each cap kept for higher tiers (0-50): low-value customers may use up to 100 - 2× this percent "
                    + "of a cap, medium and unknown up to 100 - 1×, high-value customers all of it.");

    // Fetching

    public static final Setting FETCH_MAX_ATTEMPTS = Setting.of(Area.FETCH, "FETCH_MAX_ATTEMPTS", Kind.POSITIVE_INT)
            .byDefault(String.valueOf(FETCHING.maxAttempts()))
            .parameter("FetchMaxAttempts")
            .readBy(FETCH)
            .means("Tries at reading a response from a tool's API before the request goes to the quarantine.");

    public static final Setting FETCH_BACKOFF_MILLIS = Setting.of(Area.FETCH, "FETCH_BACKOFF_MILLIS", Kind.MILLIS)
            .byDefault(String.valueOf(FETCHING.firstBackoff().toMillis()))
            .readBy(FETCH)
            .means("Wait after the first failed try, doubled after each further one.");

    public static final Setting FETCH_BACKOFF_MAX_SECONDS = Setting.of(Area.FETCH, "FETCH_BACKOFF_MAX_SECONDS", Kind.SECONDS)
            .byDefault(String.valueOf(FETCHING.maxBackoff().toSeconds()))
            .readBy(FETCH)
            .means("Longest wait between tries, also for a tool's Retry-After.");

    public static final Setting FETCH_TIMEOUT_SECONDS = Setting.of(Area.FETCH, "FETCH_TIMEOUT_SECONDS", Kind.SECONDS)
            .byDefault("10")
            .readBy(FETCH)
            .means("Connect and answer time-out of one API call.");

    public static final Setting FETCH_LEASE_SECONDS = Setting.of(Area.FETCH, "FETCH_LEASE_SECONDS", Kind.SECONDS)
            .byDefault(String.valueOf(FETCHING.lease().toSeconds()))
            .readBy(INGEST, FETCH)
            .means("After this long, a try that died is taken over; keep it at the fetch function's time-out.");
}
