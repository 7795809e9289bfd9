package io.npsloop.domain.roi;

import java.util.Locale;
import java.util.Objects;

/**
 * A part of an experiment's units, by what the response that started the unit's cohort said:
 * the customer's value tier, the survey tool it came from, or the survey. Each cohort is in
 * exactly one segment of each of these dimensions, so a dimension's segments add up to the whole;
 * a treated cohort of an action with variants is also in its variant's, so the variants add up to
 * that treated arm.
 *
 * @param value a tier's wire name, a source, a survey id, {@link #OTHER} or {@link #UNRECORDED}
 */
public record Segment(Dimension dimension, String value) {

    /** Surveys not listed in {@code REPORT_SURVEYS}, counted together. */
    public static final String OTHER = "other";
    /** Cohorts started before segments were recorded on them. */
    public static final String UNRECORDED = "unrecorded";
    /** Stored values are ids, kept short so a segment's key stays small. */
    public static final int MAX_VALUE_LENGTH = 64;

    public enum Dimension {
        TIER, SOURCE, SURVEY,
        /**
         * The playbook variant of a treated cohort whose action has variants: the treated arm's
         * parts, each compared with the whole holdout, so no holdout cohort is in one.
         */
        VARIANT,
        /**
         * How long a treated recovery cohort's case took to record its first contact
         * ({@link ContactDelay}): observational, never compared with the holdout.
         */
        CONTACT;

        /** Whether every cohort is in one segment of the dimension, so its segments add up to the whole. */
        public boolean coversEveryCohort() {
            return this != VARIANT && this != CONTACT;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Dimension fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public Segment {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("a segment's value is 1 to " + MAX_VALUE_LENGTH + " characters: '" + value + "'");
        }
    }
}
