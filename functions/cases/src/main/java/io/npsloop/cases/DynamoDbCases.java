package io.npsloop.cases;

import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.CaseStatus;
import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.policy.Action;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
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

    /** Appends the event and moves the case, only from the status it was read in; a concurrent step wins and this one is re-checked. */
    public Recorded record(ResponseKey key, CaseEvent event) {
        for (int attempt = 0; attempt < 5; attempt++) {
            var current = find(key);
            if (current.isEmpty()) {
                return new NotFound();
            }
            var before = current.get().status();
            var next = event.next(before);
            if (next.isEmpty()) {
                return new NotAllowed(before);
            }
            var values = new HashMap<String, AttributeValue>();
            values.put(":before", AttributeValue.fromS(before.wireName()));
            values.put(":after", AttributeValue.fromS(next.get().wireName()));
            values.put(":event", AttributeValue.fromL(List.of(AttributeValue.fromM(eventItem(event)))));
            values.put(":empty", AttributeValue.fromL(List.of()));
            values.put(":at", AttributeValue.fromS(event.at().toString()));
            var update = "SET " + ResponseItem.CASE_STATUS + " = :after, caseUpdatedAt = :at, "
                    + CASE_EVENTS + " = list_append(if_not_exists(" + CASE_EVENTS + ", :empty), :event)"
                    + (next.get().needsAttention() ? "" : " REMOVE " + ResponseItem.OPEN_CASE);
            try {
                dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(tableName)
                        .key(ResponseItem.key(key))
                        .conditionExpression(ResponseItem.CASE_STATUS + " = :before")
                        .updateExpression(update)
                        .expressionAttributeValues(values)
                        .build());
                return new Moved(find(key).orElseThrow());
            } catch (ConditionalCheckFailedException raced) {
                // Someone else moved the case meanwhile: judge the event again against where it is now.
            }
        }
        throw new IllegalStateException("case " + key + " kept changing while recording an event");
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

    private static Map<String, AttributeValue> eventItem(CaseEvent event) {
        var item = new HashMap<String, AttributeValue>();
        item.put(ResponseItem.CASE_EVENT_TYPE, AttributeValue.fromS(event.type().wireName()));
        item.put(ResponseItem.CASE_EVENT_AT, AttributeValue.fromS(event.at().toString()));
        item.put("by", AttributeValue.fromS(event.by()));
        if (event.note() != null) {
            item.put("note", AttributeValue.fromS(event.note()));
        }
        return item;
    }

    static FollowUpCase toCase(Map<String, AttributeValue> item) {
        var events = new ArrayList<CaseEvent>();
        if (item.containsKey(CASE_EVENTS)) {
            for (var value : item.get(CASE_EVENTS).l()) {
                var m = value.m();
                events.add(new CaseEvent(CaseEvent.Type.fromWireName(m.get(ResponseItem.CASE_EVENT_TYPE).s()).orElseThrow(),
                        Instant.parse(m.get(ResponseItem.CASE_EVENT_AT).s()), m.get("by").s(), m.containsKey("note") ? m.get("note").s() : null));
            }
        }
        var escalated = Table.str(item, ESCALATED_AT);
        return new FollowUpCase(ResponseItem.fromItem(item), CaseStatus.fromWireName(Table.str(item, ResponseItem.CASE_STATUS)),
                events, escalated == null ? null : Instant.parse(escalated));
    }
}
