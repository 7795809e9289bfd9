package io.npsloop.report;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.http.Answer;
import io.npsloop.table.LeadItem;
import io.npsloop.table.Table;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one place a referral lead is marked converted, from the API, the CSV import or the desk: the
 * lead's status becomes {@code converted} with its value and time (one conditional write, so of two
 * conversions one wins), then ONE {@code referral_converted} outcome counts for the promoter the lead
 * is attributed to, under an event id the lead names. Marking it again with the same value changes
 * nothing and finishes a run that stopped before its outcome; another value is a conflict.
 */
public final class LeadConversions {

    private static final JSON READER = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What marking a lead converted came to. */
    public sealed interface Converted {}

    /** Marked now ({@code again} false) or before with the same value; the outcome's result, null without a promoter. */
    public record Done(Map<String, Object> lead, Map<String, Object> outcome, boolean again) implements Converted {}

    public record UnknownLead() implements Converted {}

    /** Marked converted before with another value: nothing changed. */
    public record Conflict(BigDecimal value) implements Converted {}

    public record Invalid(List<Map<String, String>> errors) implements Converted {}

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final OutcomesApi outcomes;
    private final Clock clock;

    public LeadConversions(DynamoDbClient dynamoDb, String tableName, OutcomesApi outcomes, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome event id a new lead counts under ({@code referral_lead}): one per lead, whoever gives it and however often. */
    public static String leadEventId(String leadId) {
        return "referral-lead-" + leadId;
    }

    /** The outcome event id a lead's conversion counts under: one per lead, however often it is marked. */
    public static String outcomeEventId(String leadId) {
        return "referral-converted-" + leadId;
    }

    /** The lead a contact is, typed however (normalized as the referral page and the desk do). */
    public static String leadIdOfContact(String contact) {
        return Referral.leadIdOf(contact);
    }

    /** Marks the lead converted with {@code value} (money, at least 0, in the customers' annual value's currency) at {@code at}. */
    public Converted convert(String leadId, Object value, Instant at) {
        var checked = value(value);
        if (checked == null) {
            return new Invalid(List.of(Map.of("field", "value", "message",
                    "is required: a number from 0 to " + OutcomesApi.MAX_VALUE.toPlainString() + " with at most 6 decimals")));
        }
        if (at.isAfter(clock.instant().plusSeconds(86_400))) {
            return new Invalid(List.of(Map.of("field", "occurredAt", "message", "is in the future")));
        }
        if (leadId == null || !leadId.matches("[0-9a-f]{32}")) {
            return new UnknownLead();
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            var lead = get(leadId);
            if (lead == null) {
                return new UnknownLead();
            }
            if (LeadItem.CONVERTED.equals(Table.str(lead, LeadItem.STATUS))) {
                var stored = new BigDecimal(lead.get(LeadItem.CONVERTED_VALUE).n());
                if (stored.compareTo(checked) != 0) {
                    return new Conflict(stored);
                }
                // The same conversion again: its outcome once more, a duplicate unless the first run stopped before it.
                return new Done(view(leadId, lead), outcome(leadId, lead), true);
            }
            try {
                var after = dynamoDb.updateItem(r -> r.tableName(tableName).key(LeadItem.key(leadId))
                        .updateExpression("SET #status = :converted, #value = :value, #at = :at")
                        .conditionExpression("attribute_exists(#pk) AND #status <> :converted")
                        .expressionAttributeNames(Map.of("#status", LeadItem.STATUS, "#value", LeadItem.CONVERTED_VALUE,
                                "#at", LeadItem.CONVERTED_AT, "#pk", Table.PK))
                        .expressionAttributeValues(Map.of(":converted", AttributeValue.fromS(LeadItem.CONVERTED),
                                ":value", AttributeValue.fromN(checked.toPlainString()), ":at", AttributeValue.fromS(at.toString())))
                        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)).attributes();
                return new Done(view(leadId, after), outcome(leadId, after), false);
            } catch (ConditionalCheckFailedException raced) {
                // Erased or converted meanwhile: judged again as it now stands.
            }
        }
        return new UnknownLead();
    }

    /** {@code POST /leads/{leadId}/conversion}: {@code {"value": 1200}}, and {@code occurredAt} if not now. */
    public Answer post(String leadId, String body) {
        Map<String, Object> json;
        try {
            json = READER.mapFrom(body == null ? "" : body);
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        if (json == null) {
            return Answer.problem(400, "invalid", "The body must be a JSON object like {\"value\":1200}.");
        }
        var at = clock.instant();
        if (json.get("occurredAt") != null) {
            try {
                at = OffsetDateTime.parse(String.valueOf(json.get("occurredAt"))).toInstant();
            } catch (DateTimeParseException e) {
                return Answer.problem(400, "invalid", "The conversion is not valid.", List.of(Map.of("field", "occurredAt",
                        "message", "must be a date-time with its offset, e.g. 2026-05-01T09:30:00Z")));
            }
        }
        return answer(convert(leadId, json.get("value"), at));
    }

    /** The HTTP answer for a conversion, the same from the API and the desk. */
    public static Answer answer(Converted converted) {
        if (converted instanceof Invalid invalid) {
            return Answer.problem(400, "invalid", "The conversion is not valid.", invalid.errors());
        }
        if (converted instanceof UnknownLead) {
            return Answer.problem(404, "unknown-lead", "No lead has this id.");
        }
        if (converted instanceof Conflict conflict) {
            return Answer.problem(409, "converted-already", "This lead was marked converted with the value "
                    + conflict.value().toPlainString() + "; nothing was changed.");
        }
        var done = (Done) converted;
        var body = new LinkedHashMap<String, Object>();
        body.put("lead", done.lead());
        body.put("outcome", done.outcome());
        return Answer.json(200, done.again() ? "converted-before" : "converted", body);
    }

    private Map<String, Object> outcome(String leadId, Map<String, AttributeValue> lead) {
        var promoter = Table.str(lead, LeadItem.PROMOTER_ID);
        if (promoter == null) {
            return null;
        }
        var event = new LinkedHashMap<String, Object>();
        event.put("eventId", outcomeEventId(leadId));
        event.put("customerId", promoter);
        event.put("type", OutcomeType.REFERRAL_CONVERTED.wireName());
        event.put("occurredAt", Table.str(lead, LeadItem.CONVERTED_AT));
        event.put("value", new BigDecimal(lead.get(LeadItem.CONVERTED_VALUE).n()));
        return OutcomesApi.results(outcomes.record(List.of(event))).get(0);
    }

    /** The lead as the answer shows it: the attribution and the conversion, not the person. */
    static Map<String, Object> view(String leadId, Map<String, AttributeValue> lead) {
        var view = new LinkedHashMap<String, Object>();
        view.put("id", leadId);
        view.put("caseId", Table.str(lead, LeadItem.CASE_ID));
        view.put("arm", Table.str(lead, LeadItem.ARM));
        view.put("status", Table.str(lead, LeadItem.STATUS));
        view.put("convertedValue", lead.containsKey(LeadItem.CONVERTED_VALUE) ? new BigDecimal(lead.get(LeadItem.CONVERTED_VALUE).n()) : null);
        view.put("convertedAt", Table.str(lead, LeadItem.CONVERTED_AT));
        return view;
    }

    private Map<String, AttributeValue> get(String leadId) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(LeadItem.key(leadId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static BigDecimal value(Object raw) {
        BigDecimal value = null;
        if (raw instanceof BigDecimal decimal) {
            value = decimal;
        } else if (raw instanceof Number number) {
            value = new BigDecimal(number.toString());
        }
        if (value == null || value.signum() < 0 || value.compareTo(OutcomesApi.MAX_VALUE) > 0 || value.scale() > 6) {
            return null;
        }
        return value;
    }
}
