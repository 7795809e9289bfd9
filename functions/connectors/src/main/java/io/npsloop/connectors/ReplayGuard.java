package io.npsloop.connectors;

import io.npsloop.table.SeenSignatureItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Refuses a signed webhook seen before: each accepted signature is stored (one conditional put)
 * until its signed time leaves the replay window, so a captured delivery sent again within the
 * window changes nothing; after it, the window refuses it.
 */
public final class ReplayGuard {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String connector;

    public ReplayGuard(DynamoDbClient dynamoDb, String tableName, String connector) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /** True the first time this signature is seen; false for a replay. */
    public boolean firstSeen(String signature, Instant keepUntil) {
        var item = new HashMap<>(SeenSignatureItem.key(connector, signature));
        item.put(Table.TYPE, AttributeValue.fromS(SeenSignatureItem.TYPE));
        item.put(Table.EXPIRES_AT, AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond())));
        try {
            dynamoDb.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + Table.PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException seen) {
            return false;
        }
    }
}
