package io.npsloop.connectors;

import io.npsloop.aws.SqsCalls;
import java.time.Duration;

/**
 * Puts a message the tool could not take yet back on its queue for as long as the tool asked
 * (Retry-After), else for a backoff that doubles with each receive; the handler also reports it
 * as a batch item failure, so Lambda leaves it there. After the queue's maxReceiveCount its redrive
 * moves it to the dead-letter queue: never dropped.
 */
public final class QueueRetries {

    /** SQS's limit for a message's visibility. */
    static final Duration MAX = Duration.ofHours(12);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(15);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    private final SqsCalls sqs;
    private final String queueUrl;

    public QueueRetries(SqsCalls sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** How long to wait before the next try: the tool's word if it gave one, else 15 s doubled per receive, at most 15 min. */
    public static Duration delay(CallOutcome.TryLater later, int receiveCount) {
        var asked = later.retryAfter().map(d -> d.compareTo(MAX) > 0 ? MAX : d);
        if (asked.isPresent()) {
            // Retry-After 0 still leaves the message for the next poll rather than at once in a loop.
            return asked.get().isZero() ? Duration.ofSeconds(1) : asked.get();
        }
        int doublings = Math.max(0, Math.min(receiveCount, 20) - 1);
        var backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(doublings, 10));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    public void retryIn(String receiptHandle, Duration delay) {
        var seconds = (int) Math.min(MAX.toSeconds(), Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.changeVisibility(queueUrl, receiptHandle, seconds);
    }
}
