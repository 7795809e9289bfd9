package io.npsloop.report;

import io.npsloop.aws.ResponseItems;
import io.npsloop.domain.Action;
import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Cohort;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
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
        var known = state == null ? Map.<String, AttributeValue>of() : state;
        var cohorts = outcome.type().actions().stream()
                .map(action -> ResponseItems.cohort(known, action)).flatMap(Optional::stream).toList();
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
                writes.add(TransactWriteItem.builder().put(newItem(Map.of(
                        "pk", AttributeValue.fromS(churnMarker(outcome.customerId(), cohort.action(), cohort.decidedAt().toString())),
                        "sk", AttributeValue.fromS("CHURN"),
                        "type", AttributeValue.fromS("churn-marker"),
                        "eventId", AttributeValue.fromS(outcome.eventId()),
                        "expiresAt", expiresAt()))).build());
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

    /**
     * The key of the marker that a customer's churn was counted for a decision. Recovery's keeps
     * the form it had before nurture was measured, so markers already written still hold.
     */
    static String churnMarker(String customerId, Action action, String decidedAt) {
        return "CHURN#" + customerId + (action == Action.RECOVERY ? "" : "#" + action.wireName()) + "#" + decidedAt;
    }

    /** The churn markers a stored churn item may have written, one per decision it was attributed to. */
    static List<String> churnMarkers(Map<String, AttributeValue> item) {
        if (!"churned".equals(ResponseItems.str(item, "outcomeType"))) {
            return List.of();
        }
        var customerId = ResponseItems.str(item, "customerId");
        var cohorts = new ArrayList<Map<String, AttributeValue>>();
        cohorts.add(item);
        var also = item.get(CounterImages.ALSO_COUNTED);
        if (also != null && also.hasL()) {
            also.l().forEach(entry -> cohorts.add(entry.m()));
        }
        var markers = new ArrayList<String>();
        for (var cohort : cohorts) {
            var decidedAt = ResponseItems.str(cohort, "cohortDecidedAt");
            if (decidedAt != null) {
                var action = ResponseItems.str(cohort, "cohortAction");
                markers.add(churnMarker(customerId, action == null ? Action.RECOVERY : Action.fromWireName(action), decidedAt));
            }
        }
        return markers;
    }

    private boolean erased(String customerId) {
        var tombstone = dynamoDb.getItem(r -> r.tableName(tableName).key(ResponseItems.erasedKey(customerId))).item();
        if (tombstone == null || tombstone.isEmpty()) {
            return false;
        }
        var expiresAt = tombstone.get("expiresAt");
        return expiresAt == null || Long.parseLong(expiresAt.n()) > clock.instant().getEpochSecond();
    }

    private Recorded put(Outcome outcome, List<Attribution> attributions) {
        try {
            dynamoDb.putItem(r -> r.tableName(tableName)
                    .item(item(outcome, attributions))
                    .conditionExpression("attribute_not_exists(pk)"));
            return new Stored(attributions);
        } catch (ConditionalCheckFailedException e) {
            return new Duplicate();
        }
    }

    private Put newItem(Map<String, AttributeValue> item) {
        return Put.builder().tableName(tableName).item(item).conditionExpression("attribute_not_exists(pk)").build();
    }

    private Map<String, AttributeValue> item(Outcome outcome, List<Attribution> attributions) {
        var attribution = attributions.get(0);
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
            item.put(CounterImages.ALSO_COUNTED, AttributeValue.fromL(also));
        }
        item.put("expiresAt", expiresAt());
        return item;
    }

    /** The day and counts an attribution changes, and its decision if it has one. */
    private static void counted(Map<String, AttributeValue> item, Attribution attribution) {
        item.put(CounterImages.COUNTER_DAY, AttributeValue.fromS(attribution.day().toString()));
        item.put(CounterImages.COUNTS, CounterImages.toCounts(attribution.tally()));
        if (attribution instanceof Attribution.Attributed attributed) {
            item.put("cohortAction", AttributeValue.fromS(attributed.cohort().action().wireName()));
            item.put("cohortArm", AttributeValue.fromS(attributed.cohort().arm().wireName()));
            item.put("cohortDecidedAt", AttributeValue.fromS(attributed.cohort().decidedAt().toString()));
        }
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }
}
