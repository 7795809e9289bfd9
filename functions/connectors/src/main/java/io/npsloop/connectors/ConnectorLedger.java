package io.npsloop.connectors;

import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Exactly one record in an outside tool per follow-up, whatever the queue redelivers: a claim is
 * stored (conditionally) before the tool is called and the tool's id after it. A claim is held for
 * a lease, so two deliveries of one message at once never both call the tool; a later attempt
 * whose claim has no id yet may have died after the tool created the record, so it looks the
 * record up by the follow-up's id before creating one ({@link Claim.Taken#attempt()} above 1).
 */
public final class ConnectorLedger {

    /** How long a claim is kept for some after this one; past it, the next attempt may take the claim. */
    public static final Duration KEPT = Duration.ofDays(30);

    public sealed interface Claim {
        /** This attempt may call the tool; {@code attempt} counts every claim taken, this one included. */
        record Taken(int attempt) implements Claim {}

        /** Already created: nothing to do. */
        record Done(String externalId) implements Claim {}

        /** Another attempt holds the claim for {@code remaining}: try again after it. */
        record Held(Duration remaining) implements Claim {}
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final String connector;
    private final Duration lease;
    private final Duration recordKept;
    private final Clock clock;

    /** A ledger whose created records are kept as long as claims ({@link #KEPT}): for a connector that reads them back only. */
    public ConnectorLedger(DynamoDbClient dynamoDb, String tableName, String connector, Duration lease, Clock clock) {
        this(dynamoDb, tableName, connector, lease, KEPT, clock);
    }

    /**
     * @param recordKept how long an item is kept once the tool's id is in it: as long as the case, whose view
     *     says where else it is worked (the responses' retention)
     */
    public ConnectorLedger(DynamoDbClient dynamoDb, String tableName, String connector, Duration lease, Duration recordKept, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.recordKept = Objects.requireNonNull(recordKept, "recordKept");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Claim claim(String followUpId) {
        var now = clock.instant();
        try {
            var item = dynamoDb.updateItem(r -> r.tableName(tableName).key(ConnectorItem.key(connector, followUpId))
                    .conditionExpression("attribute_not_exists(" + Table.PK + ") OR (attribute_not_exists(" + ConnectorItem.EXTERNAL_ID
                            + ") AND " + ConnectorItem.CLAIMED_UNTIL + " <= :now)")
                    .updateExpression("SET " + ConnectorItem.CLAIMED_UNTIL + " = :until, " + ConnectorItem.ATTEMPTS + " = if_not_exists("
                            + ConnectorItem.ATTEMPTS + ", :zero) + :one, #type = :type, " + Table.EXPIRES_AT + " = :expires")
                    .expressionAttributeNames(Map.of("#type", Table.TYPE))
                    .expressionAttributeValues(Map.of(
                            ":now", number(now.toEpochMilli()),
                            ":until", number(now.plus(lease).toEpochMilli()),
                            ":zero", number(0), ":one", number(1),
                            ":type", AttributeValue.fromS(ConnectorItem.TYPE),
                            ":expires", number(now.plus(KEPT).getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new Claim.Taken(Integer.parseInt(item.get(ConnectorItem.ATTEMPTS).n()));
        } catch (ConditionalCheckFailedException taken) {
            var item = dynamoDb.getItem(r -> r.tableName(tableName).key(ConnectorItem.key(connector, followUpId)).consistentRead(true)).item();
            var id = item == null ? null : Table.str(item, ConnectorItem.EXTERNAL_ID);
            if (id != null) {
                return new Claim.Done(id);
            }
            long until = item == null || !item.containsKey(ConnectorItem.CLAIMED_UNTIL)
                    ? now.toEpochMilli() : Long.parseLong(item.get(ConnectorItem.CLAIMED_UNTIL).n());
            return new Claim.Held(Duration.ofMillis(Math.max(1000, until - now.toEpochMilli())));
        }
    }

    /** Stores the tool's id: from now on every delivery of the follow-up finds it done. */
    public void created(String followUpId, String externalId) {
        created(followUpId, externalId, null);
    }

    /**
     * Stores the tool's id, and where a person opens the record when the tool has such an address:
     * the case's view shows both, so the item is kept from now on as long as the case.
     */
    public void created(String followUpId, String externalId, String url) {
        var values = new java.util.HashMap<String, AttributeValue>();
        values.put(":id", AttributeValue.fromS(externalId));
        values.put(":expires", number(clock.instant().plus(recordKept).getEpochSecond()));
        var set = "SET " + ConnectorItem.EXTERNAL_ID + " = :id, " + Table.EXPIRES_AT + " = :expires";
        var names = new java.util.HashMap<String, String>();
        if (url != null) {
            values.put(":url", AttributeValue.fromS(url));
            // URL is one of DynamoDB's reserved words.
            names.put("#url", ConnectorItem.URL);
            set += ", #url = :url";
        }
        var update = set + " REMOVE " + ConnectorItem.CLAIMED_UNTIL;
        dynamoDb.updateItem(r -> r.tableName(tableName).key(ConnectorItem.key(connector, followUpId))
                .updateExpression(update).expressionAttributeValues(values)
                .expressionAttributeNames(names.isEmpty() ? null : names));
    }

    /**
     * Keeps the id of the requester the connector created in the tool for this follow-up, before the
     * record itself is created: erasure reads it from here, as the tool may not find a new person by
     * their email for a while.
     */
    public void requesterCreated(String followUpId, String requesterId) {
        dynamoDb.updateItem(r -> r.tableName(tableName).key(ConnectorItem.key(connector, followUpId))
                .updateExpression("SET " + ConnectorItem.CREATED_REQUESTER_ID + " = :requester")
                .expressionAttributeValues(Map.of(":requester", AttributeValue.fromS(requesterId))));
    }

    /**
     * Stores the way back from the tool's id to the follow-up, for a webhook that names only the
     * tool's record (a HubSpot task). Written before {@link #created}, so every record the ledger
     * calls created can be traced back; kept as long as the record it leads to, so the tool's news of
     * it comes back to the case as long as the case is kept.
     */
    public void link(String externalId, String followUpId) {
        var item = new java.util.HashMap<>(ConnectorItem.back(connector, externalId));
        item.put(Table.TYPE, AttributeValue.fromS(ConnectorItem.BACK_TYPE));
        item.put(ConnectorItem.FOLLOW_UP_ID, AttributeValue.fromS(followUpId));
        item.put(Table.EXPIRES_AT, number(clock.instant().plus(recordKept).getEpochSecond()));
        dynamoDb.putItem(r -> r.tableName(tableName).item(item));
    }

    /** The follow-up a record of the tool was created for, if the ledger linked it. */
    public java.util.Optional<String> followUpOf(String externalId) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(ConnectorItem.back(connector, externalId))).item();
        return java.util.Optional.ofNullable(item == null || item.isEmpty() ? null : Table.str(item, ConnectorItem.FOLLOW_UP_ID));
    }

    /** Gives the claim up after an attempt that will be retried, so the retry need not wait out the lease. */
    public void release(String followUpId) {
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName).key(ConnectorItem.key(connector, followUpId))
                    .conditionExpression("attribute_not_exists(" + ConnectorItem.EXTERNAL_ID + ")")
                    .updateExpression("SET " + ConnectorItem.CLAIMED_UNTIL + " = :zero")
                    .expressionAttributeValues(Map.of(":zero", number(0))));
        } catch (ConditionalCheckFailedException done) {
            // Created meanwhile: nothing to give up.
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
