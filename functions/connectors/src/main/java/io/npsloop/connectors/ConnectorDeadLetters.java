package io.npsloop.connectors;

import io.npsloop.aws.SqsCalls;
import java.util.Map;

/**
 * Moves a follow-up an outside tool refuses for good (a 4xx other than 429) to the connector's
 * dead-letter queue at once, with the connector and the error word as attributes, instead of
 * letting it be retried until the queue's redrive gives up.
 */
public final class ConnectorDeadLetters {

    private final SqsCalls sqs;
    private final String queueUrl;

    public ConnectorDeadLetters(SqsCalls sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public void send(String body, String connector, String error) {
        sqs.send(queueUrl, body, Map.of("connector", connector, "error", error));
    }
}
