package io.npsloop.report;

import io.npsloop.aws.ResponseItems;
import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
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
                .key(ResponseItems.customerStateKey(outcome.customerId())).consistentRead(true)).item();
        if ((state == null || state.isEmpty()) && erased(outcome.customerId())) {
            return new ErasedCustomer();
        }
        // Indexed on the customer before it is stored, so erasure finds every event without a scan.
        // Outside the outcome's own write: the state item may not exist yet, and an id indexed for an
        // event that then turns out a duplicate is harmless.
        dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(ResponseItems.customerStateKey(outcome.customerId()))
                .updateExpression("SET customerId = :customerId ADD " + ResponseItems.OUTCOME_IDS + " :event")
                .expressionAttributeValues(Map.of(
                        ":customerId", AttributeValue.fromS(outcome.customerId()),
                        ":event", AttributeValue.fromSs(java.util.List.of(outcome.eventId())))));
        var cohort = ResponseItems.cohort(state == null ? Map.of() : state, outcome.type().action());
        var attribution = Attribution.of(outcome, cohort, window, true);
        if (outcome.type() == OutcomeType.CHURNED && attribution instanceof Attribution.Attributed attributed) {
            var marker = Map.of(
                    "pk", AttributeValue.fromS("CHURN#" + outcome.customerId() + "#" + attributed.cohort().decidedAt()),
                    "sk", AttributeValue.fromS("CHURN"),
                    "type", AttributeValue.fromS("churn-marker"),
                    "eventId", AttributeValue.fromS(outcome.eventId()),
                    "expiresAt", expiresAt());
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
        var tombstone = dynamoDb.getItem(r -> r.tableName(tableName).key(ResponseItems.erasedKey(customerId))).item();
        if (tombstone == null || tombstone.isEmpty()) {
            return false;
        }
        var expiresAt = tombstone.get("expiresAt");
        return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
    }

    private Recorded put(Outcome outcome, Attribution attribution) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(item(outcome, attribution))
                    .conditionExpression("attribute_not_exists(pk)"));
            return new Stored(attribution);
        } catch (ConditionalCheckFailedException e) {
            return new Duplicate();
        }
    }

    private Put newItem(Map<String, AttributeValue> item) {
        return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)").build();
    }

    private Map<String, AttributeValue> item(Outcome outcome, Attribution attribution) {
        var item = new HashMap<String, AttributeValue>();
        item.put("pk", AttributeValue.fromS("OUTCOME#" + outcome.eventId()));
        item.put("sk", AttributeValue.fromS("OUTCOME"));
        item.put("type", AttributeValue.fromS(CounterImages.OUTCOME_TYPE));
        item.put("eventId", AttributeValue.fromS(outcome.eventId()));
        item.put("customerId", AttributeValue.fromS(outcome.customerId()));
        item.put("outcomeType", AttributeValue.fromS(outcome.type().wireName()));
        item.put("occurredAt", AttributeValue.fromS(outcome.occurredAt().toString()));
        item.put("value", AttributeValue.fromN(outcome.value().toPlainString()));
        item.put("recordedAt", AttributeValue.fromS(clock.instant().toString()));
        item.put(CounterImages.COUNTER_DAY, AttributeValue.fromS(attribution.day().toString()));
        item.put(CounterImages.COUNTS, CounterImages.toCounts(attribution.tally()));
        if (attribution instanceof Attribution.Attributed attributed) {
            item.put("cohortAction", AttributeValue.fromS(attributed.cohort().action().wireName()));
            item.put("cohortArm", AttributeValue.fromS(attributed.cohort().arm().wireName()));
            item.put("cohortDecidedAt", AttributeValue.fromS(attributed.cohort().decidedAt().toString()));
        } else {
            item.put("unattributed", AttributeValue.fromS(((Attribution.Unattributed) attribution).reason()));
        }
        item.put("expiresAt", expiresAt());
        return item;
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }
}
