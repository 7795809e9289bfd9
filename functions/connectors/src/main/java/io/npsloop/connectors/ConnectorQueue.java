package io.npsloop.connectors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import io.npsloop.config.Setting;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A connector's queue as every connector works it: each follow-up read off the SQS event goes to
 * the connector's step, and what the step's call came to decides the message's fate. Done: it
 * leaves the queue. Worth another try: back on the queue for the tool's Retry-After, else a
 * backoff ({@link QueueRetries}), as a batch item failure. Refused, or not a follow-up at all: to
 * the dead-letter queue at once. Anything thrown (SSM, the table): left for the queue's own
 * visibility timeout. Log lines and metrics carry the connector's names.
 */
public final class ConnectorQueue {

    /**
     * What a connector does with one follow-up. A follow-up another run is creating for is
     * {@link CallOutcome.TryLater} after what is left of that run's claim.
     */
    @FunctionalInterface
    public interface Step {
        /** {@link CallOutcome.Done} also for a follow-up there is nothing to do for (see {@link #NOTHING_TO_DO}). */
        CallOutcome handle(TopicFollowUp followUp, Log log);
    }

    /** The follow-up needs nothing of the tool: the message is done with. */
    public static final CallOutcome NOTHING_TO_DO = new CallOutcome.Done("");

    private final String connector;
    private final String metricPrefix;
    private final String item;
    private final Optional<QueueRetries> retries;
    private final Optional<ConnectorDeadLetters> deadLetters;
    private final Clock clock;

    /**
     * @param metricPrefix e.g. {@code Zendesk}: {@code ZendeskRetries}, {@code ZendeskRefused}
     * @param item what the connector makes, for log lines ({@code ticket deferred})
     */
    public ConnectorQueue(String connector, String metricPrefix, String item,
                          Optional<QueueRetries> retries, Optional<ConnectorDeadLetters> deadLetters, Clock clock) {
        this.connector = connector;
        this.metricPrefix = metricPrefix;
        this.item = item;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** The queue and dead-letter queue named by the settings, with the same SQS calls for both if either is set. */
    public static ConnectorQueue of(Settings settings, AwsClients clients, Duration timeout, Setting queueUrl, Setting deadLetterUrl,
                                    String connector, String metricPrefix, String item, Clock clock) {
        var queue = settings.optional(queueUrl);
        var deadLetter = settings.optional(deadLetterUrl);
        var sqs = queue.isPresent() || deadLetter.isPresent()
                ? clients.sqs(timeout) : null;
        return new ConnectorQueue(connector, metricPrefix, item,
                queue.map(url -> new QueueRetries(sqs, url)), deadLetter.map(url -> new ConnectorDeadLetters(sqs, url)), clock);
    }

    public SQSBatchResponse handle(SQSEvent event, Context context, Step step) {
        var log = new Log(context.getLogger()::log, connector, context.getAwsRequestId(), clock);
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var records = event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords();
        for (var record : records) {
            if (!handle(record, step, log)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** False to leave the message on the queue for another try. */
    private boolean handle(SQSEvent.SQSMessage record, Step step, Log log) {
        TopicFollowUp followUp;
        try {
            followUp = TopicFollowUp.fromSqsBody(record.getBody());
        } catch (IllegalArgumentException e) {
            return deadLetter(record, null, "not_a_follow_up", log);
        }
        var id = followUp.followUpId();
        CallOutcome outcome;
        try {
            outcome = step.handle(followUp, log);
        } catch (RuntimeException e) {
            // SSM, a parameter missing or the table unreachable: worth another try. The message names a parameter at most.
            log.error(item + " failed", id, "error", e.getClass().getSimpleName(), "detail", e instanceof IllegalStateException ? e.getMessage() : null);
            return false;
        }
        if (outcome instanceof CallOutcome.TryLater later) {
            var delay = QueueRetries.delay(later, receiveCount(record));
            log.info(item + " deferred", id, "error", later.error(), "retryInSeconds", delay.toSeconds());
            log.metric(metricPrefix + "Retries", 1, id);
            return retry(record, delay);
        }
        if (outcome instanceof CallOutcome.Refused refused) {
            return deadLetter(record, id, refused.error(), log);
        }
        // Missing, a create whose answer named nothing: the queue's own visibility timeout brings it back.
        return outcome instanceof CallOutcome.Done;
    }

    private boolean retry(SQSEvent.SQSMessage record, Duration delay) {
        try {
            retries.ifPresent(queue -> queue.retryIn(record.getReceiptHandle(), delay));
        } catch (RuntimeException e) {
            // The queue's own visibility timeout brings it back instead.
        }
        return false;
    }

    private static int receiveCount(SQSEvent.SQSMessage record) {
        var attributes = record.getAttributes();
        try {
            return attributes == null ? 1 : Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private boolean deadLetter(SQSEvent.SQSMessage record, String id, String error, Log log) {
        log.error("refused", id, "error", error);
        log.metric(metricPrefix + "Refused", 1, id);
        if (deadLetters.isEmpty()) {
            return false; // the queue's redrive moves it after its last receive
        }
        try {
            deadLetters.get().send(record.getBody(), connector, error);
            return true;
        } catch (RuntimeException e) {
            log.error("dead-letter failed", id, "error", e.getClass().getSimpleName());
            return false;
        }
    }
}
