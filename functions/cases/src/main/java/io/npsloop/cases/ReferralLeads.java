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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one place where people a promoter names become leads, from the desk or the promoter's own
 * page alike: the people go on the case with a REFERRED event (through {@link DynamoDbCases#record}),
 * each person not yet a lead anywhere becomes one ({@link LeadItem}, put only if absent, so the same
 * person referred twice stays the first ask's, which notes the later case), and each lead of this
 * ask counts one {@code referral_lead} outcome for the promoter through the outcome intake, under an
 * event id the lead names, so a retry, or a run finishing one that stopped, counts it once.
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

    /** Where people referred on these cases become leads, in the cases' table, their outcomes counted by {@code outcomes}. */
    public ReferralLeads(DynamoDbCases cases, OutcomeRecorder outcomes) {
        this.cases = Objects.requireNonNull(cases, "cases");
        this.dynamoDb = cases.dynamoDb();
        this.tableName = cases.tableName();
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    }

    /** The outcome event id a lead counts under: one per lead, whoever gives it and however often. */
    public static String outcomeEventId(String leadId) {
        return io.npsloop.report.LeadConversions.leadEventId(leadId);
    }

    public Given give(FollowUpCase found, List<Referral> people, String by, Origin origin, Instant now) {
        return give(found, people, by, origin, now, null);
    }

    /**
     * Puts the people on the case, with {@code alongside} in the same transaction if given (the
     * referral page's claim of its link), then makes their leads ({@link #complete}).
     */
    public Given give(FollowUpCase found, List<Referral> people, String by, Origin origin, Instant now, Put alongside) {
        var key = found.record().key();
        // The people first, on the case: they are what the team works from; then one lead each for the report.
        var noted = new CaseEvent(CaseEvent.Type.REFERRED, now, by, people.size() + (people.size() == 1 ? " person" : " people"));
        var recorded = cases.record(key, List.of(noted), people, c -> true, alongside);
        if (!(recorded instanceof DynamoDbCases.Moved)) {
            return new Given(recorded, List.of(), List.of());
        }
        var made = complete(found, people, origin, now);
        return new Given(recorded, made.newLeads(), made.outcomes());
    }

    /**
     * Makes the leads of people already on the case, as often as asked with the same result: a lead
     * is put only if absent, and each lead attributed to this case counts its outcome under an event
     * id the lead names, so a run that stopped half-way is finished by running it again.
     */
    public Given complete(FollowUpCase found, List<Referral> people, Origin origin, Instant now) {
        var key = found.record().key();
        var promoter = found.record().response().respondent().id();
        // A lead lasts as long as the answer it came from: ResponseRetentionDays, whoever reads it.
        var expiresAt = cases.item(ResponseItem.key(key)).get(Table.EXPIRES_AT);
        var fresh = new ArrayList<String>();
        var attributed = new ArrayList<String>();
        for (var person : people) {
            var put = putLead(found, person, promoter, origin, now, expiresAt);
            if (put == LeadPut.NEW) {
                fresh.add(person.leadId());
            }
            if (put != LeadPut.OTHER_CASE && !attributed.contains(person.leadId())) {
                attributed.add(person.leadId());
            }
        }
        var events = new ArrayList<Map<String, Object>>();
        if (promoter != null) {
            for (var leadId : attributed) {
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
        return new Given(new DynamoDbCases.Moved(found), fresh, results);
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

    /** What putting a lead found: none before, one of this very case (a repeat), or another case's. */
    private enum LeadPut { NEW, THIS_CASE, OTHER_CASE }

    /** Puts the person's lead if no one referred them before. */
    private LeadPut putLead(FollowUpCase found, Referral person, String promoter, Origin origin, Instant now, AttributeValue expiresAt) {
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
            return LeadPut.NEW;
        } catch (ConditionalCheckFailedException known) {
            // Referred before, by this case or another: the first ask keeps the lead. The case that
            // named them again is noted on it, so erasing the person reaches every case they are on.
            try {
                var lead = dynamoDb.updateItem(UpdateItemRequest.builder().tableName(tableName).key(LeadItem.key(person.leadId()))
                        .updateExpression("ADD #cases :case").conditionExpression("attribute_exists(" + Table.PK + ")")
                        .expressionAttributeNames(Map.of("#cases", LeadItem.ALSO_ON_CASES))
                        .expressionAttributeValues(Map.of(":case", AttributeValue.fromSs(List.of(found.id()))))
                        .returnValues(ReturnValue.ALL_OLD).build()).attributes();
                return found.id().equals(Table.str(lead, LeadItem.CASE_ID)) ? LeadPut.THIS_CASE : LeadPut.OTHER_CASE;
            } catch (ConditionalCheckFailedException erased) {
                // Erased in between: nothing of theirs to count.
                return LeadPut.OTHER_CASE;
            }
        }
    }
}
