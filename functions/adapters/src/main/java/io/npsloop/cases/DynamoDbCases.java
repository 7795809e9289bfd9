package io.npsloop.cases;

import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.CaseOwner;
import io.npsloop.domain.cases.ContactChannel;
import io.npsloop.domain.cases.ReasonCode;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.roi.ContactDelay;
import io.npsloop.table.DeskCountsItem;
import io.npsloop.table.DeskSlaItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import io.npsloop.table.UnitCohortItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Cases live on their response items: {@code caseStatus}, the {@code caseEvents} list, and
 * {@code openCase} while the case needs someone, which puts it in the open-cases index by due time.
 */
public final class DynamoDbCases {

    static final String CASE_EVENTS = ResponseItem.CASE_EVENTS;
    static final String ESCALATION_STATUS = ResponseItem.ESCALATION_STATUS;
    static final String ESCALATED_AT = ResponseItem.ESCALATED_AT;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbCases(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** The client the cases are read and written with: the stores that write beside them (referral leads) use the same. */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The table the cases live in. */
    public String tableName() {
        return tableName;
    }

    public Optional<FollowUpCase> find(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(tableName).key(ResponseItem.key(key)).consistentRead(true).build())
                .item();
        return item == null || !item.containsKey(ResponseItem.CASE_STATUS) ? Optional.empty() : Optional.of(toCase(item));
    }

    /** The outcome of recording an event: the case after it, or why it could not be recorded. */
    public sealed interface Recorded {}

    public record Moved(FollowUpCase after) implements Recorded {}

    public record NotFound() implements Recorded {}

    public record NotAllowed(CaseStatus current) implements Recorded {}

    /** The caller's own rule refused the case as it now stands (e.g. someone else owns it). */
    public record Refused(FollowUpCase current) implements Recorded {}

    /** The write asked for alongside was refused by its own condition, so nothing was written. */
    public record AlongsideRefused() implements Recorded {}

    public Recorded record(ResponseKey key, CaseEvent event) {
        return record(key, List.of(event), List.of(), current -> true);
    }

    /**
     * Appends the events and moves the case, only from the status and owner it was read with; a
     * concurrent step wins and these are judged again. One standard write: the desk's open counts
     * ({@link DeskCountsItem}) and SLA figures ({@link DeskSlaItem}) follow from the table's stream,
     * the latter from {@link ResponseItem#CASE_HANDLED}, set here on the step that first handles the
     * case. The one write every step goes through: this API, the desk and action links alike.
     *
     * @param people referrals to keep on the case
     * @param allowed the caller's rule on the case as read, judged again on every attempt
     */
    public Recorded record(ResponseKey key, List<CaseEvent> events, List<Referral> people, Predicate<FollowUpCase> allowed) {
        return record(key, events, people, allowed, null);
    }

    /**
     * As {@link #record(ResponseKey, List, List, Predicate)}, and {@code alongside} (if not null) in
     * the same transaction: both are written or neither.
     */
    public Recorded record(ResponseKey key, List<CaseEvent> events, List<Referral> people, Predicate<FollowUpCase> allowed,
                           Put alongside) {
        for (int attempt = 0; attempt < 5; attempt++) {
            var item = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(tableName).key(ResponseItem.key(key)).consistentRead(true).build()).item();
            if (item == null || !item.containsKey(ResponseItem.CASE_STATUS)) {
                return new NotFound();
            }
            var current = toCase(item);
            if (!allowed.test(current)) {
                return new Refused(current);
            }
            var before = current.status();
            var status = before;
            for (var event : events) {
                var next = event.next(status);
                if (next.isEmpty()) {
                    return new NotAllowed(status);
                }
                status = next.get();
            }
            var after = current.withEvents(status, events, people);
            var update = caseUpdate(key, item, current, after, events, people);
            try {
                if (alongside == null) {
                    dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(update.key())
                            .conditionExpression(update.conditionExpression()).updateExpression(update.updateExpression())
                            .expressionAttributeNames(update.expressionAttributeNames())
                            .expressionAttributeValues(update.expressionAttributeValues()).build());
                } else {
                    dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                            TransactWriteItem.builder().update(update).build(), TransactWriteItem.builder().put(alongside).build()).build());
                }
                timeFirstContact(item, events);
                return new Moved(find(key).orElseThrow());
            } catch (ConditionalCheckFailedException raced) {
                // Someone else moved the case meanwhile: judge the events again against where it is now.
            } catch (TransactionCanceledException cancelled) {
                var reasons = cancelled.cancellationReasons();
                if (reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                    return new AlongsideRefused();
                }
                if (reasons.stream().noneMatch(r -> "ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code()))) {
                    throw cancelled;
                }
                // The case moved meanwhile, or another write was on it: as above.
            }
        }
        throw new IllegalStateException("case " + key + " kept changing while recording an event");
    }

    /**
     * When these steps are the first to record contact on a treated recovery case (a contact, or an
     * attempt that reached the customer), writes on its unit cohort how long after the answer that
     * was, once: the counters then move the cohort from never contacted to that delay through the
     * stream, as they count every change of a cohort (docs/METHOD.md#timetocontact). After the
     * case's own write, and alone: a cohort that expired, or that another case of the unit timed
     * first, stays as it is, and a lost write leaves the cohort counted as never contacted.
     */
    private void timeFirstContact(Map<String, AttributeValue> before, List<CaseEvent> events) {
        var cohortId = Table.str(before, ResponseItem.COHORT_ID);
        if (cohortId == null || ResponseItem.firstContact(before).isPresent()) {
            return;
        }
        var contact = events.stream()
                .filter(e -> e.type() == CaseEvent.Type.CONTACTED || e.type() == CaseEvent.Type.ATTEMPTED && Boolean.TRUE.equals(e.reached()))
                .map(CaseEvent::at).min(Instant::compareTo);
        if (contact.isEmpty()) {
            return;
        }
        // From the answer, as the customer lived it: a late delivery by the survey tool is part of the wait.
        var delay = java.time.Duration.between(Instant.parse(Table.str(before, ResponseItem.SUBMITTED_AT)), contact.get());
        try {
            dynamoDb.updateItem(UnitCohortItem.timeFirstContact(tableName, cohortId,
                    ContactDelay.of(delay.isNegative() ? java.time.Duration.ZERO : delay)));
        } catch (ConditionalCheckFailedException timedOrGone) {
            // The first time holds.
        }
    }

    /** The step that handles a case for the first time: contacts it, or gives it up without contact. */
    private static Optional<CaseEvent> handled(FollowUpCase before, FollowUpCase after, List<CaseEvent> events) {
        if (before.status() != CaseStatus.OPEN || after.status() == CaseStatus.OPEN || before.contactedAt().isPresent()) {
            return Optional.empty();
        }
        return events.stream().filter(e -> e.type() == CaseEvent.Type.CONTACTED || e.type() == CaseEvent.Type.UNRESOLVED
                || e.type() == CaseEvent.Type.CLOSED).findFirst();
    }

    private Update caseUpdate(ResponseKey key, Map<String, AttributeValue> item, FollowUpCase current, FollowUpCase after,
                              List<CaseEvent> events, List<Referral> people) {
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        values.put(":before", AttributeValue.fromS(current.status().wireName()));
        values.put(":after", AttributeValue.fromS(after.status().wireName()));
        values.put(":events", AttributeValue.fromL(events.stream().map(e -> AttributeValue.fromM(eventItem(e))).toList()));
        values.put(":empty", AttributeValue.fromL(List.of()));
        values.put(":at", AttributeValue.fromS(events.get(events.size() - 1).at().toString()));
        var sets = new ArrayList<String>(List.of(ResponseItem.CASE_STATUS + " = :after", ResponseItem.CASE_UPDATED_AT + " = :at",
                CASE_EVENTS + " = list_append(if_not_exists(" + CASE_EVENTS + ", :empty), :events)"));
        var removes = new ArrayList<String>();
        if (!after.owner().equals(current.owner())) {
            sets.add(ResponseItem.CASE_OWNER + " = :owner");
            values.put(":owner", AttributeValue.fromS(after.owner().wireName()));
        }
        if (after.team() != null && !after.team().equals(current.team())) {
            sets.add(ResponseItem.CASE_TEAM + " = :team");
            values.put(":team", AttributeValue.fromS(after.team()));
        }
        if (!people.isEmpty()) {
            sets.add(ResponseItem.CASE_REFERRALS + " = list_append(if_not_exists(" + ResponseItem.CASE_REFERRALS + ", :empty), :people)");
            values.put(":people", AttributeValue.fromL(people.stream().map(p -> AttributeValue.fromM(referralItem(p))).toList()));
        }
        handled(current, after, events).ifPresent(step -> {
            var handled = new HashMap<String, AttributeValue>();
            handled.put(ResponseItem.HANDLED_AT, AttributeValue.fromS(step.at().toString()));
            handled.put(ResponseItem.HANDLED_BY, AttributeValue.fromS(step.by()));
            var team = after.team() != null ? after.team() : step.team();
            if (team != null) {
                handled.put(ResponseItem.HANDLED_TEAM, AttributeValue.fromS(team));
            }
            handled.put(ResponseItem.HANDLED_IN_SLA, AttributeValue.fromBool(
                    step.type() == CaseEvent.Type.CONTACTED && !step.at().isAfter(current.followUp().dueAt())));
            sets.add(ResponseItem.CASE_HANDLED + " = :handled");
            values.put(":handled", AttributeValue.fromM(handled));
        });
        if (after.status().needsAttention()) {
            // Also on a case opened before the desk's indexes: its first step puts it in them, and in the counts.
            sets.add(ResponseItem.OPEN_OWNER + " = :openOwner");
            sets.add(ResponseItem.OPEN_TIER + " = :openTier");
            sets.add(ResponseItem.OPEN_SOURCE + " = :openSource");
            values.put(":openOwner", AttributeValue.fromS(after.owner().wireName()));
            values.put(":openTier", AttributeValue.fromS(after.record().valueTier().wireName()));
            values.put(":openSource", AttributeValue.fromS(key.source()));
        } else {
            removes.addAll(List.of(ResponseItem.OPEN_CASE, ResponseItem.OPEN_OWNER, ResponseItem.OPEN_TIER, ResponseItem.OPEN_SOURCE));
        }
        var condition = ResponseItem.CASE_STATUS + " = :before";
        var caseOwner = Table.str(item, ResponseItem.CASE_OWNER);
        if (caseOwner == null) {
            condition += " AND attribute_not_exists(" + ResponseItem.CASE_OWNER + ")";
        } else {
            condition += " AND " + ResponseItem.CASE_OWNER + " = :priorOwner";
            values.put(":priorOwner", AttributeValue.fromS(caseOwner));
        }
        return Update.builder()
                .tableName(tableName)
                .key(ResponseItem.key(key))
                .conditionExpression(condition)
                .updateExpression("SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes)))
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)
                .build();
    }

    /** Cases of this action that still need someone, soonest due first, due before {@code dueBefore} if given. */
    public List<FollowUpCase> open(Action action, Instant dueBefore, int limit) {
        var values = new HashMap<String, AttributeValue>(Map.of(":action", AttributeValue.fromS(action.wireName())));
        var condition = ResponseItem.OPEN_CASE + " = :action";
        if (dueBefore != null) {
            condition += " AND " + ResponseItem.FOLLOW_UP_DUE_AT + " < :due";
            values.put(":due", AttributeValue.fromS(dueBefore.toString()));
        }
        var cases = new ArrayList<FollowUpCase>();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(Table.OPEN_CASES_INDEX)
                    .keyConditionExpression(condition)
                    .expressionAttributeValues(values)
                    .exclusiveStartKey(start)
                    .limit(Math.min(limit, 100))
                    .build());
            page.items().forEach(item -> cases.add(toCase(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && cases.size() < limit);
        return cases.size() > limit ? cases.subList(0, limit) : cases;
    }

    /**
     * Marks an overdue case for escalation, once: the dispatch function publishes it from the
     * table's stream, as it does follow-ups. False if it was escalated already or no longer needs anyone.
     */
    public boolean markForEscalation(ResponseKey key, Instant now) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(ResponseItem.key(key))
                    .conditionExpression("attribute_exists(" + ResponseItem.OPEN_CASE + ") AND attribute_not_exists(" + ESCALATED_AT + ")")
                    .updateExpression("SET " + ESCALATION_STATUS + " = :pending, " + ESCALATED_AT + " = :now")
                    .expressionAttributeValues(Map.of(
                            ":pending", AttributeValue.fromS(EscalationStatus.PENDING.wireName()),
                            ":now", AttributeValue.fromS(now.toString())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    private static Map<String, AttributeValue> referralItem(Referral person) {
        var item = new HashMap<String, AttributeValue>();
        item.put(ResponseItem.NAME, AttributeValue.fromS(person.name()));
        item.put("contact", AttributeValue.fromS(person.contact()));
        if (person.note() != null) {
            item.put("note", AttributeValue.fromS(person.note()));
        }
        return item;
    }

    private static Map<String, AttributeValue> eventItem(CaseEvent event) {
        var item = new HashMap<String, AttributeValue>();
        item.put(ResponseItem.CASE_EVENT_TYPE, AttributeValue.fromS(event.type().wireName()));
        item.put(ResponseItem.CASE_EVENT_AT, AttributeValue.fromS(event.at().toString()));
        item.put("by", AttributeValue.fromS(event.by()));
        if (event.note() != null) {
            item.put("note", AttributeValue.fromS(event.note()));
        }
        if (event.owner() != null) {
            item.put("owner", AttributeValue.fromS(event.owner().wireName()));
        }
        if (event.team() != null) {
            item.put("team", AttributeValue.fromS(event.team()));
        }
        if (event.channel() != null) {
            item.put("channel", AttributeValue.fromS(event.channel().wireName()));
        }
        if (event.reached() != null) {
            item.put("reached", AttributeValue.fromBool(event.reached()));
        }
        if (event.reasonCode() != null) {
            item.put("reasonCode", AttributeValue.fromS(event.reasonCode().wireName()));
        }
        return item;
    }

    /** A stored response item with a case, read as the case. */
    public FollowUpCase toCaseView(Map<String, AttributeValue> item) {
        return toCase(item);
    }

    static FollowUpCase toCase(Map<String, AttributeValue> item) {
        var events = new ArrayList<CaseEvent>();
        if (item.containsKey(CASE_EVENTS)) {
            for (var value : item.get(CASE_EVENTS).l()) {
                var m = value.m();
                events.add(new CaseEvent(CaseEvent.Type.fromWireName(m.get(ResponseItem.CASE_EVENT_TYPE).s()).orElseThrow(),
                        Instant.parse(m.get(ResponseItem.CASE_EVENT_AT).s()), m.get("by").s(), Table.str(m, "note"),
                        CaseOwner.fromWireName(Table.str(m, "owner")).orElse(null), Table.str(m, "team"),
                        ContactChannel.fromWireName(Table.str(m, "channel")).orElse(null),
                        m.containsKey("reached") ? m.get("reached").bool() : null,
                        ReasonCode.fromWireName(Table.str(m, "reasonCode")).orElse(null)));
            }
        }
        var referrals = new ArrayList<Referral>();
        if (item.containsKey(ResponseItem.CASE_REFERRALS)) {
            for (var value : item.get(ResponseItem.CASE_REFERRALS).l()) {
                referrals.add(new Referral(Table.str(value.m(), ResponseItem.NAME), Table.str(value.m(), "contact"),
                        Table.str(value.m(), "note")));
            }
        }
        var escalated = Table.str(item, ESCALATED_AT);
        return new FollowUpCase(ResponseItem.fromItem(item), CaseStatus.fromWireName(Table.str(item, ResponseItem.CASE_STATUS)),
                events, escalated == null ? null : Instant.parse(escalated),
                CaseOwner.fromWireName(Table.str(item, ResponseItem.CASE_OWNER)).orElse(CaseOwner.UNASSIGNED),
                Table.str(item, ResponseItem.CASE_TEAM), referrals);
    }

    /** One page read from an open-cases index: the cases, each with its index key, and where it stopped. */
    public record IndexPage(List<Listed> cases, Map<String, AttributeValue> lastKey, double readUnits) {}

    /** A case as listed, with the key a page may start after. */
    public record Listed(FollowUpCase followUpCase, Map<String, AttributeValue> indexKey) {}

    /**
     * Open cases from one partition of an index, soonest due first, due before {@code dueBefore}
     * if given, after {@code start}; {@code filter} (may be null) is applied by DynamoDB.
     */
    public IndexPage openPage(String index, String partitionAttribute, String partitionValue, Instant dueBefore,
                              Map<String, AttributeValue> start, String filter, Map<String, AttributeValue> filterValues, int limit) {
        var values = new HashMap<String, AttributeValue>(filterValues);
        values.put(":p", AttributeValue.fromS(partitionValue));
        var condition = partitionAttribute + " = :p";
        if (dueBefore != null) {
            condition += " AND " + ResponseItem.FOLLOW_UP_DUE_AT + " < :dueBefore";
            values.put(":dueBefore", AttributeValue.fromS(dueBefore.toString()));
        }
        var page = dynamoDb.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(index)
                .keyConditionExpression(condition)
                .filterExpression(filter)
                .expressionAttributeValues(values)
                .exclusiveStartKey(start == null || start.isEmpty() ? null : start)
                .limit(limit)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build());
        var listed = page.items().stream().map(item -> new Listed(toCase(item), indexKey(item, partitionAttribute))).toList();
        var last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        var units = page.consumedCapacity() == null || page.consumedCapacity().capacityUnits() == null ? 0 : page.consumedCapacity().capacityUnits();
        return new IndexPage(listed, last, units);
    }

    private static Map<String, AttributeValue> indexKey(Map<String, AttributeValue> item, String partitionAttribute) {
        return Map.of(Table.PK, item.get(Table.PK), Table.SK, item.get(Table.SK),
                partitionAttribute, item.get(partitionAttribute), ResponseItem.FOLLOW_UP_DUE_AT, item.get(ResponseItem.FOLLOW_UP_DUE_AT));
    }

    /** Every item of one partition of the table: the desk's counters, a handful of small items. */
    public List<Map<String, AttributeValue>> partition(String partitionKey) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression(Table.PK + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey)))
                    .exclusiveStartKey(start)
                    .build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** An account's latest responses, newest first, from the responses-by-account index. */
    public List<Map<String, AttributeValue>> accountResponses(String accountId, int limit) {
        return dynamoDb.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(Table.RESPONSES_BY_ACCOUNT_INDEX)
                .keyConditionExpression(Table.ACCOUNT_ID + " = :account")
                .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId)))
                .scanIndexForward(false)
                .limit(limit)
                .build()).items();
    }

    public Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(key).consistentRead(true).build()).item();
        return item == null ? Map.of() : item;
    }

    /** Items by key, in batches of 100, in no particular order; missing ones are left out. */
    public List<Map<String, AttributeValue>> items(List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        var distinct = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        for (int from = 0; from < distinct.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(tableName,
                    KeysAndAttributes.builder().keys(distinct.subList(from, Math.min(from + 100, distinct.size()))).build());
            while (request != null && !request.isEmpty()) {
                var answer = dynamoDb.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                found.addAll(answer.responses().getOrDefault(tableName, List.of()));
                request = answer.hasUnprocessedKeys() && !answer.unprocessedKeys().isEmpty() ? answer.unprocessedKeys() : null;
            }
        }
        return found;
    }
}
