package io.npsloop.connectors;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a follow-up an outside tool refuses for good (a 4xx other than 429) to the connector's
 * dead-letter queue at once, with the connector and the error word as attributes, instead of
 * letting it be retried until the queue's redrive gives up.
 */
public final class ConnectorDeadLetters {

    private final SqsClient sqs;
    private final String queueUrl;

    public ConnectorDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(String body, String connector, String error) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                "connector", text(connector),
                "error", text(error))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
