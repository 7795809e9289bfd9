package io.npsloop.table;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An account's state, {@code ACCOUNT#<accountId>} / {@code STATE}: its one open recovery case, the
 * unit cohorts it started, and the keys of its contacts' responses, so the desk shows the account
 * without a scan (and erasure takes an erased customer's keys off it).
 */
public final class AccountItem {

    static final String PREFIX = "ACCOUNT#";
    public static final String TYPE_NAME = "account";
    public static final String ACCOUNT_ID = "accountId";
    /** Named as on a customer's state: the id of the recovery case that still needs someone. */
    public static final String OPEN_RECOVERY_CASE = CustomerItem.OPEN_RECOVERY_CASE;
    /** Named as on a customer's state: every response key stored for the account's contacts. */
    public static final String RESPONSE_KEYS = CustomerItem.RESPONSE_KEYS;

    private AccountItem() {}

    public static Map<String, AttributeValue> key(String accountId) {
        return Table.key(PREFIX + accountId, CustomerItem.SORT_KEY);
    }
}
