package io.npsloop.dispatch;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a {@link RelationshipChange} to the follow-up topic with the attribute
 * {@code action=relationship}: subscriptions that filter on the follow-ups' actions never receive
 * it, and a CRM connector subscribes to it by name.
 */
public final class SnsRelationshipPublisher {

    private final SnsClient sns;
    private final String topicArn;

    public SnsRelationshipPublisher(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    public String publish(RelationshipChange change) {
        return sns.publish(r -> r.topicArn(topicArn).message(change.json()).messageAttributes(Map.of("action",
                MessageAttributeValue.builder().dataType("String").stringValue(RelationshipChange.ACTION).build()))).messageId();
    }
}
