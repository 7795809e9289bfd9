package io.npsloop.report;

import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.table.LeadItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ReferralLinkItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Erases a person a promoter referred, by their email or phone, on their request: their lead
 * ({@link LeadItem}, keyed by the contact's hash), their entry on every case the lead names (the
 * case it is attributed to and the cases that named them later), the people a referral link still
 * holds for that case, and the two outcome events the lead named. The report's counters keep the
 * lead and the conversion as numbers, with nothing of the person. Running it again removes nothing
 * twice; an unknown contact removes nothing.
 */
final class DynamoDbReferredPersonErasure {

    /** Kinds in the order the answer lists them. */
    static final List<String> KINDS = List.of("leads", "caseReferrals", "outcomeEvents");

    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    DynamoDbReferredPersonErasure(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** How many of each kind were removed. */
    Map<String, Integer> erase(String contact) {
        var removed = new LinkedHashMap<String, Integer>();
        KINDS.forEach(kind -> removed.put(kind, 0));
        var leadId = Referral.leadIdOf(contact);
        var lead = get(LeadItem.key(leadId));
        if (lead == null) {
            return removed;
        }
        var cases = new LinkedHashSet<String>();
        var attributed = Table.str(lead, LeadItem.CASE_ID);
        if (attributed != null) {
            cases.add(attributed);
        }
        if (lead.containsKey(LeadItem.ALSO_ON_CASES)) {
            cases.addAll(lead.get(LeadItem.ALSO_ON_CASES).ss());
        }
        // The cases first, then the lead: a run that stops half-way still knows where to look next time.
        for (var caseId : cases) {
            var key = ResponseKey.fromValue(caseId).orElse(null);
            if (key != null) {
                removed.merge("caseReferrals", without(ResponseItem.key(key), ResponseItem.CASE_REFERRALS, leadId), Integer::sum);
                without(ReferralLinkItem.used(key), ReferralLinkItem.PEOPLE, leadId);
            }
        }
        for (var eventId : List.of(LeadConversions.leadEventId(leadId), LeadConversions.outcomeEventId(leadId))) {
            if (delete(OutcomeItem.key(eventId))) {
                removed.merge("outcomeEvents", 1, Integer::sum);
            }
        }
        if (delete(LeadItem.key(leadId))) {
            removed.merge("leads", 1, Integer::sum);
        }
        return removed;
    }

    /** Takes the person's entries out of a list of people on an item, only from the list as read; how many. */
    private int without(Map<String, AttributeValue> key, String attribute, String leadId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var item = get(key);
            if (item == null || !item.containsKey(attribute) || !item.get(attribute).hasL()) {
                return 0;
            }
            var before = item.get(attribute).l();
            var kept = before.stream().filter(p -> {
                var contact = p.hasM() ? Table.str(p.m(), "contact") : null;
                return contact == null || !Referral.leadIdOf(contact).equals(leadId);
            }).toList();
            if (kept.size() == before.size()) {
                return 0;
            }
            try {
                dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                        .updateExpression("SET #people = :kept").conditionExpression("#people = :before")
                        .expressionAttributeNames(Map.of("#people", attribute))
                        .expressionAttributeValues(Map.of(":kept", AttributeValue.fromL(kept), ":before", AttributeValue.fromL(before))));
                return before.size() - kept.size();
            } catch (ConditionalCheckFailedException changed) {
                // Someone referred more people meanwhile: read the list again.
            }
        }
        throw new IllegalStateException("the people on an item kept changing while erasing one of them");
    }

    private boolean delete(Map<String, AttributeValue> key) {
        var gone = dynamoDb.deleteItem(r -> r.tableName(tableName).key(key).returnValues(ReturnValue.ALL_OLD)).attributes();
        return gone != null && !gone.isEmpty();
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
