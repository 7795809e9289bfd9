package io.npsloop.aws;

import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Whether a customer was erased: their tombstone is in the table and not past its time. */
public final class ErasedCustomers {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;

    public ErasedCustomers(DynamoDbClient dynamoDb, String tableName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** An eventually consistent read: erasures are hours or days older than the retries they stop. */
    public boolean erased(String customerId) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(TombstoneItem.key(customerId))).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        // TTL deletes late: a tombstone past its time no longer stops anyone.
        var expiresAt = item.get(Table.EXPIRES_AT);
        return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
    }
}
