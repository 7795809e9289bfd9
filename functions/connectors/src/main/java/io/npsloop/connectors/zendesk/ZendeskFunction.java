package io.npsloop.connectors.zendesk;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.ErasedCustomers;
import io.npsloop.aws.Primed;
import io.npsloop.aws.Priming;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.connectors.ConnectorQueue;
import io.npsloop.connectors.TopicFollowUp;
import io.npsloop.observe.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Opens one Zendesk ticket per recovery follow-up, from its own queue subscribed to the topic
 * (filtered to {@code action = recovery}; holdout customers never get a follow-up, so never a
 * ticket). Exactly one per follow-up: {@link ConnectorLedger} claims it before the call and keeps
 * the ticket id after; a retry looks the ticket up by its external id (the case id) before creating
 * one, and every create carries an {@code Idempotency-Key} of the case and the request.
 *
 * <p>The requester: the end user with the customer's email is looked up first and used as is; where
 * there is none, the connector creates them with {@link ZendeskClient#CREATED_USER_TAG}, which
 * erasure reads to delete them (their id kept on the ledger's item too, as Zendesk's search finds
 * a new user a little later), and opens the ticket by {@code requester_id}. A retry after a crash
 * finds that user by email, so it is created once. Where Zendesk refuses the lookup or the creation
 * (e.g. the email is another user's secondary one, or the token may not create users), the ticket
 * names the requester by email, as Zendesk resolves it, and that user stays unmarked.
 *
 * <p>Throttling (429) puts the message back on the queue for Zendesk's Retry-After
 * (ChangeMessageVisibility, and a batch item failure); 5xx and no answer back off the same way.
 * After the queue's maxReceiveCount it goes to the dead-letter queue (alarmed); another 4xx moves
 * it there at once ({@link ConnectorQueue}). A customer without an email, or erased since the
 * follow-up was published (their tombstone), gets no ticket: counted and logged, not an error.
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
    private final ErasedCustomers erasedCustomers;
    private final ConnectorQueue queue;
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
        this.ledger = new ConnectorLedger(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), CONNECTOR, LEASE,
                Duration.ofDays(settings.positiveInt(SharedSettings.RESPONSE_RETENTION_DAYS)), clock);
        this.erasedCustomers = new ErasedCustomers(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), clock);
        this.queue = ConnectorQueue.of(settings, clients, timeout, ZendeskSettings.ZENDESK_QUEUE_URL,
                ZendeskSettings.ZENDESK_DEAD_LETTER_QUEUE_URL, CONNECTOR, "Zendesk", "ticket", clock);
        this.priming = ZendeskPriming.ticket(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), mapping, clock);
        registerPriming();
    }

    @Override
    public Priming priming() {
        return priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return queue.handle(event, context, this::ticket);
    }

    private CallOutcome ticket(TopicFollowUp followUp, Log log) {
        var id = followUp.followUpId();
        if (!"recovery".equals(followUp.action())) {
            // The subscription's filter keeps these away; one that arrives anyway is not ours.
            log.info("not a recovery", id, "action", followUp.action());
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (followUp.email() == null) {
            log.info("no ticket: no email", id);
            log.metric("ZendeskNoEmail", 1, id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (followUp.customerId() != null && erasedCustomers.erased(followUp.customerId())) {
            // Erased after the follow-up was published: nothing of theirs goes to Zendesk. The log names the follow-up only.
            log.info("no ticket: customer erased", id);
            log.metric("ZendeskErased", 1, id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        var claim = ledger.claim(id);
        if (claim instanceof ConnectorLedger.Claim.Done done) {
            log.info("ticket already created", id, "ticket", done.externalId());
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (claim instanceof ConnectorLedger.Claim.Held held) {
            log.info("ticket being created elsewhere", id);
            return new CallOutcome.TryLater(Optional.of(held.remaining()), "held_elsewhere");
        }
        int attempt = ((ConnectorLedger.Claim.Taken) claim).attempt();
        // Anything thrown from here on keeps the claim until its lease ends: the create may have happened.
        if (attempt > 1) {
            // An earlier attempt may have created it and died before storing the id.
            var found = client.findByExternalId(id);
            if (found instanceof CallOutcome.Done done) {
                ledger.created(id, done.externalId(), agentUrl(done.externalId()));
                log.info("ticket found", id, "ticket", done.externalId(), "attempt", attempt);
                return done;
            }
            if (!(found instanceof CallOutcome.Missing)) {
                ledger.release(id);
                return found;
            }
        }
        var requester = requester(followUp, log);
        if (requester instanceof CallOutcome.TryLater) {
            ledger.release(id);
            return requester;
        }
        var requesterId = requester instanceof CallOutcome.Done user ? user.externalId() : null;
        var ticket = ZendeskTickets.json(followUp, account.groupId(), mapping, requesterId);
        var outcome = client.create(ticket, ZendeskTickets.idempotencyKey(id, ticket));
        if (outcome instanceof CallOutcome.Done done) {
            ledger.created(id, done.externalId(), agentUrl(done.externalId()));
            log.info("ticket created", id, "ticket", done.externalId(), "attempt", attempt);
            log.metric("ZendeskTickets", 1, id);
            return done;
        }
        ledger.release(id);
        return outcome;
    }

    /** The ticket's page in the agent's workspace, which the case's view links to; the API's own {@code url} is JSON. */
    private String agentUrl(String ticketId) {
        return account.baseUrl() + "/agent/tickets/" + ticketId;
    }

    /**
     * The end user the ticket is for: Done with their id (found, or created with the mark), Refused
     * when Zendesk would not say (the ticket then names them by email), TryLater to come back.
     */
    private CallOutcome requester(TopicFollowUp followUp, Log log) {
        var id = followUp.followUpId();
        var found = client.findUser(followUp.email());
        if (found.outcome() instanceof CallOutcome.Missing) {
            found = client.createUser(ZendeskTickets.requesterName(followUp), followUp.email());
            if (found.outcome() instanceof CallOutcome.Done done) {
                log.info("requester created", id, "user", done.externalId(), "marked", found.marked());
                log.metric("ZendeskUsersCreated", 1, id);
                if (found.marked()) {
                    // Zendesk's search finds a new user only a little later: erasure reads their id here meanwhile.
                    ledger.requesterCreated(id, done.externalId());
                } else {
                    // Tags on users are off in this account: erasure will not know the user as the connector's.
                    log.metric("ZendeskUsersUnmarked", 1, id);
                }
            }
        }
        if (found.outcome() instanceof CallOutcome.Refused refused) {
            log.info("requester by email", id, "error", refused.error());
        }
        return found.outcome();
    }
}
