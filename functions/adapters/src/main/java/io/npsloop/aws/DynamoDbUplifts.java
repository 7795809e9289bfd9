package io.npsloop.aws;

import io.npsloop.table.UpliftItem;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Reads and writes the one item of the uplifts last estimated ({@link UpliftItem}). */
public final class DynamoDbUplifts {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbUplifts(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** The stored estimates, or empty before the schedule first ran. */
    public Optional<UpliftItem.Stored> read() {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(UpliftItem.key())).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(UpliftItem.stored(item));
    }

    /** Replaces the stored estimates: one writer, the schedule, so the last write is the current one. */
    public void write(UpliftItem.Stored stored) {
        dynamoDb.putItem(r -> r.tableName(tableName).item(UpliftItem.item(stored)));
    }
}
