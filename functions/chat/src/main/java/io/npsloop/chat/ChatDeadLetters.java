package io.npsloop.chat;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a follow-up that can never be posted (a webhook gone, a payload refused) to the
 * dead-letter queue at once, with the route and the error word as attributes, instead of letting
 * it be retried until the queue's redrive gives up.
 */
public final class ChatDeadLetters {

    private final SqsClient sqs;
    private final String queueUrl;

    public ChatDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(String body, String route, String error) {
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                "route", text(route),
                "error", text(error))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
