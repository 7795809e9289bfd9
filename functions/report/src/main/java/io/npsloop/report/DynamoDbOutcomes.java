package io.npsloop.report;

import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.table.ChurnMarkerItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Outcome events, one item each ({@code OUTCOME#<eventId>}), written once: a second event with
 * the same id is a duplicate, whatever it says. Each item records the decision it was attributed
 * to and what it adds to that day's counters, which the counters function applies from the stream.
 * A churn counts once per customer and decision: a marker item ({@code CHURN#<customerId>#<decidedAt>})
 * is written with the first one.
 */
final class DynamoDbOutcomes {

    sealed interface Recorded {}

    record Stored(Attribution attribution) implements Recorded {}

    record Duplicate() implements Recorded {}

    /** The customer was erased on request: the event is not kept. */
    record ErasedCustomer() implements Recorded {}

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration window;
    private final Duration retention;
    private final Clock clock;

    DynamoDbOutcomes(DynamoDbClient dynamoDb, String tableName, Duration window, Duration retention, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.window = Objects.requireNonNull(window, "window");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Recorded record(Outcome outcome) {
        var state = dynamoDb.getItem(r -> r.tableName(tableName)
                .key(CustomerItem.key(outcome.customerId())).consistentRead(true)).item();
        if ((state == null || state.isEmpty()) && erased(outcome.customerId())) {
            return new ErasedCustomer();
        }
        // Indexed on the customer before it is stored, so erasure finds every event without a scan.
        // Outside the outcome's own write: the state item may not exist yet, and an id indexed for an
        // event that then turns out a duplicate is harmless.
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(CustomerItem.key(outcome.customerId()))
                .updateExpression("SET " + CustomerItem.CUSTOMER_ID + " = :customerId ADD " + CustomerItem.OUTCOME_IDS + " :event")
                .expressionAttributeValues(Map.of(
                        ":customerId", AttributeValue.fromS(outcome.customerId()),
                        ":event", AttributeValue.fromSs(java.util.List.of(outcome.eventId())))));
        var cohort = CustomerItem.cohort(state == null ? Map.of() : state, outcome.type().action());
        var attribution = Attribution.of(outcome, cohort, window, true);
        if (outcome.type() == OutcomeType.CHURNED && attribution instanceof Attribution.Attributed attributed) {
            var marker = new HashMap<>(ChurnMarkerItem.key(outcome.customerId(), attributed.cohort().decidedAt().toString()));
            marker.put(Table.TYPE, AttributeValue.fromS(ChurnMarkerItem.TYPE_NAME));
            marker.put(OutcomeItem.EVENT_ID, AttributeValue.fromS(outcome.eventId()));
            marker.put(Table.EXPIRES_AT, expiresAt());
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(
                        t -> t.put(newItem(item(outcome, attribution))),
                        t -> t.put(newItem(marker))));
                return new Stored(attribution);
            } catch (TransactionCanceledException e) {
                var reasons = e.cancellationReasons();
                if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return new Duplicate();
                }
                if (reasons.size() != 2 || !"ConditionalCheckFailed".equals(reasons.get(1).code())) {
                    throw e;
                }
                // This customer's churn was already counted for this decision: keep the event, count nothing.
                var repeat = Attribution.of(outcome, cohort, window, false);
                return put(outcome, repeat);
            }
        }
        return put(outcome, attribution);
    }

    private boolean erased(String customerId) {
        var tombstone = dynamoDb.getItem(r -> r.tableName(tableName).key(TombstoneItem.key(customerId))).item();
        if (tombstone == null || tombstone.isEmpty()) {
            return false;
        }
        var expiresAt = tombstone.get(Table.EXPIRES_AT);
        return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
    }

    private Recorded put(Outcome outcome, Attribution attribution) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(item(outcome, attribution))
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")"));
            return new Stored(attribution);
        } catch (ConditionalCheckFailedException e) {
            return new Duplicate();
        }
    }

    private Put newItem(Map<String, AttributeValue> item) {
        return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + Table.PK + ")").build();
    }

    private Map<String, AttributeValue> item(Outcome outcome, Attribution attribution) {
        var item = new HashMap<>(OutcomeItem.key(outcome.eventId()));
        item.put(Table.TYPE, AttributeValue.fromS(OutcomeItem.TYPE_NAME));
        item.put(OutcomeItem.EVENT_ID, AttributeValue.fromS(outcome.eventId()));
        item.put(OutcomeItem.CUSTOMER_ID, AttributeValue.fromS(outcome.customerId()));
        item.put(OutcomeItem.OUTCOME_TYPE, AttributeValue.fromS(outcome.type().wireName()));
        item.put(OutcomeItem.OCCURRED_AT, AttributeValue.fromS(outcome.occurredAt().toString()));
        item.put(OutcomeItem.VALUE, AttributeValue.fromN(outcome.value().toPlainString()));
        item.put("recordedAt", AttributeValue.fromS(clock.instant().toString()));
        item.put(OutcomeItem.COUNTER_DAY, AttributeValue.fromS(attribution.day().toString()));
        item.put(OutcomeItem.COUNTS, CounterImages.toCounts(attribution.tally()));
        if (attribution instanceof Attribution.Attributed attributed) {
            item.put("cohortAction", AttributeValue.fromS(attributed.cohort().action().wireName()));
            item.put("cohortArm", AttributeValue.fromS(attributed.cohort().arm().wireName()));
            item.put(OutcomeItem.COHORT_DECIDED_AT, AttributeValue.fromS(attributed.cohort().decidedAt().toString()));
        } else {
            item.put("unattributed", AttributeValue.fromS(((Attribution.Unattributed) attribution).reason()));
        }
        item.put(Table.EXPIRES_AT, expiresAt());
        return item;
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }
}
