package io.npsloop.ingest.quarantine;

import io.npsloop.table.QuarantineItem;
import io.npsloop.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Quarantined requests in the product's table, one partition per UTC day, expiring after the retention. */
public final class DynamoDbQuarantine {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;

    public DynamoDbQuarantine(DynamoDbClient dynamoDb, String tableName, Duration retention) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    public void hold(QuarantinedRequest request) {
        var item = new HashMap<>(key(request.id()));
        item.put(Table.TYPE, s(QuarantineItem.TYPE_NAME));
        item.put("receivedAt", s(request.receivedAt().toString()));
        item.put("source", s(request.source()));
        if (request.path() != null) {
            item.put("path", s(request.path()));
        }
        item.put("status", n(request.status()));
        item.put("outcome", s(request.outcome()));
        item.put("reason", s(request.reason()));
        item.put("headers", AttributeValue.fromM(toAttributes(request.headers())));
        item.put(QuarantineItem.BODY, s(request.body()));
        item.put("base64", AttributeValue.fromBool(request.base64()));
        item.put("replayable", AttributeValue.fromBool(request.replayable()));
        item.put(Table.EXPIRES_AT, n(request.receivedAt().plus(retention).getEpochSecond()));
        dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    public Optional<QuarantinedRequest> find(String id) {
        if (!isId(id)) {
            return Optional.empty();
        }
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(key(id)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The day's quarantined requests, oldest first. */
    public List<QuarantinedRequest> list(LocalDate day, int limit) {
        return list(day, limit, null);
    }

    /**
     * The day's quarantined requests of one outcome (all if null), oldest first: ignored events may
     * be many, and must not hide the day's rejected requests behind the limit.
     */
    public List<QuarantinedRequest> list(LocalDate day, int limit, String outcome) {
        var found = new ArrayList<QuarantinedRequest>();
        var values = new HashMap<String, AttributeValue>();
        values.put(":pk", s(QuarantineItem.partitionKey(day)));
        if (outcome != null) {
            values.put(":outcome", s(outcome));
        }
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression(Table.PK + " = :pk")
                    .filterExpression(outcome == null ? null : "outcome = :outcome")
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(start)
                    .limit(Math.min(limit, 100))
                    .build());
            page.items().forEach(item -> found.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && found.size() < limit);
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    public void recordReplay(String id, int status, Instant at) {
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(id))
                .updateExpression("SET lastReplayStatus = :status, lastReplayAt = :at")
                .expressionAttributeValues(Map.of(":status", n(status), ":at", s(at.toString())))
                .build());
    }

    static boolean isId(String id) {
        return id != null && id.matches("[0-9]{13}-[0-9a-f]{12}");
    }

    private static Map<String, AttributeValue> key(String id) {
        var millis = Long.parseLong(id.substring(0, id.indexOf('-')));
        var day = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
        return QuarantineItem.key(day, id);
    }

    private static QuarantinedRequest fromItem(Map<String, AttributeValue> item) {
        var headers = new HashMap<String, String>();
        item.get("headers").m().forEach((name, value) -> headers.put(name, value.s()));
        var lastStatus = item.get("lastReplayStatus");
        var lastAt = item.get("lastReplayAt");
        return new QuarantinedRequest(QuarantineItem.id(item), Instant.parse(item.get("receivedAt").s()),
                item.get("source").s(), item.containsKey("path") ? item.get("path").s() : null, Integer.parseInt(item.get("status").n()), item.get("outcome").s(), item.get("reason").s(),
                headers, item.get(QuarantineItem.BODY).s(), item.get("base64").bool(), item.get("replayable").bool(),
                lastStatus == null ? 0 : Integer.parseInt(lastStatus.n()), lastAt == null ? null : Instant.parse(lastAt.s()));
    }

    private static Map<String, AttributeValue> toAttributes(Map<String, String> headers) {
        var attributes = new HashMap<String, AttributeValue>();
        headers.forEach((name, value) -> attributes.put(name, s(value)));
        return attributes;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
