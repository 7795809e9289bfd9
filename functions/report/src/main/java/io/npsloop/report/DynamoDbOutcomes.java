package io.npsloop.report;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Cohort;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.table.ChurnMarkerItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Outcome events, one item each ({@code OUTCOME#<eventId>}), written once: a second event with
 * the same id is a duplicate, whatever it says. Each item records the decision it was attributed
 * to and what it adds to that day's counters, which the counters function applies from the stream;
 * a churn or renewal of a customer in both recovery's and nurture's experiments counts in both,
 * the second decision under {@link CounterImages#ALSO_COUNTED}. A churn counts once per customer
 * and decision: a marker item ({@link #churnMarker}) is written with the first one.
 */
final class DynamoDbOutcomes {

    sealed interface Recorded {}

    /** @param attributions what {@link Attribution#ofEach} gave: each cohort it counts in, or why none */
    record Stored(List<Attribution> attributions) implements Recorded {}

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
        var known = state == null ? Map.<String, AttributeValue>of() : state;
        var cohorts = outcome.type().actions().stream()
                .map(action -> CustomerItem.cohort(known, action)).flatMap(Optional::stream).toList();
        // Decisions whose churn was already counted: the event is kept, and counts only where it is new.
        var counted = new HashSet<Cohort>();
        while (true) {
            var attributions = Attribution.ofEach(outcome, cohorts, window, cohort -> !counted.contains(cohort));
            var firstChurns = outcome.type() != OutcomeType.CHURNED ? List.<Cohort>of() : attributions.stream()
                    .filter(Attribution.Attributed.class::isInstance).map(a -> ((Attribution.Attributed) a).cohort())
                    .filter(cohort -> !counted.contains(cohort)).toList();
            if (firstChurns.isEmpty()) {
                return put(outcome, attributions);
            }
            var writes = new ArrayList<TransactWriteItem>();
            writes.add(TransactWriteItem.builder().put(newItem(item(outcome, attributions))).build());
            for (var cohort : firstChurns) {
                var marker = new HashMap<>(ChurnMarkerItem.key(outcome.customerId(), cohort.action(), cohort.decidedAt().toString()));
                marker.put(Table.TYPE, AttributeValue.fromS(ChurnMarkerItem.TYPE_NAME));
                marker.put(OutcomeItem.EVENT_ID, AttributeValue.fromS(outcome.eventId()));
                marker.put(Table.EXPIRES_AT, expiresAt());
                writes.add(TransactWriteItem.builder().put(newItem(marker)).build());
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(writes));
                return new Stored(attributions);
            } catch (TransactionCanceledException e) {
                var reasons = e.cancellationReasons();
                if (reasons.size() != writes.size()) {
                    throw e;
                }
                if ("ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return new Duplicate();
                }
                int before = counted.size();
                for (int i = 0; i < firstChurns.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i + 1).code())) {
                        counted.add(firstChurns.get(i));
                    }
                }
                if (counted.size() == before) {
                    throw e;
                }
            }
        }
    }

    /** The churn markers a stored churn item may have written, one per decision it was attributed to. */
    static List<Map<String, AttributeValue>> churnMarkers(Map<String, AttributeValue> item) {
        if (!OutcomeType.CHURNED.wireName().equals(Table.str(item, OutcomeItem.OUTCOME_TYPE))) {
            return List.of();
        }
        var customerId = Table.str(item, OutcomeItem.CUSTOMER_ID);
        var cohorts = new ArrayList<Map<String, AttributeValue>>();
        cohorts.add(item);
        var also = item.get(OutcomeItem.ALSO_COUNTED);
        if (also != null && also.hasL()) {
            also.l().forEach(entry -> cohorts.add(entry.m()));
        }
        var markers = new ArrayList<Map<String, AttributeValue>>();
        for (var cohort : cohorts) {
            var decidedAt = Table.str(cohort, OutcomeItem.COHORT_DECIDED_AT);
            if (decidedAt != null) {
                var action = Table.str(cohort, OutcomeItem.COHORT_ACTION);
                markers.add(ChurnMarkerItem.key(customerId, action == null ? Action.RECOVERY : Action.fromWireName(action), decidedAt));
            }
        }
        return markers;
    }

    private boolean erased(String customerId) {
        var tombstone = dynamoDb.getItem(r -> r.tableName(tableName).key(TombstoneItem.key(customerId))).item();
        if (tombstone == null || tombstone.isEmpty()) {
            return false;
        }
        var expiresAt = tombstone.get(Table.EXPIRES_AT);
        return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
    }

    private Recorded put(Outcome outcome, List<Attribution> attributions) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(item(outcome, attributions))
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")"));
            return new Stored(attributions);
        } catch (ConditionalCheckFailedException e) {
            return new Duplicate();
        }
    }

    private Put newItem(Map<String, AttributeValue> item) {
        return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(" + Table.PK + ")").build();
    }

    private Map<String, AttributeValue> item(Outcome outcome, List<Attribution> attributions) {
        var attribution = attributions.get(0);
        var item = new HashMap<>(OutcomeItem.key(outcome.eventId()));
        item.put(Table.TYPE, AttributeValue.fromS(OutcomeItem.TYPE_NAME));
        item.put(OutcomeItem.EVENT_ID, AttributeValue.fromS(outcome.eventId()));
        item.put(OutcomeItem.CUSTOMER_ID, AttributeValue.fromS(outcome.customerId()));
        item.put(OutcomeItem.OUTCOME_TYPE, AttributeValue.fromS(outcome.type().wireName()));
        item.put(OutcomeItem.OCCURRED_AT, AttributeValue.fromS(outcome.occurredAt().toString()));
        item.put(OutcomeItem.VALUE, AttributeValue.fromN(outcome.value().toPlainString()));
        item.put("recordedAt", AttributeValue.fromS(clock.instant().toString()));
        counted(item, attribution);
        if (attribution instanceof Attribution.Unattributed unattributed) {
            item.put("unattributed", AttributeValue.fromS(unattributed.reason()));
        }
        if (attributions.size() > 1) {
            var also = new ArrayList<AttributeValue>();
            for (var other : attributions.subList(1, attributions.size())) {
                var entry = new HashMap<String, AttributeValue>();
                counted(entry, other);
                also.add(AttributeValue.fromM(entry));
            }
            item.put(OutcomeItem.ALSO_COUNTED, AttributeValue.fromL(also));
        }
        item.put(Table.EXPIRES_AT, expiresAt());
        return item;
    }

    /** The day and counts an attribution changes, and its decision if it has one. */
    private static void counted(Map<String, AttributeValue> item, Attribution attribution) {
        item.put(OutcomeItem.COUNTER_DAY, AttributeValue.fromS(attribution.day().toString()));
        item.put(OutcomeItem.COUNTS, CounterImages.toCounts(attribution.tally()));
        if (attribution instanceof Attribution.Attributed attributed) {
            item.put(OutcomeItem.COHORT_ACTION, AttributeValue.fromS(attributed.cohort().action().wireName()));
            item.put(OutcomeItem.COHORT_ARM, AttributeValue.fromS(attributed.cohort().arm().wireName()));
            item.put(OutcomeItem.COHORT_DECIDED_AT, AttributeValue.fromS(attributed.cohort().decidedAt().toString()));
        }
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }
}
