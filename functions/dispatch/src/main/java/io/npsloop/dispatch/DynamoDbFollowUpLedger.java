package io.npsloop.dispatch;


import io.npsloop.aws.ResponseItems;
import io.npsloop.domain.FollowUpLedger;
import io.npsloop.domain.ResponseKey;
import io.npsloop.domain.ResponseRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The follow-up's status lives on the response item; marking it sent is conditional on it being pending. */
public final class DynamoDbFollowUpLedger implements FollowUpLedger {

    static final String ESCALATION_STATUS = ResponseItems.ESCALATION_STATUS;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbFollowUpLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<ResponseRecord> pending(ResponseKey key) {
        var item = current(key);
        return isPending(item, ResponseItems.FOLLOW_UP_STATUS) ? Optional.of(ResponseItems.fromItem(item)) : Optional.empty();
    }

    @Override
    public boolean markSent(ResponseKey key, String messageId, Instant sentAt) {
        return markSent(key, ResponseItems.FOLLOW_UP_STATUS, "followUp", messageId, sentAt);
    }

    @Override
    public Optional<PendingEscalation> pendingEscalation(ResponseKey key) {
        var item = current(key);
        return isPending(item, ESCALATION_STATUS)
                ? Optional.of(new PendingEscalation(ResponseItems.fromItem(item), ResponseItems.str(item, ResponseItems.CASE_STATUS)))
                : Optional.empty();
    }

    @Override
    public boolean markEscalationSent(ResponseKey key, String messageId, Instant sentAt) {
        return markSent(key, ESCALATION_STATUS, "escalation", messageId, sentAt);
    }

    /** Read fresh: a stream record may be a redelivery, or older than a change made since. */
    private Map<String, AttributeValue> current(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(tableName)
                        .key(ResponseItems.key(key))
                        .consistentRead(true)
                        .build())
                .item();
        return item == null ? Map.of() : item;
    }

    private static boolean isPending(Map<String, AttributeValue> item, String statusAttribute) {
        return ResponseItems.PENDING.equals(ResponseItems.str(item, statusAttribute));
    }

    /** Moves {@code statusAttribute} from pending to sent, recording when and the message id under {@code prefix}. */
    private boolean markSent(ResponseKey key, String statusAttribute, String prefix, String messageId, Instant sentAt) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(ResponseItems.key(key))
                    .conditionExpression("#status = :pending")
                    .updateExpression("SET #status = :sent, #sentAt = :sentAt, #messageId = :messageId")
                    .expressionAttributeNames(Map.of(
                            "#status", statusAttribute, "#sentAt", prefix + "SentAt", "#messageId", prefix + "MessageId"))
                    .expressionAttributeValues(Map.of(
                            ":pending", AttributeValue.fromS(ResponseItems.PENDING),
                            ":sent", AttributeValue.fromS(ResponseItems.SENT),
                            ":sentAt", AttributeValue.fromS(sentAt.toString()),
                            ":messageId", AttributeValue.fromS(messageId)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
