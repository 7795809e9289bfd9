package io.npsloop.dispatch;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.npsloop.aws.StreamImages;
import io.npsloop.domain.cases.Relationship;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * A step on a case that moved its customer's relationship (a recovery case left the statuses that
 * need someone, or people were referred on it), told from a stream record's old and new images, and
 * the topic message that says so. The message names whose relationship and the case, no count: a
 * redelivered record publishes it again, and a CRM connector reads the counts from the table
 * ({@link io.npsloop.aws.DynamoDbRelationships}) whenever it acts on one.
 */
public record RelationshipChange(String caseId, String customerId, String email, String accountId) {

    /** The {@code action} attribute and field of the message; no follow-up has it. */
    public static final String ACTION = "relationship";

    /**
     * The template's filter pattern that brings case steps to the dispatch function: every
     * modification whose new image has {@link ResponseItem#CASE_UPDATED_AT}, set by every step.
     */
    public static final String FILTER_PATTERN =
            "{\"eventName\": [\"MODIFY\"], \"dynamodb\": {\"NewImage\": {\"" + ResponseItem.CASE_UPDATED_AT + "\": {\"S\": [{\"exists\": true}]}}}}";

    /** The change a record carries, if it is a step on a case that moved the relationship. */
    public static Optional<RelationshipChange> of(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (!"MODIFY".equals(record.getEventName()) || change == null || change.getOldImage() == null || change.getNewImage() == null
                || !change.getNewImage().containsKey(ResponseItem.CASE_UPDATED_AT)) {
            return Optional.empty();
        }
        var before = StreamImages.toSdk(change.getOldImage());
        var after = StreamImages.toSdk(change.getNewImage());
        var was = ResponseItem.relationshipPart(before);
        var is = ResponseItem.relationshipPart(after);
        if (was.isEmpty() || is.isEmpty() || !Relationship.changed(was.get(), is.get())) {
            return Optional.empty();
        }
        return Optional.of(new RelationshipChange(ResponseItem.keyOf(after).value(), Table.str(after, ResponseItem.CUSTOMER_ID),
                Table.str(after, ResponseItem.EMAIL), Table.str(after, ResponseItem.ACCOUNT_ID)));
    }

    /** The message every non-email subscriber gets (email subscriptions filter it out). */
    public String json() {
        var who = new LinkedHashMap<String, Object>();
        who.put("id", customerId);
        who.put("email", email);
        who.put("accountId", accountId);
        var body = new LinkedHashMap<String, Object>();
        body.put("action", ACTION);
        body.put("caseId", caseId);
        body.put("respondent", who);
        return SnsFollowUpPublisher.json(body);
    }
}
