package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An outcome event, {@code OUTCOME#<eventId>} / {@code OUTCOME}, written once, with the decision it
 * was attributed to and what it adds to a day's counters.
 */
public final class OutcomeItem {

    static final String PREFIX = "OUTCOME#";
    static final String SORT_KEY = "OUTCOME";
    public static final String TYPE_NAME = "outcome";
    public static final String EVENT_ID = "eventId";
    public static final String CUSTOMER_ID = "customerId";
    public static final String OUTCOME_TYPE = "outcomeType";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String VALUE = "value";
    public static final String COHORT_ACTION = "cohortAction";
    public static final String COHORT_ARM = "cohortArm";
    public static final String COHORT_DECIDED_AT = "cohortDecidedAt";
    /** The day whose counters it changes, and by how much. */
    public static final String COUNTER_DAY = "counterDay";
    public static final String COUNTS = "counts";
    /**
     * On an outcome counted against more than one decision (a churn of a customer in both
     * recovery's and nurture's experiments): the others, each with its own day and counts.
     */
    public static final String ALSO_COUNTED = "alsoCounted";

    private OutcomeItem() {}

    public static Map<String, AttributeValue> key(String eventId) {
        return Table.key(PREFIX + eventId, SORT_KEY);
    }
}
