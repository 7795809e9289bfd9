package io.npsloop.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which steps on a case, read from a stream record's two images, are worth telling a CRM of. */
class RelationshipChangeTest {

    /** A response item with a case, as the stream carries it: {@code referrals} people on it, {@code updated} whether a step ran. */
    private static Map<String, AttributeValue> image(String action, String status, int referrals, boolean updated) {
        var image = new HashMap<String, AttributeValue>();
        image.put("pk", new AttributeValue().withS("RESPONSE#generic#r-1"));
        image.put("sk", new AttributeValue().withS("RESPONSE"));
        image.put("type", new AttributeValue().withS("response"));
        image.put("customerId", new AttributeValue().withS("cust-1"));
        image.put("email", new AttributeValue().withS("dana@example.com"));
        image.put("name", new AttributeValue().withS("Dana Whitfield"));
        image.put("accountId", new AttributeValue().withS("acct-1"));
        image.put("comment", new AttributeValue().withS("Slow"));
        image.put("followUpAction", new AttributeValue().withS(action));
        image.put("followUpStatus", new AttributeValue().withS("sent"));
        image.put("caseStatus", new AttributeValue().withS(status));
        if (referrals > 0) {
            var people = new ArrayList<AttributeValue>();
            for (int i = 0; i < referrals; i++) {
                people.add(new AttributeValue().withM(Map.of("name", new AttributeValue().withS("Person " + i),
                        "contact", new AttributeValue().withS("p" + i + "@example.com"))));
            }
            image.put("caseReferrals", new AttributeValue().withL(people));
        }
        if (updated) {
            image.put("caseUpdatedAt", new AttributeValue().withS("2026-11-23T10:00:00Z"));
        }
        return image;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        change.setKeys(Map.of("pk", new AttributeValue().withS("RESPONSE#generic#r-1"), "sk", new AttributeValue().withS("RESPONSE")));
        change.setOldImage(before);
        change.setNewImage(after);
        change.setSequenceNumber("1");
        record.setDynamodb(change);
        return record;
    }

    @ParameterizedTest(name = "{0} {1} ({2} referred) -> {3} ({4} referred): {5}")
    @CsvSource({
        "recovery, open, 0, resolved, 0, true",
        "recovery, contacted, 0, resolved, 0, true",
        "recovery, contacted, 0, closed, 0, true",
        "recovery, open, 0, unresolved, 0, true",
        "recovery, open, 0, contacted, 0, false",
        "recovery, contacted, 0, contacted, 0, false",
        "recovery, resolved, 0, closed, 0, false",
        "referral, open, 0, contacted, 0, false",
        "referral, contacted, 0, contacted, 2, true",
        "referral, open, 0, contacted, 1, true",
        "referral, contacted, 2, resolved, 2, false",
        "nurture, open, 0, closed, 0, false",
    })
    void aStepIsToldOnlyWhenARecoveryCaseLeavesTheOpenStatusesOrPeopleAreReferred(
            String action, String before, int referredBefore, String after, int referredAfter, boolean told) {
        var change = RelationshipChange.of(record("MODIFY", image(action, before, referredBefore, true), image(action, after, referredAfter, true)));

        assertThat(change.isPresent()).isEqualTo(told);
        change.ifPresent(c -> assertThat(c).isEqualTo(new RelationshipChange("generic:r-1", "cust-1", "dana@example.com", "acct-1")));
    }

    @Test
    void nothingRelevantIsNotToldWhateverElseChanged() {
        // The first step: the old image had no caseUpdatedAt, the new one has.
        assertThat(RelationshipChange.of(record("MODIFY", image("recovery", "open", 0, false), image("recovery", "resolved", 0, true))))
                .isPresent();
        // An escalation marked or a follow-up sent on a case no step touched: no caseUpdatedAt.
        assertThat(RelationshipChange.of(record("MODIFY", image("recovery", "open", 0, false), image("recovery", "closed", 0, false))))
                .isEmpty();
        // Inserted or removed: not a step (a new case reaches the CRM as its follow-up; erasure removes).
        assertThat(RelationshipChange.of(record("INSERT", null, image("recovery", "open", 0, true)))).isEmpty();
        assertThat(RelationshipChange.of(record("REMOVE", image("recovery", "open", 0, true), null))).isEmpty();
        // A response without a case of its own (no follow-up considered).
        var noCase = image("none", "open", 0, true);
        noCase.remove("caseStatus");
        assertThat(RelationshipChange.of(record("MODIFY", noCase, noCase))).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMessageNamesTheCaseAndWhoseRelationshipAndNothingElseOfTheirs() throws Exception {
        var change = RelationshipChange.of(record("MODIFY", image("recovery", "contacted", 0, true), image("recovery", "resolved", 0, true)))
                .orElseThrow();

        var json = JSON.std.mapFrom(change.json());

        assertThat(json).containsOnlyKeys("action", "caseId", "respondent").containsEntry("action", "relationship")
                .containsEntry("caseId", "generic:r-1");
        assertThat((Map<String, Object>) json.get("respondent"))
                .isEqualTo(Map.of("id", "cust-1", "email", "dana@example.com", "accountId", "acct-1"));
        assertThat(change.json()).doesNotContain("Dana Whitfield").doesNotContain("Slow");
    }
}
