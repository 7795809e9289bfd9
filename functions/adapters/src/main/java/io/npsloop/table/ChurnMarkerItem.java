package io.npsloop.table;

import io.npsloop.domain.policy.Action;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * That a customer's churn was counted for one decision, {@code CHURN#<customerId>#<decidedAt>} /
 * {@code CHURN} for a recovery and {@code CHURN#<customerId>#<action>#<decidedAt>} for another
 * action: written with the first churn event, so a second counts nothing.
 */
public final class ChurnMarkerItem {

    static final String PREFIX = "CHURN#";
    static final String SORT_KEY = "CHURN";
    public static final String TYPE_NAME = "churn-marker";

    private ChurnMarkerItem() {}

    /**
     * Recovery's keeps the form it had before other actions were measured, so markers already
     * written still hold.
     *
     * @param decidedAt the decision's time as stored on the outcome
     */
    public static Map<String, AttributeValue> key(String customerId, Action action, String decidedAt) {
        var actionPart = action == Action.RECOVERY ? "" : action.wireName() + "#";
        return Table.key(PREFIX + customerId + "#" + actionPart + decidedAt, SORT_KEY);
    }
}
