package io.npsloop.exports;

import io.npsloop.aws.ResponseItems;
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
        var value = item.get("value");
        return new CustomerOutcome(ResponseItems.str(item, "outcomeType"), Instant.parse(ResponseItems.str(item, "occurredAt")),
                value == null ? BigDecimal.ZERO : new BigDecimal(value.n()));
    }

    /**
     * @param outcomes the customer's outcomes; those after the response was received are the case's,
     *     listed in time order
     */
    static CaseRow of(Map<String, AttributeValue> item, List<CustomerOutcome> outcomes) {
        var source = ResponseItems.str(item, "source");
        var responseId = ResponseItems.str(item, "responseId");
        var receivedAt = ResponseItems.str(item, "receivedAt");
        var received = Instant.parse(receivedAt);
        String contactedAt = null;
        String resolution = null;
        String resolvedAt = null;
        String closedAt = null;
        var events = item.get("caseEvents");
        if (events != null && events.hasL()) {
            for (var event : events.l()) {
                var type = event.m().get("type").s();
                var at = event.m().get("at").s();
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
        var annualValue = item.get("annualValue");
        var score = item.get("score");
        return new CaseRow(
                source + ":" + responseId, source, responseId, ResponseItems.str(item, "surveyId"),
                ResponseItems.str(item, "customerId"), ResponseItems.str(item, "accountId"), receivedAt,
                ResponseItems.str(item, "submittedAt"), score == null ? null : Integer.valueOf(score.n()),
                ResponseItems.str(item, ResponseItems.CATEGORY), ResponseItems.str(item, "valueTier"),
                annualValue == null ? null : new BigDecimal(annualValue.n()),
                ResponseItems.str(item, ResponseItems.FOLLOW_UP_ACTION), ResponseItems.str(item, ResponseItems.ARM),
                ResponseItems.str(item, ResponseItems.FOLLOW_UP_STATUS), ResponseItems.str(item, "followUpReason"),
                ResponseItems.str(item, "followUpDueAt"), ResponseItems.str(item, ResponseItems.FOLLOW_UP_SENT_AT),
                ResponseItems.str(item, ResponseItems.CASE_STATUS), contactedAt, resolution, resolvedAt, closedAt,
                ResponseItems.str(item, "escalatedAt"),
                types.isEmpty() ? null : String.join(";", types),
                after.isEmpty() ? null : after.get(after.size() - 1).occurredAt().toString(),
                after.isEmpty() ? null : value);
    }
}
