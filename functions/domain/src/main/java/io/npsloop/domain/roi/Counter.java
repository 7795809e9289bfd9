package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import java.util.Locale;

/**
 * The figures kept per day, from which every report is computed. Counts are whole numbers;
 * {@code *_VALUE} and {@code *_CONCESSIONS} are money in the currency of the customers' annual value.
 * Recovery, referral and nurture counters are per arm of the experiment: treated or held out.
 */
public enum Counter {
    RESPONSES,
    PROMOTERS,
    PASSIVES,
    DETRACTORS,
    /** Follow-ups a person was asked to do, which is what costs money. */
    RECOVERY_CONTACTS,
    REFERRAL_CONTACTS,
    NURTURE_CONTACTS,
    /*
     * Per unit cohort (an account, or a customer without one, in one arm of one action): sums over
     * the cohorts started that day of their units (1 each), members, members squared, and of each
     * measure, its square and its product with members, from which clustered intervals follow.
     */
    RECOVERY_TREATED_UNITS, RECOVERY_TREATED_MEMBERS, RECOVERY_TREATED_MEMBERS_SQUARED, RECOVERY_TREATED_MEMBER_VALUE, RECOVERY_TREATED_CHURNED_MEMBERS, RECOVERY_TREATED_CHURNED_MEMBERS_SQUARED, RECOVERY_TREATED_CHURNED_BY_MEMBERS, RECOVERY_TREATED_RENEWED_MEMBERS, RECOVERY_TREATED_COHORT_CONCESSIONS,
    RECOVERY_HOLDOUT_UNITS, RECOVERY_HOLDOUT_MEMBERS, RECOVERY_HOLDOUT_MEMBERS_SQUARED, RECOVERY_HOLDOUT_MEMBER_VALUE, RECOVERY_HOLDOUT_CHURNED_MEMBERS, RECOVERY_HOLDOUT_CHURNED_MEMBERS_SQUARED, RECOVERY_HOLDOUT_CHURNED_BY_MEMBERS, RECOVERY_HOLDOUT_RENEWED_MEMBERS, RECOVERY_HOLDOUT_COHORT_CONCESSIONS,
    REFERRAL_TREATED_UNITS, REFERRAL_TREATED_MEMBERS, REFERRAL_TREATED_MEMBERS_SQUARED, REFERRAL_TREATED_COHORT_LEADS, REFERRAL_TREATED_COHORT_LEADS_SQUARED, REFERRAL_TREATED_COHORT_LEADS_BY_MEMBERS, REFERRAL_TREATED_COHORT_CONVERSIONS, REFERRAL_TREATED_COHORT_CONVERTED_VALUE, REFERRAL_TREATED_COHORT_CONVERTED_VALUE_SQUARED, REFERRAL_TREATED_COHORT_CONVERTED_VALUE_BY_MEMBERS,
    REFERRAL_HOLDOUT_UNITS, REFERRAL_HOLDOUT_MEMBERS, REFERRAL_HOLDOUT_MEMBERS_SQUARED, REFERRAL_HOLDOUT_COHORT_LEADS, REFERRAL_HOLDOUT_COHORT_LEADS_SQUARED, REFERRAL_HOLDOUT_COHORT_LEADS_BY_MEMBERS, REFERRAL_HOLDOUT_COHORT_CONVERSIONS, REFERRAL_HOLDOUT_COHORT_CONVERTED_VALUE, REFERRAL_HOLDOUT_COHORT_CONVERTED_VALUE_SQUARED, REFERRAL_HOLDOUT_COHORT_CONVERTED_VALUE_BY_MEMBERS,
    NURTURE_TREATED_UNITS, NURTURE_TREATED_MEMBERS, NURTURE_TREATED_MEMBERS_SQUARED, NURTURE_TREATED_MEMBER_VALUE, NURTURE_TREATED_CHURNED_MEMBERS, NURTURE_TREATED_CHURNED_MEMBERS_SQUARED, NURTURE_TREATED_CHURNED_BY_MEMBERS, NURTURE_TREATED_RENEWED_MEMBERS,
    NURTURE_HOLDOUT_UNITS, NURTURE_HOLDOUT_MEMBERS, NURTURE_HOLDOUT_MEMBERS_SQUARED, NURTURE_HOLDOUT_MEMBER_VALUE, NURTURE_HOLDOUT_CHURNED_MEMBERS, NURTURE_HOLDOUT_CHURNED_MEMBERS_SQUARED, NURTURE_HOLDOUT_CHURNED_BY_MEMBERS, NURTURE_HOLDOUT_RENEWED_MEMBERS,
    /*
     * The experiment as counted before unit cohorts, per decision, leaving detractors who joined an
     * account's case out of both arms. Kept only so the report can name the days counted so.
     */
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

    /** What a unit cohort adds up per arm; {@link #of} names the counter of an action, arm and measure. */
    public enum Measure {
        UNITS, MEMBERS, MEMBERS_SQUARED,
        MEMBER_VALUE, CHURNED_MEMBERS, CHURNED_MEMBERS_SQUARED, CHURNED_BY_MEMBERS, RENEWED_MEMBERS,
        COHORT_CONCESSIONS,
        COHORT_LEADS, COHORT_LEADS_SQUARED, COHORT_LEADS_BY_MEMBERS, COHORT_CONVERSIONS,
        COHORT_CONVERTED_VALUE, COHORT_CONVERTED_VALUE_SQUARED, COHORT_CONVERTED_VALUE_BY_MEMBERS
    }

    /** The counter of {@code measure} for one arm of one action's experiment. */
    public static Counter of(Action action, Arm arm, Measure measure) {
        return valueOf(action.name() + "_" + (arm == Arm.TREATMENT ? "TREATED" : "HOLDOUT") + "_" + measure.name());
    }

    /** The follow-ups of {@code action} a person was asked to do. */
    public static Counter contacts(Action action) {
        return valueOf(action.name() + "_CONTACTS");
    }

    /** Whether the counter belongs to the experiment as counted before unit cohorts. */
    public boolean earlierRule() {
        return ordinal() >= RECOVERY_TREATED.ordinal() && this != OUTCOMES_UNATTRIBUTED;
    }

    /** The attribute name in storage, e.g. {@code recovery_treated_churned}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Counter fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
