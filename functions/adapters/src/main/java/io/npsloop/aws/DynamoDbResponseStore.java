package io.npsloop.aws;

import static io.npsloop.aws.ResponseItems.n;
import static io.npsloop.aws.ResponseItems.s;

import io.npsloop.domain.Category;
import io.npsloop.domain.ResponseRecord;
import io.npsloop.domain.ResponseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Stores a response, its pending follow-up and the respondent's state in one transaction,
 * conditional on the response not being stored yet: a retry or a concurrent duplicate changes
 * nothing, and no state is counted twice.
 */
public final class DynamoDbResponseStore implements ResponseStore {

    /** Two new responses from one customer at once conflict on the customer's state; the loser retries. */
    private static final int CONFLICT_ATTEMPTS = 4;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;

    public DynamoDbResponseStore(DynamoDbClient dynamoDb, String tableName, Duration retention) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public StoreOutcome store(ResponseRecord record) {
        var request = request(record);
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(request);
                return new Stored();
            } catch (TransactionCanceledException e) {
                var reasons = e.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return alreadyStored(reasons.get(0));
                }
                if (attempt >= CONFLICT_ATTEMPTS || !isConflict(reasons)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private TransactWriteItemsRequest request(ResponseRecord record) {
        var writes = new ArrayList<TransactWriteItem>(2);
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(tableName)
                        .item(ResponseItems.toItem(record, retention))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build());
        var customerId = record.response().respondent().id();
        if (customerId != null) {
            writes.add(TransactWriteItem.builder().update(respondentState(record, customerId)).build());
        }
        return TransactWriteItemsRequest.builder().transactItems(writes).build();
    }

    /** Latest answer by arrival, counts per category, first and last seen. */
    private Update respondentState(ResponseRecord record, String customerId) {
        var category = record.category();
        var counter = switch (category) {
            case PROMOTER -> "promoters";
            case PASSIVE -> "passives";
            case DETRACTOR -> "detractors";
        };
        var seenAt = s(record.receivedAt().toString());
        return Update.builder()
                .tableName(tableName)
                .key(ResponseItems.customerKey(customerId))
                .updateExpression("SET #type = :type, customerId = :customerId, lastScore = :score,"
                        + " lastCategory = :category, lastResponseId = :responseId, lastSeenAt = :seenAt,"
                        + " firstSeenAt = if_not_exists(firstSeenAt, :seenAt)"
                        + " ADD responses :one, " + counter + " :one")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(
                        ":type", s("respondent"),
                        ":customerId", s(customerId),
                        ":score", n(Integer.toString(record.response().score().value())),
                        ":category", s(category.wireName()),
                        ":responseId", s(record.key().value()),
                        ":seenAt", seenAt,
                        ":one", n("1")))
                .build();
    }

    private static AlreadyStored alreadyStored(CancellationReason reason) {
        var old = reason.item();
        if (old == null || old.isEmpty()) {
            throw new IllegalStateException("conditional check failed without the stored item");
        }
        return new AlreadyStored(
                Category.fromWireName(ResponseItems.str(old, ResponseItems.CATEGORY)),
                ResponseItems.str(old, ResponseItems.FOLLOW_UP_ACTION),
                ResponseItems.str(old, ResponseItems.FOLLOW_UP_STATUS));
    }

    private static boolean isConflict(java.util.List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep((long) (20 * attempt * (0.5 + Math.random())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting write", e);
        }
    }
}
