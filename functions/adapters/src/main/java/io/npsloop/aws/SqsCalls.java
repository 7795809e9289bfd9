package io.npsloop.aws;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The two SQS calls the functions make, SendMessage and ChangeMessageVisibility, as signed requests
 * of SQS's JSON protocol instead of the SQS client (0.7 MB of jar and its classes to load). Like
 * the client, a call SQS refuses or cannot take throws; there are no retries here: every caller
 * already leaves the message to the queue's own visibility timeout when a call fails.
 */
public final class SqsCalls {

    /** SQS answered an error, or could not be reached. */
    public static final class FailedException extends IllegalStateException {
        FailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SignedJsonCalls sqs;

    public SqsCalls(SignedJsonCalls sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    /** Sends {@code body} to the queue with String message attributes. */
    public void send(String queueUrl, String body, Map<String, String> attributes) {
        var values = new LinkedHashMap<String, Object>();
        attributes.forEach((name, value) -> values.put(name, Map.of("DataType", "String", "StringValue", value)));
        call("SendMessage", Map.of("QueueUrl", queueUrl, "MessageBody", body, "MessageAttributes", values));
    }

    /** Leaves a received message invisible for {@code seconds} from now (0: visible at once). */
    public void changeVisibility(String queueUrl, String receiptHandle, int seconds) {
        call("ChangeMessageVisibility", Map.of("QueueUrl", queueUrl, "ReceiptHandle", receiptHandle, "VisibilityTimeout", seconds));
    }

    private void call(String operation, Map<String, ?> input) {
        SignedJsonCalls.Answer answer;
        try {
            answer = sqs.call(operation, input);
        } catch (UncheckedIOException e) {
            throw new FailedException("SQS " + operation + ": unreachable", e);
        }
        if (answer.status() != 200) {
            // The type names the error; the message could quote the body.
            throw new FailedException("SQS " + operation + " answered " + answer.status() + " " + answer.errorType(), null);
        }
    }
}
