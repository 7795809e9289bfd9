package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * That a customer's churn was counted for one decision, {@code CHURN#<customerId>#<decidedAt>} /
 * {@code CHURN}: written with the first churn event, so a second counts nothing.
 */
public final class ChurnMarkerItem {

    static final String PREFIX = "CHURN#";
    static final String SORT_KEY = "CHURN";
    public static final String TYPE_NAME = "churn-marker";

    private ChurnMarkerItem() {}

    /** @param decidedAt the decision's time as stored on the outcome */
    public static Map<String, AttributeValue> key(String customerId, String decidedAt) {
        return Table.key(PREFIX + customerId + "#" + decidedAt, SORT_KEY);
    }
}
