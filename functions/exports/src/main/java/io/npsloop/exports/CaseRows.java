package io.npsloop.exports;

import static io.npsloop.table.Table.str;

import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ResponseItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns stored response and outcome items into case rows. */
final class CaseRows {

    /** An outcome of a customer, as stored. */
    record CustomerOutcome(String type, Instant occurredAt, BigDecimal value) {}

    private CaseRows() {}

    static CustomerOutcome outcome(Map<String, AttributeValue> item) {
        var value = item.get(OutcomeItem.VALUE);
        return new CustomerOutcome(str(item, OutcomeItem.OUTCOME_TYPE), Instant.parse(str(item, OutcomeItem.OCCURRED_AT)),
                value == null ? BigDecimal.ZERO : new BigDecimal(value.n()));
    }

    /**
     * @param outcomes the customer's outcomes; those after the response was received are the case's,
     *     listed in time order
     */
    static CaseRow of(Map<String, AttributeValue> item, List<CustomerOutcome> outcomes) {
        var source = str(item, ResponseItem.SOURCE);
        var responseId = str(item, ResponseItem.RESPONSE_ID);
        var receivedAt = str(item, ResponseItem.RECEIVED_AT);
        var received = Instant.parse(receivedAt);
        String contactedAt = null;
        String resolution = null;
        String resolvedAt = null;
        String closedAt = null;
        var events = item.get(ResponseItem.CASE_EVENTS);
        if (events != null && events.hasL()) {
            for (var event : events.l()) {
                var type = event.m().get(ResponseItem.CASE_EVENT_TYPE).s();
                var at = event.m().get(ResponseItem.CASE_EVENT_AT).s();
                if (type.equals("contacted") && contactedAt == null) {
                    contactedAt = at;
                } else if ((type.equals("resolved") || type.equals("unresolved")) && resolvedAt == null) {
                    resolution = type;
                    resolvedAt = at;
                } else if (type.equals("closed")) {
                    closedAt = at;
                }
            }
        }
        var after = outcomes.stream().filter(o -> !o.occurredAt().isBefore(received))
                .sorted(Comparator.comparing(CustomerOutcome::occurredAt)).toList();
        var types = new ArrayList<String>();
        var value = BigDecimal.ZERO;
        for (var outcome : after) {
            types.add(outcome.type());
            value = value.add(outcome.value());
        }
        var annualValue = item.get(ResponseItem.ANNUAL_VALUE);
        var score = item.get(ResponseItem.SCORE);
        return new CaseRow(
                source + ":" + responseId, source, responseId, str(item, ResponseItem.SURVEY_ID),
                str(item, ResponseItem.CUSTOMER_ID), str(item, ResponseItem.ACCOUNT_ID), receivedAt,
                str(item, ResponseItem.SUBMITTED_AT), score == null ? null : Integer.valueOf(score.n()),
                str(item, ResponseItem.CATEGORY), str(item, ResponseItem.VALUE_TIER),
                annualValue == null ? null : new BigDecimal(annualValue.n()),
                str(item, ResponseItem.FOLLOW_UP_ACTION), str(item, ResponseItem.ARM),
                str(item, ResponseItem.FOLLOW_UP_STATUS), str(item, ResponseItem.FOLLOW_UP_REASON),
                str(item, ResponseItem.FOLLOW_UP_DUE_AT), str(item, ResponseItem.FOLLOW_UP_SENT_AT),
                str(item, ResponseItem.CASE_STATUS), contactedAt, resolution, resolvedAt, closedAt,
                str(item, ResponseItem.ESCALATED_AT),
                types.isEmpty() ? null : String.join(";", types),
                after.isEmpty() ? null : after.get(after.size() - 1).occurredAt().toString(),
                after.isEmpty() ? null : value,
                str(item, ResponseItem.VARIANT));
    }
}
