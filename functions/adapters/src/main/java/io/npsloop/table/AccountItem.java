package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An account's state, {@code ACCOUNT#<accountId>} / {@code STATE}: only its one open recovery case. */
public final class AccountItem {

    static final String PREFIX = "ACCOUNT#";
    public static final String TYPE_NAME = "account";
    public static final String ACCOUNT_ID = "accountId";
    /** Named as on a customer's state: the id of the recovery case that still needs someone. */
    public static final String OPEN_RECOVERY_CASE = CustomerItem.OPEN_RECOVERY_CASE;

    private AccountItem() {}

    public static Map<String, AttributeValue> key(String accountId) {
        return Table.key(PREFIX + accountId, CustomerItem.SORT_KEY);
    }
}
