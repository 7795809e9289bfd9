package io.npsloop.cases;

import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.table.ReferralLinkItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A referral link's one use and the posts counted against it and against a client address
 * ({@link ReferralLinkItem}): each a single conditional write, so concurrent posts agree.
 */
public final class DynamoDbReferralLinks {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbReferralLinks(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** Whether the link's people were received already. */
    public boolean used(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(ReferralLinkItem.used(key)).consistentRead(true)
                .build()).item();
        return item != null && item.containsKey(ReferralLinkItem.USED_AT);
    }

    /** Takes the link's one use; false if someone took it first. */
    public boolean claim(ResponseKey key, Instant now) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ReferralLinkItem.used(key))
                    .updateExpression("SET #usedAt = :now, #type = :type")
                    .conditionExpression("attribute_not_exists(#usedAt)")
                    .expressionAttributeNames(Map.of("#usedAt", ReferralLinkItem.USED_AT, "#type", Table.TYPE))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()),
                            ":type", AttributeValue.fromS(ReferralLinkItem.TYPE_NAME)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** Gives back a use taken at {@code at} that stored nothing (the case could not take the people). */
    public void release(ResponseKey key, Instant at) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ReferralLinkItem.used(key))
                    .updateExpression("REMOVE #usedAt")
                    .conditionExpression("#usedAt = :at")
                    .expressionAttributeNames(Map.of("#usedAt", ReferralLinkItem.USED_AT))
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString())))
                    .build());
        } catch (ConditionalCheckFailedException other) {
            // Not the use this call took: leave it.
        }
    }

    /** Counts one post in a window item; false, counting nothing, once it holds {@code limit}. */
    public boolean count(Map<String, AttributeValue> window, int limit, Instant now) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(window)
                    .updateExpression("ADD #posts :one SET #type = :type, #expiresAt = if_not_exists(#expiresAt, :expiresAt)")
                    .conditionExpression("attribute_not_exists(#posts) OR #posts < :limit")
                    .expressionAttributeNames(Map.of("#posts", ReferralLinkItem.COUNT, "#type", Table.TYPE, "#expiresAt", Table.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":type", AttributeValue.fromS(ReferralLinkItem.TYPE_NAME),
                            ":expiresAt", AttributeValue.fromN(Long.toString(now.getEpochSecond() + ReferralLinkItem.WINDOW_TTL_SECONDS))))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }
}
