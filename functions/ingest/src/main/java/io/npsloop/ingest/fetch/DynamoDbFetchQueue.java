package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.FetchStatus;
import io.npsloop.ingest.sources.ResponseNotice;
import io.npsloop.table.FetchItem;
import io.npsloop.table.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Pending fetches in the product's table, one item per response ({@code FETCH#<source>#<responseId>}).
 * Its {@code fetchStatus} moves {@code pending} → {@code fetching} → {@code done}, back to
 * {@code pending} to try again, or to {@code quarantined}. The table's stream delivers every item
 * that becomes {@code pending} to the fetch function, so writing it is what schedules a try.
 */
public final class DynamoDbFetchQueue implements FetchQueue {

    static final String STATUS = FetchItem.STATUS;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Duration lease;

    /** @param lease how long a try may hold an item; one held longer died, and a new notice of it starts afresh */
    public DynamoDbFetchQueue(DynamoDbClient dynamoDb, String tableName, Duration retention, Duration lease) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    public static String partitionKey(ResponseNotice notice) {
        return FetchItem.partitionKey(notice.source(), notice.responseId());
    }

    /** Whether a stream record's partition key names a pending fetch. */
    public static boolean isFetchKey(String pk) {
        return FetchItem.isFetchKey(pk);
    }

    @Override
    public Enqueued enqueue(PendingFetch fetch) {
        var notice = fetch.notice();
        var item = new HashMap<String, AttributeValue>(key(partitionKey(notice)));
        item.put(Table.TYPE, s(FetchItem.TYPE_NAME));
        item.put(STATUS, s(FetchStatus.PENDING));
        item.put("source", s(notice.source()));
        item.put("surveyId", s(notice.surveyId()));
        item.put("responseId", s(notice.responseId()));
        if (notice.eventId() != null) {
            item.put("eventId", s(notice.eventId()));
        }
        if (notice.eventAt() != null) {
            item.put("eventAt", s(notice.eventAt().toString()));
        }
        item.put("receivedAt", s(fetch.receivedAt().toString()));
        item.put("body", s(fetch.body()));
        var headers = new HashMap<String, AttributeValue>();
        fetch.headers().forEach((name, value) -> headers.put(name, s(value)));
        item.put("headers", AttributeValue.fromM(headers));
        item.put("attempts", n(0));
        item.put(Table.EXPIRES_AT, n(fetch.receivedAt().plus(retention).getEpochSecond()));
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(" + Table.PK + ") OR #status = :quarantined"
                            + " OR (#status = :fetching AND claimedAt < :expired)")
                    .expressionAttributeNames(Map.of("#status", STATUS))
                    .expressionAttributeValues(Map.of(":quarantined", s(FetchStatus.QUARANTINED),
                            ":fetching", s(FetchStatus.FETCHING), ":expired", s(fetch.receivedAt().minus(lease).toString())))
                    .build());
            return new Queued();
        } catch (ConditionalCheckFailedException e) {
            return new AlreadyQueued(find(partitionKey(notice)).map(PendingFetch::status).orElse(FetchStatus.PENDING));
        }
    }

    public Optional<PendingFetch> find(String pk) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(key(pk)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        var headers = new HashMap<String, String>();
        item.get("headers").m().forEach((name, value) -> headers.put(name, value.s()));
        var notice = new ResponseNotice(item.get("source").s(), item.get("surveyId").s(), item.get("responseId").s(),
                text(item, "eventId"), Optional.ofNullable(text(item, "eventAt")).map(Instant::parse).orElse(null));
        return Optional.of(new PendingFetch(notice, item.get("body").s(), headers, Instant.parse(item.get("receivedAt").s()),
                Integer.parseInt(item.get("attempts").n()), FetchStatus.fromWireName(item.get(STATUS).s()), text(item, "lastError")));
    }

    /**
     * Takes the item for one try: only if it is pending, or held by a try that died (its lease ran
     * out). False if someone else has it or it is finished.
     */
    public boolean claim(String pk, Instant now, Duration lease) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(pk))
                    .updateExpression("SET #status = :fetching, claimedAt = :now, attempts = attempts + :one")
                    .conditionExpression("#status = :pending OR (#status = :fetching AND claimedAt < :expired)")
                    .expressionAttributeNames(Map.of("#status", STATUS))
                    .expressionAttributeValues(Map.of(
                            ":fetching", s(FetchStatus.FETCHING), ":pending", s(FetchStatus.PENDING),
                            ":now", s(now.toString()), ":expired", s(now.minus(lease).toString()), ":one", n(1)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void done(String pk, String outcome, Instant now) {
        finish(pk, FetchStatus.DONE, "fetchOutcome", outcome, now);
    }

    /** Done, for an erased customer: the raw notice and its headers are blanked, the ids and status stay. */
    public void erased(String pk, Instant now) {
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(pk))
                .updateExpression("SET #status = :status, fetchOutcome = :erased, updatedAt = :now, #body = :empty, #headers = :none"
                        + " REMOVE claimedAt")
                .conditionExpression("#status = :fetching")
                .expressionAttributeNames(Map.of("#status", STATUS, "#body", "body", "#headers", "headers"))
                .expressionAttributeValues(Map.of(":status", s(FetchStatus.DONE), ":erased", s("erased"), ":now", s(now.toString()),
                        ":empty", s(""), ":none", AttributeValue.fromM(Map.of()), ":fetching", s(FetchStatus.FETCHING)))
                .build());
    }

    public void quarantined(String pk, String reason, Instant now) {
        finish(pk, FetchStatus.QUARANTINED, "lastError", reason, now);
    }

    /** Back to pending: the stream delivers the change, which is the next try. */
    public void retryLater(String pk, String reason, Instant now) {
        finish(pk, FetchStatus.PENDING, "lastError", reason, now);
    }

    private void finish(String pk, FetchStatus status, String field, String value, Instant now) {
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(pk))
                .updateExpression("SET #status = :status, #field = :value, updatedAt = :now REMOVE claimedAt")
                .conditionExpression("#status = :fetching")
                .expressionAttributeNames(Map.of("#status", STATUS, "#field", field))
                .expressionAttributeValues(Map.of(":status", s(status), ":value", s(value), ":now", s(now.toString()),
                        ":fetching", s(FetchStatus.FETCHING)))
                .build());
    }

    private static Map<String, AttributeValue> key(String pk) {
        return FetchItem.key(pk);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue s(FetchStatus status) {
        return s(status.wireName());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
