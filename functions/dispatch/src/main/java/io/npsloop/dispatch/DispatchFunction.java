package io.npsloop.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.ResponseItems;
import io.npsloop.aws.Settings;
import io.npsloop.aws.StreamImages;
import io.npsloop.domain.FollowUpDispatcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Runs on the table's stream, filtered to responses whose follow-up or escalation is pending,
 * and publishes each once. On a failure it reports that record and stops: Lambda retries from it,
 * keeping each shard's order, and records before it are not redelivered.
 */
public final class DispatchFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final FollowUpDispatcher dispatcher;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public DispatchFunction() {
        this(Settings.fromEnvironment());
    }

    /** The production wiring from explicit settings, e.g. the local stack's. */
    public DispatchFunction(Settings settings) {
        var clients = new AwsClients(settings);
        this.dispatcher = new FollowUpDispatcher(
                new DynamoDbFollowUpLedger(clients.dynamoDb(), settings.required("TABLE_NAME")),
                new SnsFollowUpPublisher(
                        clients.configure(SnsClient.builder(), "SNS").build(), settings.required("TOPIC_ARN")),
                Clock.systemUTC());
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        var failures = new ArrayList<StreamsEventResponse.BatchItemFailure>();
        var records = event.getRecords() == null ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords();
        for (var record : records) {
            var change = record.getDynamodb();
            var image = change == null ? null : change.getNewImage();
            boolean followUp = isPending(image, ResponseItems.FOLLOW_UP_STATUS);
            boolean escalation = isPending(image, ResponseItems.ESCALATION_STATUS);
            if (!followUp && !escalation) {
                continue; // the event filter should have dropped it; nothing to publish
            }
            try {
                var key = ResponseItems.keyOf(StreamImages.toSdk(change.getKeys()));
                if (followUp) {
                    var outcome = dispatcher.dispatch(key);
                    context.getLogger().log("follow-up id=" + key.value() + " outcome=" + outcome, LogLevel.INFO);
                }
                if (escalation) {
                    var outcome = dispatcher.escalate(key);
                    context.getLogger().log("escalation id=" + key.value() + " outcome=" + outcome, LogLevel.INFO);
                }
            } catch (RuntimeException e) {
                // Ids and types only: the image holds personal data.
                context.getLogger().log("follow-up failed sequence=" + change.getSequenceNumber() + " error="
                        + e.getClass().getSimpleName(), LogLevel.ERROR);
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(change.getSequenceNumber())
                        .build());
                break;
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private static boolean isPending(java.util.Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image,
                                     String attribute) {
        return image != null && image.containsKey(attribute) && ResponseItems.PENDING.equals(image.get(attribute).getS());
    }
}
