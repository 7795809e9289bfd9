package io.npsloop.chat;

import io.npsloop.table.ChatDigestItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Follow-ups kept between digests, in the table rather than in a container's memory: one item per
 * follow-up and destination, written once (a redelivered message changes nothing), expiring
 * through TTL; and each destination's last digest time.
 */
public final class DynamoDbChatDigests {

    /** A follow-up kept for a destination; links as the message carried them. */
    public record Kept(String followUpId, String action, String valueTier, Instant dueAt, Instant keptAt,
                       Map<String, String> links, Instant linksExpireAt) {}

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;

    public DynamoDbChatDigests(DynamoDbClient dynamoDb, String tableName, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
    }

    public void keep(ChatRoutes.Route route, FollowUpMessage message) {
        var now = clock.instant();
        var item = new HashMap<>(ChatDigestItem.followUp(route.parameter(), message.followUpId(), message.action()));
        item.put(Table.TYPE, AttributeValue.fromS(ChatDigestItem.TYPE));
        item.put(ChatDigestItem.FOLLOW_UP_ID, AttributeValue.fromS(message.followUpId()));
        item.put(ChatDigestItem.ACTION, AttributeValue.fromS(message.action()));
        item.put(ChatDigestItem.VALUE_TIER, AttributeValue.fromS(ChatText.tier(message)));
        if (message.dueAt() != null) {
            item.put(ChatDigestItem.DUE_AT, AttributeValue.fromS(message.dueAt().toString()));
        }
        item.put(ChatDigestItem.KEPT_AT, AttributeValue.fromS(now.toString()));
        if (!message.links().isEmpty()) {
            var links = new HashMap<String, AttributeValue>();
            message.links().forEach((step, url) -> links.put(step, AttributeValue.fromS(url)));
            item.put("links", AttributeValue.fromM(links));
            item.put("linkOrder", AttributeValue.fromL(message.links().keySet().stream().map(AttributeValue::fromS).toList()));
            if (message.linksExpireAt() != null) {
                item.put("linksExpireAt", AttributeValue.fromS(message.linksExpireAt().toString()));
            }
        }
        item.put(Table.EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(ChatDigestItem.RETENTION).getEpochSecond())));
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")").build());
        } catch (ConditionalCheckFailedException already) {
            // a redelivery: kept the first time
        }
    }

    /** Every follow-up still kept for the destination, whatever its age (TTL may lag: callers bound by time). */
    public List<Kept> kept(String parameter) {
        var kept = new ArrayList<Kept>();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", Table.PK, "#sk", Table.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(ChatDigestItem.partitionKey(parameter)),
                            ":prefix", AttributeValue.fromS(ChatDigestItem.FOLLOW_UP_PREFIX)))
                    .exclusiveStartKey(start)
                    .build());
            page.items().forEach(item -> kept.add(read(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return kept;
    }

    public Optional<Instant> lastDigestAt(String parameter) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName)
                .key(ChatDigestItem.digest(parameter)).consistentRead(true).build()).item();
        var at = item == null ? null : Table.str(item, ChatDigestItem.LAST_DIGEST_AT);
        return Optional.ofNullable(at).map(Instant::parse);
    }

    public void markDigested(String parameter, Instant at) {
        var item = new HashMap<>(ChatDigestItem.digest(parameter));
        item.put(Table.TYPE, AttributeValue.fromS(ChatDigestItem.TYPE));
        item.put(ChatDigestItem.LAST_DIGEST_AT, AttributeValue.fromS(at.toString()));
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    private static Kept read(Map<String, AttributeValue> item) {
        var links = new LinkedHashMap<String, String>();
        if (item.containsKey("linkOrder") && item.containsKey("links")) {
            var map = item.get("links").m();
            item.get("linkOrder").l().forEach(step -> {
                if (map.containsKey(step.s())) {
                    links.put(step.s(), map.get(step.s()).s());
                }
            });
        }
        var due = Table.str(item, ChatDigestItem.DUE_AT);
        var expires = Table.str(item, "linksExpireAt");
        return new Kept(Table.str(item, ChatDigestItem.FOLLOW_UP_ID), Table.str(item, ChatDigestItem.ACTION),
                Table.str(item, ChatDigestItem.VALUE_TIER), due == null ? null : Instant.parse(due),
                Instant.parse(Table.str(item, ChatDigestItem.KEPT_AT)), links, expires == null ? null : Instant.parse(expires));
    }
}
