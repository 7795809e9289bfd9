package io.npsloop.cases;

import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.table.ReferralLinkItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A referral link's one use and the posts counted against it and against a client address
 * ({@link ReferralLinkItem}): each a conditional write, so concurrent posts agree.
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

    /**
     * The write that takes the link's one use, holding the people posted: made in the same
     * transaction that puts them on the case ({@link DynamoDbCases#record}), so a use is never taken
     * with nothing kept. Refused if someone took the use first.
     */
    public Put claim(ResponseKey key, Instant now, List<Referral> people) {
        var item = new HashMap<>(ReferralLinkItem.used(key));
        item.put(Table.TYPE, AttributeValue.fromS(ReferralLinkItem.TYPE_NAME));
        item.put(ReferralLinkItem.USED_AT, AttributeValue.fromS(now.toString()));
        item.put(ReferralLinkItem.PEOPLE, AttributeValue.fromL(people.stream().map(p -> {
            var person = new HashMap<String, AttributeValue>();
            person.put("name", AttributeValue.fromS(p.name()));
            person.put("contact", AttributeValue.fromS(p.contact()));
            if (p.note() != null) {
                person.put("note", AttributeValue.fromS(p.note()));
            }
            return AttributeValue.fromM(person);
        }).toList()));
        return Put.builder().tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(#usedAt)").expressionAttributeNames(Map.of("#usedAt", ReferralLinkItem.USED_AT))
                .build();
    }

    /** A use taken whose people are not all leads yet: when it was taken, and the people. */
    public record Pending(Instant usedAt, List<Referral> people) {}

    /** The use's people still to become leads, if the one that took it stopped before they all did. */
    public Optional<Pending> pending(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(ReferralLinkItem.used(key)).consistentRead(true)
                .build()).item();
        if (item == null || !item.containsKey(ReferralLinkItem.PEOPLE)) {
            return Optional.empty();
        }
        var people = item.get(ReferralLinkItem.PEOPLE).l().stream().map(AttributeValue::m)
                .map(p -> new Referral(Table.str(p, "name"), Table.str(p, "contact"), Table.str(p, "note"))).toList();
        return Optional.of(new Pending(Instant.parse(Table.str(item, ReferralLinkItem.USED_AT)), people));
    }

    /** The use's people are all leads: the link's item stops holding them. */
    public void completed(ResponseKey key, Instant now) {
        dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(ReferralLinkItem.used(key))
                .updateExpression("REMOVE #people SET #completedAt = if_not_exists(#completedAt, :now)")
                .conditionExpression("attribute_exists(#usedAt)")
                .expressionAttributeNames(Map.of("#people", ReferralLinkItem.PEOPLE, "#completedAt", ReferralLinkItem.COMPLETED_AT,
                        "#usedAt", ReferralLinkItem.USED_AT))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString())))
                .build());
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
