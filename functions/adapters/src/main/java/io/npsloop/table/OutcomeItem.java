package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An outcome event, {@code OUTCOME#<eventId>} / {@code OUTCOME}, written once, with the unit cohorts
 * it counts in, or, counting in none, the day and the unattributed count it adds to the counters.
 */
public final class OutcomeItem {

    static final String PREFIX = "OUTCOME#";
    static final String SORT_KEY = "OUTCOME";
    public static final String TYPE_NAME = "outcome";
    public static final String EVENT_ID = "eventId";
    public static final String CUSTOMER_ID = "customerId";
    /** Instead of a customer, for an account's own outcome. */
    public static final String ACCOUNT_ID = "accountId";
    public static final String OUTCOME_TYPE = "outcomeType";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String VALUE = "value";
    /** The unit cohorts it counts in, each with its id, action, arm and day. */
    public static final String COHORTS = "cohorts";
    public static final String COHORT_ID = "cohortId";
    public static final String COHORT_DAY = "cohortDay";
    public static final String COHORT_ACTION = "cohortAction";
    public static final String COHORT_ARM = "cohortArm";
    /** Written before unit cohorts: the decision a churn counted against, which names its churn marker. */
    public static final String COHORT_DECIDED_AT = "cohortDecidedAt";
    /** The day whose counters it changes, and by how much. */
    public static final String COUNTER_DAY = "counterDay";
    public static final String COUNTS = "counts";
    /**
     * Written before unit cohorts, on an outcome counted against more than one decision: the
     * others, each with its own day and counts.
     */
    public static final String ALSO_COUNTED = "alsoCounted";

    private OutcomeItem() {}

    public static Map<String, AttributeValue> key(String eventId) {
        return Table.key(PREFIX + eventId, SORT_KEY);
    }
}
