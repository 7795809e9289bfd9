package io.npsloop.dispatch;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.npsloop.aws.Priming;
import io.npsloop.aws.StreamImages;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.notices.FollowUpNotices;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.table.ResponseItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dispatch function's priming: a read of the table, a sample record's key, and a made-up
 * follow-up rendered as its message. SNS is not called: its only granted call is Publish.
 */
final class DispatchPriming {

    private DispatchPriming() {}

    static Priming of(DynamoDbClient dynamoDb, String table, Clock clock) {
        return new Priming("dispatch", clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("record", () -> {
                    // A sample record's keys as the stream delivers them.
                    var keys = new HashMap<String, AttributeValue>();
                    ResponseItem.key(new ResponseKey("priming", "sample")).forEach((name, value) -> keys.put(name, new AttributeValue().withS(value.s())));
                    ResponseItem.keyOf(StreamImages.toSdk(keys));
                })
                .step("message", () -> {
                    var now = clock.instant();
                    var response = new SurveyResponse(new ResponseKey("priming", "sample"), "priming",
                            new Respondent("priming", null, null, null, "en", new BigDecimal("1000")), new Score(0), null, now);
                    var policy = new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "priming")));
                    var record = new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(response.respondent().annualValue()),
                            policy.decide(response, RespondentHistory.NONE, now), now);
                    // Through the item form, as a claimed follow-up comes back from the table.
                    var stored = ResponseItem.fromItem(ResponseItem.toItem(record, Duration.ofDays(1)));
                    SnsFollowUpPublisher.FollowUpMessages.json(FollowUpNotices.render(stored));
                });
    }
}
