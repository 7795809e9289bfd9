package io.npsloop.table;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.policy.Action;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A respondent's state, {@code CUSTOMER#<customerId>} / {@code STATE}: counts per category, last
 * contact and arm per action, the unit cohorts they are counted in ({@link UnitCohortItem}), the
 * decisions a retry may need, and the keys erasure needs.
 */
public final class CustomerItem {

    static final String PREFIX = "CUSTOMER#";
    static final String SORT_KEY = "STATE";
    public static final String TYPE_NAME = "respondent";

    public static final String CUSTOMER_ID = "customerId";
    /** Incremented by every write of the state: a write applies only to the version it read. */
    public static final String VERSION = "version";
    /** How many responses the state counts. */
    public static final String RESPONSES = "responses";
    public static final String LAST_DETRACTOR_AT = "lastDetractorAt";
    /** {@code wave_<surveyId>}: the customer's first answer to that survey and when, {@code <source>:<id>|<instant>}. */
    public static final String WAVE_PREFIX = "wave_";
    /** The id of the recovery case that still needs someone. */
    public static final String OPEN_RECOVERY_CASE = "openRecoveryCase";
    /** Every response key stored for the customer, so erasure needs no scan. */
    public static final String RESPONSE_KEYS = "responseKeys";
    /**
     * The decisions of the customer's responses of the last days by response key, so a delivery
     * that failed between counting its response and storing it is finished alike.
     */
    public static final String RECENT_DECISIONS = "recentDecisions";
    /** The ids of the customer's outcome events. */
    public static final String OUTCOME_IDS = "outcomeIds";

    private CustomerItem() {}

    public static Map<String, AttributeValue> key(String customerId) {
        return Table.key(PREFIX + customerId, SORT_KEY);
    }

    /** The count of the customer's answers in a category. */
    public static String counter(Category category) {
        return switch (category) {
            case PROMOTER -> "promoters";
            case PASSIVE -> "passives";
            case DETRACTOR -> "detractors";
        };
    }

    public static String lastContactAttribute(Action action) {
        return "lastContactAt_" + action.wireName();
    }

    public static String armAttribute(Action action) {
        return "arm_" + action.wireName();
    }
}
