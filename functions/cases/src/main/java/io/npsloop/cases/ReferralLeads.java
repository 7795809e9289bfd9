package io.npsloop.cases;

import io.npsloop.cases.desk.OutcomeRecorder;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.FollowUpCase;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.table.LeadItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The one place where people a promoter names become leads, from the desk or the promoter's own
 * page alike: the people go on the case with a REFERRED event (through {@link DynamoDbCases#record}),
 * each person not yet a lead anywhere becomes one ({@link LeadItem}, put only if absent, so the same
 * person referred twice stays the first ask's), and each new lead counts one {@code referral_lead}
 * outcome for the promoter through the outcome intake, under an event id the lead names, so a retry
 * counts it once.
 */
public final class ReferralLeads {

    /** Where the people were given. */
    public enum Origin {
        PAGE("page"), DESK("desk");

        private final String wireName;

        Origin(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The case after the people were put on it (or why not), the leads that are new, and the outcomes' results. */
    public record Given(DynamoDbCases.Recorded recorded, List<String> newLeads, List<Map<String, Object>> outcomes) {}

    private final DynamoDbCases cases;
    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final OutcomeRecorder outcomes;

    public ReferralLeads(DynamoDbCases cases, DynamoDbClient dynamoDb, String tableName, OutcomeRecorder outcomes) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** The outcome event id a lead counts under: one per lead, whoever gives it and however often. */
    public static String outcomeEventId(String leadId) {
        return "referral-lead-" + leadId;
    }

    public Given give(FollowUpCase found, List<Referral> people, String by, Origin origin, Instant now) {
        var key = found.record().key();
        // The people first, on the case: they are what the team works from; then one lead each for the report.
        var noted = new CaseEvent(CaseEvent.Type.REFERRED, now, by, people.size() + (people.size() == 1 ? " person" : " people"));
        var recorded = cases.record(key, List.of(noted), people, c -> true);
        if (!(recorded instanceof DynamoDbCases.Moved)) {
            return new Given(recorded, List.of(), List.of());
        }
        var promoter = found.record().response().respondent().id();
        // A lead lasts as long as the answer it came from: ResponseRetentionDays, whoever reads it.
        var expiresAt = cases.item(ResponseItem.key(key)).get(Table.EXPIRES_AT);
        var fresh = new ArrayList<String>();
        for (var person : people) {
            if (putLead(found, person, promoter, origin, now, expiresAt)) {
                fresh.add(person.leadId());
            }
        }
        var events = new ArrayList<Map<String, Object>>();
        if (promoter != null) {
            for (var leadId : fresh) {
                events.add(Map.of("eventId", outcomeEventId(leadId), "customerId", promoter,
                        "type", OutcomeType.REFERRAL_LEAD.wireName(), "occurredAt", now.toString()));
            }
        }
        List<Map<String, Object>> results = List.of();
        if (!events.isEmpty()) {
            @SuppressWarnings("unchecked")
            var answered = (List<Map<String, Object>>) outcomes.record(events).get("results");
            results = answered;
        }
        return new Given(recorded, fresh, results);
    }

    /** The lead a person is, if there is one: name, contact, when, and the case it is attributed to. */
    public Map<String, Object> lead(String leadId) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(LeadItem.key(leadId)).consistentRead(true).build())
                .item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        var view = new LinkedHashMap<String, Object>();
        view.put("id", leadId);
        view.put("caseId", Table.str(item, LeadItem.CASE_ID));
        view.put("origin", Table.str(item, LeadItem.ORIGIN));
        view.put("status", Table.str(item, LeadItem.STATUS));
        view.put("createdAt", Table.str(item, LeadItem.CREATED_AT));
        return view;
    }

    /** Puts the person's lead if no one referred them before; true if it is new. */
    private boolean putLead(FollowUpCase found, Referral person, String promoter, Origin origin, Instant now, AttributeValue expiresAt) {
        var record = found.record();
        var item = new HashMap<String, AttributeValue>(LeadItem.key(person.leadId()));
        item.put(Table.TYPE, AttributeValue.fromS(LeadItem.TYPE_NAME));
        item.put(LeadItem.LEAD_ID, AttributeValue.fromS(person.leadId()));
        item.put(LeadItem.NAME, AttributeValue.fromS(person.name()));
        item.put(LeadItem.CONTACT, AttributeValue.fromS(person.contact()));
        if (person.note() != null) {
            item.put(LeadItem.NOTE, AttributeValue.fromS(person.note()));
        }
        // Every way in asks for it: the desk's consent field, the page's checkbox per person.
        item.put(LeadItem.CONSENT, AttributeValue.fromBool(true));
        item.put(LeadItem.CONSENT_AT, AttributeValue.fromS(now.toString()));
        item.put(LeadItem.CASE_ID, AttributeValue.fromS(found.id()));
        if (promoter != null) {
            item.put(LeadItem.PROMOTER_ID, AttributeValue.fromS(promoter));
        }
        record.decision().arm().ifPresent(arm -> item.put(LeadItem.ARM, AttributeValue.fromS(arm.wireName())));
        item.put(LeadItem.ACTION, AttributeValue.fromS(found.followUp().action().wireName()));
        item.put(LeadItem.DECISION_REASON, AttributeValue.fromS(record.decision().reason()));
        item.put(LeadItem.VARIANT, record.decision().variant().map(AttributeValue::fromS).orElse(AttributeValue.fromNul(true)));
        item.put(LeadItem.ORIGIN, AttributeValue.fromS(origin.wireName()));
        item.put(LeadItem.CREATED_AT, AttributeValue.fromS(now.toString()));
        item.put(LeadItem.STATUS, AttributeValue.fromS(LeadItem.NEW));
        if (expiresAt != null) {
            item.put(Table.EXPIRES_AT, expiresAt);
        }
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")").build());
            return true;
        } catch (ConditionalCheckFailedException known) {
            // Referred before, by this promoter or another: the first ask keeps the lead.
            return false;
        }
    }
}
