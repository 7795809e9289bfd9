package io.npsloop.table;

import io.npsloop.domain.policy.Action;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An action's spend in a period, {@code BUDGET#<action>#day#<yyyy-MM-dd>} or {@code ...#month#<yyyy-MM>} / {@code BUDGET}. */
public final class BudgetItem {

    static final String PREFIX = "BUDGET#";
    static final String SORT_KEY = "BUDGET";
    public static final String TYPE_NAME = "budget";
    public static final String SPENT = "spent";

    private BudgetItem() {}

    public static Map<String, AttributeValue> daily(Action action, String day) {
        return Table.key(PREFIX + action.wireName() + "#day#" + day, SORT_KEY);
    }

    public static Map<String, AttributeValue> monthly(Action action, String month) {
        return Table.key(PREFIX + action.wireName() + "#month#" + month, SORT_KEY);
    }
}
