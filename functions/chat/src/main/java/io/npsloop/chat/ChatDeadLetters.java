package io.npsloop.chat;

import io.npsloop.aws.SqsCalls;
import java.util.Map;

/**
 * Moves a follow-up that can never be posted (a webhook gone, a payload refused) to the
 * dead-letter queue at once, with the route and the error word as attributes, instead of letting
 * it be retried until the queue's redrive gives up.
 */
public final class ChatDeadLetters {

    private final SqsCalls sqs;
    private final String queueUrl;

    public ChatDeadLetters(SqsCalls sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(String body, String route, String error) {
        sqs.send(queueUrl, body, Map.of("route", route, "error", error));
    }
}
