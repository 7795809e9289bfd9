package io.npsloop.connectors.zendesk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.ConnectorDeadLetters;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.connectors.QueueRetries;
import io.npsloop.connectors.TopicFollowUp;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Opens one Zendesk ticket per recovery follow-up, from its own queue subscribed to the topic
 * (filtered to {@code action = recovery}; holdout customers never get a follow-up, so never a
 * ticket). Exactly one per follow-up: {@link ConnectorLedger} claims it before the call and keeps
 * the ticket id after; a retry looks the ticket up by its external id (the case id) before creating
 * one, and every create carries an {@code Idempotency-Key}.
 *
 * <p>Throttling (429) puts the message back on the queue for Zendesk's Retry-After
 * (ChangeMessageVisibility, and a batch item failure); 5xx and no answer back off the same way.
 * After the queue's maxReceiveCount it goes to the dead-letter queue (alarmed); another 4xx moves
 * it there at once. A customer without an email gets no ticket: counted and logged, not an error.
 */
public final class ZendeskFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, Primed {

    static final String CONNECTOR = ZendeskAccount.CONNECTOR;
    /** The queue's subscription to the topic: recoveries only. template.yaml's ZendeskSubscription and the local stack use it. */
    public static final String FILTER_POLICY = "{\"action\":[\"recovery\"]}";
    /** Longer than a run of the function (15 s): a second delivery at once waits rather than creating. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final ZendeskAccount account;
    private final ZendeskMapping mapping;
    private final ZendeskClient client;
    private final ConnectorLedger ledger;
    private final Optional<QueueRetries> retries;
    private final Optional<ConnectorDeadLetters> deadLetters;
    private final Clock clock;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public ZendeskFunction() {
        this(Settings.fromEnvironment());
    }

    public ZendeskFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    /** The mapping and the parameter path are checked here, so a mistake fails the first invocation with the entry named. */
    public ZendeskFunction(Settings settings, AwsClients clients, Clock clock) {
        this.mapping = ZendeskMapping.of(settings);
        this.account = ZendeskAccount.of(settings, clients, clock);
        var timeout = Duration.ofSeconds(settings.positiveInt(ZendeskSettings.ZENDESK_TIMEOUT_SECONDS));
        this.client = new ZendeskClient(account, timeout, clock);
        this.ledger = new ConnectorLedger(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), CONNECTOR, LEASE, clock);
        var queueUrl = settings.optional(ZendeskSettings.ZENDESK_QUEUE_URL);
        var deadLetterUrl = settings.optional(ZendeskSettings.ZENDESK_DEAD_LETTER_QUEUE_URL);
        var sqs = queueUrl.isPresent() || deadLetterUrl.isPresent()
                ? clients.configure(SqsClient.builder(), "SQS", timeout).build() : null;
        this.retries = queueUrl.map(url -> new QueueRetries(sqs, url));
        this.deadLetters = deadLetterUrl.map(url -> new ConnectorDeadLetters(sqs, url));
        this.clock = clock;
        this.priming = ZendeskPriming.ticket(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), mapping, clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        var log = new Log(context.getLogger()::log, CONNECTOR, context.getAwsRequestId(), clock);
        var failures = new ArrayList<SQSBatchResponse.BatchItemFailure>();
        var records = event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords();
        for (var record : records) {
            if (!handle(record, log)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** False to leave the message on the queue for another try. */
    private boolean handle(SQSEvent.SQSMessage record, Log log) {
        TopicFollowUp followUp;
        try {
            followUp = TopicFollowUp.fromSqsBody(record.getBody());
        } catch (IllegalArgumentException e) {
            return deadLetter(record, null, "not_a_follow_up", log);
        }
        var id = followUp.followUpId();
        if (!"recovery".equals(followUp.action())) {
            // The subscription's filter keeps these away; one that arrives anyway is not ours.
            log.info("not a recovery", id, "action", followUp.action());
            return true;
        }
        if (followUp.email() == null) {
            log.info("no ticket: no email", id);
            log.metric("ZendeskNoEmail", 1, id);
            return true;
        }
        try {
            var claim = ledger.claim(id);
            if (claim instanceof ConnectorLedger.Claim.Done done) {
                log.info("ticket already created", id, "ticket", done.externalId());
                return true;
            }
            if (claim instanceof ConnectorLedger.Claim.Held held) {
                log.info("ticket being created elsewhere", id);
                return retry(record, held.remaining());
            }
            int attempt = ((ConnectorLedger.Claim.Taken) claim).attempt();
            if (attempt > 1) {
                // An earlier attempt may have created it and died before storing the id.
                var found = client.findByExternalId(id);
                if (found instanceof CallOutcome.Done done) {
                    ledger.created(id, done.externalId());
                    log.info("ticket found", id, "ticket", done.externalId(), "attempt", attempt);
                    return true;
                }
                if (!(found instanceof CallOutcome.Missing)) {
                    return failed(record, id, found, log);
                }
            }
            var outcome = client.create(ZendeskTickets.json(followUp, account.groupId(), mapping), "nps-loop-" + id);
            if (outcome instanceof CallOutcome.Done done) {
                ledger.created(id, done.externalId());
                log.info("ticket created", id, "ticket", done.externalId(), "attempt", attempt);
                log.metric("ZendeskTickets", 1, id);
                return true;
            }
            return failed(record, id, outcome, log);
        } catch (RuntimeException e) {
            // SSM, a parameter missing or the table unreachable: worth another try. The message names a parameter at most.
            log.error("ticket failed", id, "error", e.getClass().getSimpleName(), "detail", e instanceof IllegalStateException ? e.getMessage() : null);
            return false;
        }
    }

    private boolean failed(SQSEvent.SQSMessage record, String id, CallOutcome outcome, Log log) {
        ledger.release(id);
        if (outcome instanceof CallOutcome.TryLater later) {
            var delay = QueueRetries.delay(later, receiveCount(record));
            log.info("ticket deferred", id, "error", later.error(), "retryInSeconds", delay.toSeconds());
            log.metric("ZendeskRetries", 1, id);
            return retry(record, delay);
        }
        return deadLetter(record, id, ((CallOutcome.Refused) outcome).error(), log);
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
        log.metric("ZendeskRefused", 1, id);
        if (deadLetters.isEmpty()) {
            return false; // the queue's redrive moves it after its last receive
        }
        try {
            deadLetters.get().send(record.getBody(), CONNECTOR, error);
            return true;
        } catch (RuntimeException e) {
            log.error("dead-letter failed", id, "error", e.getClass().getSimpleName());
            return false;
        }
    }
}
