package io.npsloop.config;

import static io.npsloop.config.Reader.CASES;
import static io.npsloop.config.Reader.ERASURE;
import static io.npsloop.config.Reader.EXPORT;
import static io.npsloop.config.Reader.FETCH;
import static io.npsloop.config.Reader.HUBSPOT;
import static io.npsloop.config.Reader.INGEST;
import static io.npsloop.config.Reader.OUTCOMES_IMPORT;
import static io.npsloop.config.Reader.REPORT;
import static io.npsloop.config.Reader.UPLIFT;
import static io.npsloop.config.Reader.ZENDESK;

import io.npsloop.domain.policy.PolicySettings;

/** Settings read by functions of several modules. */
public final class SharedSettings {

    private SharedSettings() {}

    public static final Setting TABLE_NAME = Setting.of(Area.STORAGE, "TABLE_NAME", Kind.TEXT)
            .from(new Origin.Template("ResponsesTable"))
            .readBy(Reader.functions())
            .means("The DynamoDB table holding responses, cases, outcomes, counters and the quarantine.");

    public static final Setting RESPONSE_RETENTION_DAYS = Setting.of(Area.STORAGE, "RESPONSE_RETENTION_DAYS", Kind.DAYS)
            .byDefault("730")
            .parameter("ResponseRetentionDays")
            .readBy(INGEST, FETCH, REPORT, OUTCOMES_IMPORT, CASES, ZENDESK, HUBSPOT)
            .means("Days before a stored response or outcome expires through the table's TTL; a connector's record of the "
                    + "ticket or task it created for a case is kept as long.");

    public static final Setting QUARANTINE_RETENTION_DAYS = Setting.of(Area.STORAGE, "QUARANTINE_RETENTION_DAYS", Kind.DAYS)
            .byDefault("14")
            .parameter("QuarantineRetentionDays")
            .readBy(INGEST, FETCH, ERASURE)
            .means("Days a rejected webhook (with its raw body) or a pending fetch is kept for inspection and replay; "
                    + "the erasure searches that many days of the quarantine.");

    public static final Setting OUTCOME_WINDOW_DAYS = Setting.of(Area.REPORT, "OUTCOME_WINDOW_DAYS", Kind.DAYS)
            .byDefault("365")
            .parameter("OutcomeWindowDays")
            .readBy(INGEST, FETCH, REPORT, OUTCOMES_IMPORT, CASES)
            .means("Days a unit cohort (an account, or a customer without one, in one arm of an experiment) takes new "
                    + "members after it starts; and days after a customer joins it (or it starts, for an account's own "
                    + "outcome) during which outcomes (churn, renewal, referrals, concessions) count in the ROI report.");

    public static final Setting REPORT_SURVEYS = Setting.of(Area.REPORT, "REPORT_SURVEYS", Kind.LIST)
            .parameter("ReportSurveys")
            .readBy(INGEST, FETCH)
            .means("Survey ids the ROI report breaks out, at most " + SharedSettings.MAX_REPORT_SURVEYS + "; a unit cohort "
                    + "started from any other survey is in the survey segment \"other\". A cohort keeps the segment it started "
                    + "with, so a change applies to cohorts started after it.");

    /** Bounds the survey segments, and so the counter items, a day can have. */
    public static final int MAX_REPORT_SURVEYS = 20;

    /** {@link #REPORT_SURVEYS}, checked when the function starts. */
    public static java.util.Set<String> reportSurveys(Settings settings) {
        var surveys = new java.util.LinkedHashSet<String>();
        settings.optional(REPORT_SURVEYS).ifPresent(value -> {
            for (var id : value.split(",")) {
                if (!id.isBlank()) {
                    surveys.add(id.strip());
                }
            }
        });
        if (surveys.size() > MAX_REPORT_SURVEYS) {
            throw new IllegalArgumentException(REPORT_SURVEYS.variable() + " lists " + surveys.size() + " surveys; at most "
                    + MAX_REPORT_SURVEYS + ", so a day's counters stay a few items.");
        }
        for (var id : surveys) {
            if (id.length() > io.npsloop.domain.roi.Segment.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(REPORT_SURVEYS.variable() + " lists a survey id longer than "
                        + io.npsloop.domain.roi.Segment.MAX_VALUE_LENGTH + " characters: " + id);
            }
        }
        return java.util.Set.copyOf(surveys);
    }

    /** The observation window where no setting is read (tests and tools building the store directly). */
    public static java.time.Duration defaultOutcomeWindow() {
        return java.time.Duration.ofDays(Long.parseLong(OUTCOME_WINDOW_DAYS.defaultValue()));
    }

    // The report assumes the same costs the policy rations with.
    public static final Setting RECOVERY_COST = Setting.of(Area.POLICY, "RECOVERY_COST", Kind.AMOUNT)
            .byDefault(PolicySettings.DEFAULTS.recoveryCost().toPlainString())
            .parameter("RecoveryCost")
            .readBy(INGEST, FETCH, REPORT, EXPORT, UPLIFT)
            .means("Cost of one recovery, in the currency of annual values; the ROI report counts the same cost.");

    public static final Setting REFERRAL_COST = Setting.of(Area.POLICY, "REFERRAL_COST", Kind.AMOUNT)
            .byDefault(PolicySettings.DEFAULTS.referralCost().toPlainString())
            .parameter("ReferralCost")
            .readBy(INGEST, FETCH, REPORT, EXPORT, UPLIFT)
            .means("Cost of one referral ask; the ROI report counts the same cost.");

    public static final Setting NURTURE_COST = Setting.of(Area.POLICY, "NURTURE_COST", Kind.AMOUNT)
            .byDefault(PolicySettings.Nurture.OFF.cost().toPlainString())
            .parameter("NurtureCost")
            .readBy(INGEST, FETCH, REPORT, EXPORT, UPLIFT)
            .means("Cost of one nurture follow-up; the ROI report counts the same cost.");

    // The uplifts the policy rations with, and the prior the measured ones start from.
    public static final Setting RECOVERY_UPLIFT = Setting.of(Area.POLICY, "RECOVERY_UPLIFT", Kind.SHARE)
            .byDefault(PolicySettings.DEFAULTS.recoveryUplift().toPlainString())
            .parameter("RecoveryUplift")
            .readBy(INGEST, FETCH, UPLIFT)
            .means("Share of a detractor's annual value a recovery is expected to save; a recovery is sent if annual value × uplift "
                    + "exceeds its cost. With measured uplift, the prior each tier's estimate starts from.");

    public static final Setting REFERRAL_UPLIFT = Setting.of(Area.POLICY, "REFERRAL_UPLIFT", Kind.SHARE)
            .byDefault(PolicySettings.DEFAULTS.referralUplift().toPlainString())
            .parameter("ReferralUplift")
            .readBy(INGEST, FETCH, UPLIFT)
            .means("Share of a promoter's annual value a referral ask is expected to bring; an ask is sent if annual value × uplift "
                    + "exceeds its cost. Referral stays on this uplift when uplift is measured.");

    public static final Setting NURTURE_UPLIFT = Setting.of(Area.POLICY, "NURTURE_UPLIFT", Kind.SHARE)
            .byDefault(PolicySettings.Nurture.OFF.uplift().toPlainString())
            .parameter("NurtureUplift")
            .readBy(INGEST, FETCH, UPLIFT)
            .means("Share of a passive's annual value a nurture follow-up is expected to bring; with measured uplift, the prior "
                    + "each tier's estimate starts from.");
}
