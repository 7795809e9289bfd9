package io.npsloop.aws;

import io.npsloop.domain.cases.Relationship;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * A customer's and an account's {@link Relationship} as the table holds it now, for a CRM to show:
 * the customer's cases from the response keys on their state (as erasure finds them, no scan), the
 * account's from the responses-by-account index. Read whole each time, so a message delivered twice
 * sets the same values twice, and the follow-up path and the case-change path agree.
 */
public final class DynamoDbRelationships {

    /** Only what a case's share needs. */
    private static final String PROJECTION = String.join(", ",
            Table.PK, Table.SK, ResponseItem.CASE_STATUS, ResponseItem.FOLLOW_UP_ACTION, ResponseItem.CASE_REFERRALS);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbRelationships(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /**
     * The customer's cases: those listed on their state, and {@code caseKey} (may be null) whether
     * listed or not, which is all there is of a customer without an id.
     */
    public Relationship ofCustomer(String customerId, ResponseKey caseKey) {
        var keys = new LinkedHashSet<Map<String, AttributeValue>>();
        if (caseKey != null) {
            keys.add(ResponseItem.key(caseKey));
        }
        if (customerId != null) {
            var state = dynamoDb.getItem(r -> r.tableName(tableName).key(CustomerItem.key(customerId)).consistentRead(true)
                    .projectionExpression(CustomerItem.RESPONSE_KEYS)).item();
            var listed = state == null ? null : state.get(CustomerItem.RESPONSE_KEYS);
            if (listed != null && listed.hasSs()) {
                listed.ss().stream().map(ResponseKey::fromValue).flatMap(java.util.Optional::stream).map(ResponseItem::key).forEach(keys::add);
            }
        }
        return Relationship.of(items(new ArrayList<>(keys)).stream()
                .map(ResponseItem::relationshipPart).flatMap(java.util.Optional::stream).toList());
    }

    /** The cases of every response of the account the table keeps. */
    public Relationship ofAccount(String accountId) {
        var parts = new ArrayList<Relationship.Part>();
        Map<String, AttributeValue> start = null;
        do {
            var from = start;
            var page = dynamoDb.query(r -> r.tableName(tableName).indexName(Table.RESPONSES_BY_ACCOUNT_INDEX)
                    .keyConditionExpression(Table.ACCOUNT_ID + " = :account")
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId)))
                    .projectionExpression(PROJECTION)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ResponseItem.relationshipPart(item).ifPresent(parts::add));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return Relationship.of(parts);
    }

    /** Strongly consistent: the step that brought the message was written just before. */
    private List<Map<String, AttributeValue>> items(List<Map<String, AttributeValue>> keys) {
        var found = new ArrayList<Map<String, AttributeValue>>();
        for (int from = 0; from < keys.size(); from += 100) {
            Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(from + 100, keys.size()))).projectionExpression(PROJECTION).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                var asked = request;
                var answer = dynamoDb.batchGetItem(r -> r.requestItems(asked));
                found.addAll(answer.responses().getOrDefault(tableName, List.of()));
                request = answer.hasUnprocessedKeys() && !answer.unprocessedKeys().isEmpty() ? answer.unprocessedKeys() : null;
            }
        }
        return found;
    }
}
