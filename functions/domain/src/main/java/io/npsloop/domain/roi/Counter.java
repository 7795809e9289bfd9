package io.npsloop.domain.roi;

import java.util.Locale;

/**
 * The figures kept per day, from which every report is computed. Counts are whole numbers;
 * {@code *_VALUE} and {@code *_CONCESSIONS} are money in the currency of the customers' annual value.
 * Recovery, referral and nurture counters are per arm of the experiment: treated (contacted) or held out.
 */
public enum Counter {
    RESPONSES,
    PROMOTERS,
    PASSIVES,
    DETRACTORS,
    RECOVERY_TREATED,
    RECOVERY_TREATED_VALUE,
    RECOVERY_TREATED_CHURNED,
    RECOVERY_TREATED_RENEWED,
    RECOVERY_TREATED_CONCESSIONS,
    RECOVERY_HOLDOUT,
    RECOVERY_HOLDOUT_VALUE,
    RECOVERY_HOLDOUT_CHURNED,
    RECOVERY_HOLDOUT_RENEWED,
    RECOVERY_HOLDOUT_CONCESSIONS,
    REFERRAL_ASKED,
    REFERRAL_ASKED_LEADS,
    REFERRAL_ASKED_CONVERTED,
    REFERRAL_ASKED_CONVERTED_VALUE,
    REFERRAL_HOLDOUT,
    REFERRAL_HOLDOUT_LEADS,
    REFERRAL_HOLDOUT_CONVERTED,
    REFERRAL_HOLDOUT_CONVERTED_VALUE,
    NURTURE_TREATED,
    NURTURE_TREATED_VALUE,
    NURTURE_TREATED_CHURNED,
    NURTURE_TREATED_RENEWED,
    NURTURE_HOLDOUT,
    NURTURE_HOLDOUT_VALUE,
    NURTURE_HOLDOUT_CHURNED,
    NURTURE_HOLDOUT_RENEWED,
    /** Outcomes of customers who were in neither arm when the outcome happened. */
    OUTCOMES_UNATTRIBUTED;

    /** The attribute name in storage, e.g. {@code recovery_treated_churned}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Counter fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
