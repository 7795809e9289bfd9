package io.npsloop.report;

import io.npsloop.aws.ErasedCustomers;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.Attribution;
import io.npsloop.domain.roi.Outcome;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.table.AccountItem;
import io.npsloop.table.ChurnMarkerItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.Table;
import io.npsloop.table.UnitCohortItem;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Outcome events, one item each ({@code OUTCOME#<eventId>}), written once: a second event with
 * the same id is a duplicate, whatever it says. In the same transaction the event changes each
 * unit cohort it counts in ({@link UnitCohortItem}), which the counters function counts from the
 * stream: a churn or renewal adds the member's token to a set, so it counts once per member and
 * cohort however many events say it; an account's churn or renewal marks the whole cohort. A
 * customer's outcome counts in the cohorts their state names; an account's, in the account's
 * latest cohorts. An event that counts in none keeps its day and the unattributed count on its
 * own item.
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
        var targets = new ArrayList<Attribution.Target>();
        if (outcome.namesAccount()) {
            var account = get(AccountItem.key(outcome.accountId()));
            for (var action : outcome.type().actions()) {
                UnitCohortItem.unitCohort(account, action).map(Attribution.Target::unit).ifPresent(targets::add);
            }
        } else {
            var state = get(CustomerItem.key(outcome.customerId()));
            if (state.isEmpty() && erased(outcome.customerId())) {
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
                            ":event", AttributeValue.fromSs(List.of(outcome.eventId())))));
            for (var action : outcome.type().actions()) {
                UnitCohortItem.membership(state, action).map(Attribution.Target::member).ifPresent(targets::add);
            }
        }
        var attributions = Attribution.ofEach(outcome, targets, window);
        while (true) {
            var writes = new ArrayList<TransactWriteItem>();
            var changed = new ArrayList<Attribution.Target>();
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item(outcome, attributions))
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")").build()).build());
            for (var attribution : attributions) {
                if (attribution instanceof Attribution.Attributed attributed) {
                    writes.add(TransactWriteItem.builder().update(cohortChange(outcome, attributed.target())).build());
                    changed.add(attributed.target());
                }
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(writes));
                return new Stored(attributions);
            } catch (TransactionCanceledException e) {
                var reasons = e.cancellationReasons();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return new Duplicate();
                }
                // A cohort past its expiry is gone: the event is kept, counted where it still can be.
                var gone = new ArrayList<Attribution.Target>();
                for (int i = 1; i < reasons.size() && i <= changed.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        gone.add(changed.get(i - 1));
                    }
                }
                if (gone.isEmpty()) {
                    throw e;
                }
                targets.removeAll(gone);
                attributions = Attribution.ofEach(outcome, targets, window);
            }
        }
    }

    /** What the outcome changes on a cohort it counts in. */
    private Update cohortChange(Outcome outcome, Attribution.Target target) {
        String expression;
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        switch (outcome.type()) {
            case CHURNED, RENEWED -> {
                boolean churned = outcome.type() == OutcomeType.CHURNED;
                if (target.member() == null) {
                    expression = "SET #flag = if_not_exists(#flag, :at)";
                    names.put("#flag", churned ? UnitCohortItem.UNIT_CHURNED_AT : UnitCohortItem.UNIT_RENEWED_AT);
                    values.put(":at", AttributeValue.fromS(outcome.occurredAt().toString()));
                } else {
                    expression = "ADD #set :member";
                    names.put("#set", churned ? UnitCohortItem.CHURNED : UnitCohortItem.RENEWED);
                    values.put(":member", AttributeValue.fromSs(List.of(target.member())));
                }
            }
            case CONCESSION -> {
                expression = "ADD #concessions :value";
                names.put("#concessions", UnitCohortItem.CONCESSIONS);
                values.put(":value", AttributeValue.fromN(outcome.value().toPlainString()));
            }
            case REFERRAL_LEAD -> {
                expression = "ADD #leads :one";
                names.put("#leads", UnitCohortItem.LEADS);
                values.put(":one", AttributeValue.fromN("1"));
            }
            case REFERRAL_CONVERTED -> {
                expression = "ADD #conversions :one, #convertedValue :value";
                names.put("#conversions", UnitCohortItem.CONVERSIONS);
                names.put("#convertedValue", UnitCohortItem.CONVERTED_VALUE);
                values.put(":one", AttributeValue.fromN("1"));
                values.put(":value", AttributeValue.fromN(outcome.value().toPlainString()));
            }
            default -> throw new IllegalArgumentException(outcome.type().wireName());
        }
        // Only a cohort that exists: one expired meanwhile is not brought back half-made.
        names.put("#pk", Table.PK);
        return Update.builder().tableName(tableName).key(UnitCohortItem.key(target.cohortId()))
                .updateExpression(expression).conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
        return item == null ? Map.of() : item;
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
        return new ErasedCustomers(dynamoDb, tableName, clock).erased(customerId);
    }

    private Map<String, AttributeValue> item(Outcome outcome, List<Attribution> attributions) {
        var item = new HashMap<>(OutcomeItem.key(outcome.eventId()));
        item.put(Table.TYPE, AttributeValue.fromS(OutcomeItem.TYPE_NAME));
        item.put(OutcomeItem.EVENT_ID, AttributeValue.fromS(outcome.eventId()));
        if (outcome.namesAccount()) {
            item.put(OutcomeItem.ACCOUNT_ID, AttributeValue.fromS(outcome.accountId()));
        } else {
            item.put(OutcomeItem.CUSTOMER_ID, AttributeValue.fromS(outcome.customerId()));
        }
        item.put(OutcomeItem.OUTCOME_TYPE, AttributeValue.fromS(outcome.type().wireName()));
        item.put(OutcomeItem.OCCURRED_AT, AttributeValue.fromS(outcome.occurredAt().toString()));
        item.put(OutcomeItem.VALUE, AttributeValue.fromN(outcome.value().toPlainString()));
        item.put("recordedAt", AttributeValue.fromS(clock.instant().toString()));
        var cohorts = new ArrayList<AttributeValue>();
        for (var attribution : attributions) {
            if (attribution instanceof Attribution.Unattributed unattributed) {
                item.put("unattributed", AttributeValue.fromS(unattributed.reason()));
                item.put(OutcomeItem.COUNTER_DAY, AttributeValue.fromS(unattributed.day().toString()));
                item.put(OutcomeItem.COUNTS, CounterImages.toCounts(unattributed.tally()));
            } else if (attribution instanceof Attribution.Attributed attributed) {
                var target = attributed.target();
                cohorts.add(AttributeValue.fromM(Map.of(
                        OutcomeItem.COHORT_ID, AttributeValue.fromS(target.cohortId()),
                        OutcomeItem.COHORT_ACTION, AttributeValue.fromS(target.action().wireName()),
                        OutcomeItem.COHORT_ARM, AttributeValue.fromS(target.arm().wireName()),
                        OutcomeItem.COHORT_DAY, AttributeValue.fromS(target.cohortDay().toString()))));
            }
        }
        if (!cohorts.isEmpty()) {
            item.put(OutcomeItem.COHORTS, AttributeValue.fromL(cohorts));
        }
        item.put(Table.EXPIRES_AT, expiresAt());
        return item;
    }

    private AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }
}
