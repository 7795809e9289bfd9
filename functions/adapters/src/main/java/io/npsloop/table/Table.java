package io.npsloop.table;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one table every item lives in: its key attributes, its TTL attribute and its index.
 * template.yaml declares the same, and the local stack's tests check the local table against this.
 * Each kind of item, told apart by its key prefix, has a class of its own in this package.
 */
public final class Table {

    public static final String PK = "pk";
    public static final String SK = "sk";
    /** On every item the product writes: which kind it is, for scans and stream filters. */
    public static final String TYPE = "type";
    /** Epoch seconds after which DynamoDB's TTL deletes the item. */
    public static final String EXPIRES_AT = "expiresAt";

    /** Cases that still need someone, by action, soonest due first. */
    public static final String OPEN_CASES_INDEX = "OpenCasesByDue";
    /** Present, holding the action, only while a case needs someone. */
    public static final String OPEN_CASES_PARTITION_KEY = "openCase";
    public static final String OPEN_CASES_SORT_KEY = "followUpDueAt";
    /**
     * The same open cases by owner ({@code unassigned}, {@code person:<email>}, {@code team:<name>}),
     * by value tier and by source: sparse like the first, so the desk's filters read only what they list.
     */
    public static final String OPEN_CASES_BY_OWNER_INDEX = "OpenCasesByOwner";
    public static final String OPEN_CASES_BY_TIER_INDEX = "OpenCasesByTier";
    public static final String OPEN_CASES_BY_SOURCE_INDEX = "OpenCasesBySource";
    public static final String OPEN_OWNER = "openOwner";
    public static final String OPEN_TIER = "openTier";
    public static final String OPEN_SOURCE = "openSource";
    /** Responses by account, latest first: the desk shows an account's contacts and NPS without a scan. Sparse: only responses have both keys. */
    public static final String RESPONSES_BY_ACCOUNT_INDEX = "ResponsesByAccount";
    public static final String ACCOUNT_ID = "accountId";
    public static final String SUBMITTED_AT = "submittedAt";
    /** Every index projects whole items: a case listed is a case read. */
    public static final String INDEX_PROJECTION = "ALL";
    /** Every index, with its partition and sort key attributes. */
    public static final Map<String, List<String>> INDEXES = Map.of(
            OPEN_CASES_INDEX, List.of(OPEN_CASES_PARTITION_KEY, OPEN_CASES_SORT_KEY),
            OPEN_CASES_BY_OWNER_INDEX, List.of(OPEN_OWNER, OPEN_CASES_SORT_KEY),
            OPEN_CASES_BY_TIER_INDEX, List.of(OPEN_TIER, OPEN_CASES_SORT_KEY),
            OPEN_CASES_BY_SOURCE_INDEX, List.of(OPEN_SOURCE, OPEN_CASES_SORT_KEY),
            RESPONSES_BY_ACCOUNT_INDEX, List.of(ACCOUNT_ID, SUBMITTED_AT));

    /** No item is ever written under this key: priming reads it and finds nothing, whatever the table holds. */
    public static final Map<String, AttributeValue> ABSENT_KEY = key("PRIMING#absent", "PRIMING");

    private Table() {}

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    /** The string attribute {@code name} of an item, or null. */
    public static String str(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null ? null : value.s();
    }

    /** The partition key of an item or key, or null. */
    public static String pk(Map<String, AttributeValue> item) {
        return str(item, PK);
    }
}
