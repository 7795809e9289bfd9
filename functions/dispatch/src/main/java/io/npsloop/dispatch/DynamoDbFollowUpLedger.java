package io.npsloop.dispatch;

import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.domain.ports.FollowUpLedger;
import io.npsloop.table.ClaimItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The follow-up's and the escalation's status live on the response item; each publish attempt
 * first claims one on a claim item beside it (no other attempt's lease running), counting the
 * attempt; marking it sent is conditional on it being pending.
 */
public final class DynamoDbFollowUpLedger implements FollowUpLedger {

    static final String ESCALATION_STATUS = ResponseItem.ESCALATION_STATUS;
    static final String CLAIMED_UNTIL = ClaimItem.CLAIMED_UNTIL;
    static final String ATTEMPTS = ClaimItem.ATTEMPTS;
    static final String FOLLOW_UP_CLAIM = ClaimItem.FOLLOW_UP;
    static final String ESCALATION_CLAIM = ClaimItem.ESCALATION;
    /** Claims expire through the table's TTL; an attempt count matters for minutes, not days. */
    static final Duration CLAIM_RETENTION = Duration.ofDays(2);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration lease;
    private final Clock clock;

    public DynamoDbFollowUpLedger(DynamoDbClient dynamoDb, String tableName, Duration lease, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The claim lives on an item of its own ({@code CLAIM#<source>#<responseId>}), so taking it does
     * not change the response item and start another stream record. One conditional write takes it
     * when no other attempt's lease runs; the response is then read again, so an attempt that waited
     * for a lease finds a follow-up sent meanwhile. If another attempt's lease runs (a concurrent
     * dispatcher, or one that died moments ago), waits it out once and tries again, so two live
     * attempts never publish the same follow-up and a dead one never strands it.
     */
    @Override
    public Optional<Claim> claim(ResponseKey key) {
        return claim(key, ResponseItem.FOLLOW_UP_STATUS, FOLLOW_UP_CLAIM)
                .map(held -> new Claim(ResponseItem.fromItem(held.item()), held.attempt()));
    }

    @Override
    public void release(ResponseKey key) {
        release(key, FOLLOW_UP_CLAIM);
    }

    @Override
    public Optional<EscalationClaim> claimEscalation(ResponseKey key) {
        return claim(key, ESCALATION_STATUS, ESCALATION_CLAIM).map(held -> new EscalationClaim(
                new PendingEscalation(ResponseItem.fromItem(held.item()), Table.str(held.item(), ResponseItem.CASE_STATUS)),
                held.attempt()));
    }

    @Override
    public void releaseEscalation(ResponseKey key) {
        release(key, ESCALATION_CLAIM);
    }

    private record Held(Map<String, AttributeValue> item, int attempt) {}

    private Optional<Held> claim(ResponseKey key, String statusAttribute, String claimSort) {
        if (!isPending(current(key), statusAttribute)) {
            return Optional.empty(); // the usual redelivery: no write at all
        }
        for (int round = 0; ; round++) {
            var now = clock.millis();
            Map<String, AttributeValue> claim;
            try {
                claim = dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(tableName)
                        .key(claimKey(key, claimSort))
                        .conditionExpression("attribute_not_exists(#until) OR #until < :now")
                        .updateExpression("SET #until = :until, #expires = :expires ADD #attempts :one")
                        .expressionAttributeNames(Map.of(
                                "#until", CLAIMED_UNTIL, "#attempts", ATTEMPTS, "#expires", Table.EXPIRES_AT))
                        .expressionAttributeValues(Map.of(
                                ":now", AttributeValue.fromN(Long.toString(now)),
                                ":until", AttributeValue.fromN(Long.toString(now + lease.toMillis())),
                                ":expires", AttributeValue.fromN(Long.toString(now / 1000 + CLAIM_RETENTION.toSeconds())),
                                ":one", AttributeValue.fromN("1")))
                        .returnValues(ReturnValue.ALL_NEW)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).attributes();
            } catch (ConditionalCheckFailedException e) {
                if (round > 0) {
                    throw new IllegalStateException(claimSort.toLowerCase(java.util.Locale.ROOT) + " " + key.value()
                            + " is held by another attempt");
                }
                var held = e.hasItem() && e.item().containsKey(CLAIMED_UNTIL)
                        ? Long.parseLong(e.item().get(CLAIMED_UNTIL).n()) : now + lease.toMillis();
                pause(held - now + 1);
                continue;
            }
            var current = current(key);
            try {
                if (!isPending(current, statusAttribute)) {
                    release(key, claimSort);
                    return Optional.empty();
                }
                // Read here, so an item that cannot be read fails while the claim is still released below.
                ResponseItem.fromItem(current);
                return Optional.of(new Held(current, Integer.parseInt(claim.get(ATTEMPTS).n())));
            } catch (RuntimeException unreadable) {
                release(key, claimSort);
                throw unreadable;
            }
        }
    }

    private void release(ResponseKey key, String claimSort) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(claimKey(key, claimSort))
                    .conditionExpression("attribute_exists(#until)")
                    .updateExpression("REMOVE #until")
                    .expressionAttributeNames(Map.of("#until", CLAIMED_UNTIL))
                    .build());
        } catch (ConditionalCheckFailedException alreadyReleased) {
            // nothing held
        }
    }

    /** One claim item per response and kind of message: the follow-up and its escalation are claimed apart. */
    private static Map<String, AttributeValue> claimKey(ResponseKey key, String claimSort) {
        return ClaimItem.key(key, claimSort);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while another attempt held the follow-up", e);
        }
    }

    @Override
    public Optional<ResponseRecord> pending(ResponseKey key) {
        var item = current(key);
        return isPending(item, ResponseItem.FOLLOW_UP_STATUS) ? Optional.of(ResponseItem.fromItem(item)) : Optional.empty();
    }

    @Override
    public boolean markSent(ResponseKey key, String messageId, Instant sentAt) {
        return markSent(key, ResponseItem.FOLLOW_UP_STATUS, "followUp", messageId, sentAt);
    }

    @Override
    public Optional<PendingEscalation> pendingEscalation(ResponseKey key) {
        var item = current(key);
        return isPending(item, ESCALATION_STATUS)
                ? Optional.of(new PendingEscalation(ResponseItem.fromItem(item), Table.str(item, ResponseItem.CASE_STATUS)))
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
                        .key(ResponseItem.key(key))
                        .consistentRead(true)
                        .build())
                .item();
        return item == null ? Map.of() : item;
    }

    /** Both statuses are pending and then sent in the same words. */
    private static boolean isPending(Map<String, AttributeValue> item, String statusAttribute) {
        return pending(statusAttribute).equals(Table.str(item, statusAttribute));
    }

    private static String pending(String statusAttribute) {
        return statusAttribute.equals(ESCALATION_STATUS) ? EscalationStatus.PENDING.wireName() : FollowUpStatus.PENDING.wireName();
    }

    private static String sent(String statusAttribute) {
        return statusAttribute.equals(ESCALATION_STATUS) ? EscalationStatus.SENT.wireName() : FollowUpStatus.SENT.wireName();
    }

    /** Moves {@code statusAttribute} from pending to sent, recording when and the message id under {@code prefix}. */
    private boolean markSent(ResponseKey key, String statusAttribute, String prefix, String messageId, Instant sentAt) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(ResponseItem.key(key))
                    .conditionExpression("#status = :pending")
                    .updateExpression("SET #status = :sent, #sentAt = :sentAt, #messageId = :messageId")
                    .expressionAttributeNames(Map.of(
                            "#status", statusAttribute, "#sentAt", prefix + "SentAt", "#messageId", prefix + "MessageId"))
                    .expressionAttributeValues(Map.of(
                            ":pending", AttributeValue.fromS(pending(statusAttribute)),
                            ":sent", AttributeValue.fromS(sent(statusAttribute)),
                            ":sentAt", AttributeValue.fromS(sentAt.toString()),
                            ":messageId", AttributeValue.fromS(messageId)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
