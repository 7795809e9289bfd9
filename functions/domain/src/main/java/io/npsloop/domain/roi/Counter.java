package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
     * Members of the treated cohorts a person was asked to follow up, once per member: what a
     * segment's cost counts, since contacts are otherwise counted per response, not per cohort.
     */
    RECOVERY_TREATED_CONTACTED_MEMBERS, REFERRAL_TREATED_CONTACTED_MEMBERS, NURTURE_TREATED_CONTACTED_MEMBERS,
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
        UNITS("u"), MEMBERS("n"), MEMBERS_SQUARED("nn"),
        MEMBER_VALUE("v"), CHURNED_MEMBERS("c"), CHURNED_MEMBERS_SQUARED("cc"), CHURNED_BY_MEMBERS("cn"), RENEWED_MEMBERS("w"),
        COHORT_CONCESSIONS("k"),
        COHORT_LEADS("l"), COHORT_LEADS_SQUARED("ll"), COHORT_LEADS_BY_MEMBERS("ln"), COHORT_CONVERSIONS("x"),
        COHORT_CONVERTED_VALUE("y"), COHORT_CONVERTED_VALUE_SQUARED("yy"), COHORT_CONVERTED_VALUE_BY_MEMBERS("yn"),
        CONTACTED_MEMBERS("m");

        /** Part of {@link Counter#shortName()}: stored, so never reused for another measure. */
        private final String code;

        Measure(String code) {
            this.code = code;
        }
    }

    /** The counters a unit cohort adds up: its action's, arm's and measure's, and nothing else. */
    private static final Map<Counter, String> SHORT_NAMES = new EnumMap<>(Counter.class);
    private static final Map<String, Counter> BY_SHORT_NAME = new HashMap<>();

    static {
        for (var action : Action.values()) {
            for (var arm : Arm.values()) {
                for (var measure : Measure.values()) {
                    var name = action.name() + "_" + (arm == Arm.TREATMENT ? "TREATED" : "HOLDOUT") + "_" + measure.name();
                    if (Arrays.stream(values()).anyMatch(counter -> counter.name().equals(name))) {
                        var shortName = action.name().substring(0, 3).toLowerCase(Locale.ROOT)
                                + (arm == Arm.TREATMENT ? "t" : "h") + measure.code;
                        SHORT_NAMES.put(valueOf(name), shortName);
                        BY_SHORT_NAME.put(shortName, valueOf(name));
                    }
                }
            }
        }
    }

    /** Whether a unit cohort adds to this counter, which is then also kept per segment. */
    public boolean cohortMeasure() {
        return SHORT_NAMES.containsKey(this);
    }

    /**
     * A short stored name of a cohort's counter, e.g. {@code rectcc} for recovery's treated
     * churned members squared: segment items hold many of them, and an item's size is what each
     * write of it costs.
     */
    public String shortName() {
        var name = SHORT_NAMES.get(this);
        if (name == null) {
            throw new IllegalStateException(this + " is not a cohort's counter");
        }
        return name;
    }

    /** The cohort's counter of a {@link #shortName()}, if it is one. */
    public static Optional<Counter> fromShortName(String name) {
        return Optional.ofNullable(BY_SHORT_NAME.get(name));
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
