package io.npsloop.connectors.hubspot;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbRelationships;
import io.npsloop.aws.ErasedCustomers;
import io.npsloop.config.Settings;
import io.npsloop.config.SharedSettings;
import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.ConnectorLedger;
import io.npsloop.connectors.ConnectorQueue;
import io.npsloop.connectors.QueueRetries;
import io.npsloop.connectors.TopicFollowUp;
import io.npsloop.domain.cases.Relationship;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.observe.Log;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * One HubSpot task per follow-up (recovery, referral or nurture), from its own queue subscribed to
 * the topic; holdout customers never get a follow-up, so never a task. For each: the contact found
 * by email (or created), its company, the NPS properties set on both, and a task owned by the
 * contact's owner, else the company's (as {@code HUBSPOT_OWNER_ORDER} says), else the fallback
 * owner, each read at the time of the call. Exactly one per follow-up: {@link ConnectorLedger}
 * claims it before the create and keeps the task id (and the way back from it) after; a retry
 * looks for the contact's task carrying the follow-up's marker before creating one.
 *
 * <p>Throttling (429) puts the message back on the queue for HubSpot's Retry-After, else its ten
 * seconds; 5xx and no answer back off as {@link QueueRetries} says; after the queue's
 * maxReceiveCount it goes to the dead-letter queue (alarmed); another 4xx moves it there at once
 * ({@link ConnectorQueue}). A customer erased since the follow-up was published (their tombstone)
 * gets nothing: no task, no contact, no property; counted and logged by the follow-up's id only.
 *
 * <p>A {@code relationship} message (a step on a case closed a recovery case or added referred
 * people) sets the relationship's properties on the contact, found by email and never created for
 * it, and on its company. Both paths read the relationship from the table as it stands
 * ({@link DynamoDbRelationships}), so a message delivered twice, or late, sets what is true now.
 */
public final class HubSpotFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final String CONNECTOR = HubSpotAccount.CONNECTOR;
    /** The actions a task is opened for. */
    public static final Set<String> ACTIONS = HubSpotFollowUps.ACTIONS;
    /**
     * The queue's subscription to the topic: every action there is a task for, and the relationship
     * messages. template.yaml's HubSpotSubscription and the local stack use it.
     */
    public static final String FILTER_POLICY = "{\"action\":[\"recovery\",\"referral\",\"nurture\",\"relationship\"]}";
    /** Longer than a run of the function (15 s): a second delivery at once waits rather than creating. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final HubSpotAccount account;
    private final HubSpotMapping mapping;
    private final HubSpotClient client;
    private final HubSpotProperties properties;
    private final ConnectorLedger ledger;
    private final ErasedCustomers erasedCustomers;
    private final DynamoDbRelationships relationships;
    private final ConnectorQueue queue;
    private final Clock clock;

    /** Used by Lambda: configuration from the environment, clients built once per container. */
    public HubSpotFunction() {
        this(Settings.fromEnvironment());
    }

    public HubSpotFunction(Settings settings) {
        this(settings, new AwsClients(settings), Clock.systemUTC());
    }

    /** The mapping and the parameter path are checked here, so a mistake fails the first invocation with the entry named. */
    public HubSpotFunction(Settings settings, AwsClients clients, Clock clock) {
        this.mapping = HubSpotMapping.of(settings);
        this.account = HubSpotAccount.of(settings, clients, clock);
        var timeout = Duration.ofSeconds(settings.positiveInt(HubSpotSettings.HUBSPOT_TIMEOUT_SECONDS));
        this.client = new HubSpotClient(account, URI.create(settings.string(HubSpotSettings.HUBSPOT_BASE_URL)), timeout, clock);
        this.properties = new HubSpotProperties(client);
        this.ledger = new ConnectorLedger(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), CONNECTOR, LEASE,
                Duration.ofDays(settings.positiveInt(SharedSettings.RESPONSE_RETENTION_DAYS)), clock);
        this.erasedCustomers = new ErasedCustomers(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME), clock);
        this.relationships = new DynamoDbRelationships(clients.dynamoDb(), settings.required(SharedSettings.TABLE_NAME));
        this.queue = ConnectorQueue.of(settings, clients, timeout, HubSpotSettings.HUBSPOT_QUEUE_URL,
                HubSpotSettings.HUBSPOT_DEAD_LETTER_QUEUE_URL, CONNECTOR, "HubSpot", "task", clock);
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return queue.handle(event, context, this::task);
    }

    private CallOutcome task(TopicFollowUp followUp, Log log) {
        var id = followUp.followUpId();
        if (followUp.relationship()) {
            return relationship(followUp, log);
        }
        if (!ACTIONS.contains(followUp.action())) {
            // The subscription's filter keeps escalations away; one that arrives anyway is not ours.
            log.info("not a follow-up to act on", id, "action", followUp.action());
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (followUp.email() == null) {
            log.info("no task: no email", id);
            log.metric("HubSpotNoEmail", 1, id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (followUp.customerId() != null && erasedCustomers.erased(followUp.customerId())) {
            // Erased after the follow-up was published: nothing of theirs goes to HubSpot. The log names the follow-up only.
            log.info("no task: customer erased", id);
            log.metric("HubSpotErased", 1, id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        var claimed = false;
        try {
            properties.ensure();
            // Read before the claim: the table failing leaves nothing held.
            var relationship = relationshipOf(followUp);
            var claim = ledger.claim(id);
            if (claim instanceof ConnectorLedger.Claim.Done) {
                return ConnectorQueue.NOTHING_TO_DO;
            }
            if (claim instanceof ConnectorLedger.Claim.Held held) {
                log.info("task being created elsewhere", id);
                return new CallOutcome.TryLater(Optional.of(held.remaining()), "held_elsewhere");
            }
            claimed = true;
            int attempt = ((ConnectorLedger.Claim.Taken) claim).attempt();
            var contact = contact(followUp);
            var company = Optional.ofNullable(contact.get("associatedcompanyid"))
                    .flatMap(companyId -> client.company(companyId, HubSpotProperties.READ));
            var now = clock.instant();
            client.update("contacts", contact.id(), HubSpotProperties.values(followUp, contact, now, relationship.customer()));
            company.ifPresent(c -> client.update("companies", c.id(), HubSpotProperties.values(followUp, c, now, relationship.account())));
            if (attempt > 1) {
                // An earlier attempt may have created it and died before storing the id.
                var found = client.taskWithMarker(contact.id(), HubSpotTasks.marker(id));
                if (found.isPresent()) {
                    stored(id, found.get());
                    log.info("task found", id, "task", found.get(), "attempt", attempt);
                    return new CallOutcome.Done(found.get());
                }
            }
            var owner = owner(contact, company.orElse(null));
            var task = client.createTask(HubSpotTasks.properties(followUp, owner, mapping, now), contact.id(),
                    company.map(HubSpotClient.Record::id).orElse(null));
            stored(id, task);
            log.info("task created", id, "task", task, "attempt", attempt, "owner", owner);
            log.metric("HubSpotTasks", 1, id);
            return new CallOutcome.Done(task);
        } catch (HubSpotClient.Failed failed) {
            if (claimed) {
                ledger.release(id);
            }
            return failed.outcome();
        }
    }

    /**
     * A step on the case moved the customer's relationship: its properties on the contact and its
     * company, read now. No contact is created for it: a customer with a follow-up has one already,
     * and one without is no one's to add to the CRM.
     */
    private CallOutcome relationship(TopicFollowUp change, Log log) {
        var id = change.followUpId();
        if (change.email() == null) {
            log.info("no relationship: no email", id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        if (change.customerId() != null && erasedCustomers.erased(change.customerId())) {
            log.info("no relationship: customer erased", id);
            log.metric("HubSpotErased", 1, id);
            return ConnectorQueue.NOTHING_TO_DO;
        }
        try {
            properties.ensure();
            var relationship = relationshipOf(change);
            var contact = client.contactByEmail(change.email(), HubSpotProperties.READ);
            if (contact.isEmpty()) {
                log.info("no relationship: no contact", id);
                log.metric("HubSpotNoContact", 1, id);
                return ConnectorQueue.NOTHING_TO_DO;
            }
            client.update("contacts", contact.get().id(), HubSpotProperties.relationship(relationship.customer()));
            var company = Optional.ofNullable(contact.get().get("associatedcompanyid"))
                    .flatMap(companyId -> client.company(companyId, HubSpotProperties.READ));
            company.ifPresent(c -> client.update("companies", c.id(), HubSpotProperties.relationship(relationship.account())));
            log.info("relationship set", id, "openRecoveryCases", relationship.customer().openRecoveryCases(),
                    "referralsGiven", relationship.customer().referralsGiven());
            log.metric("HubSpotRelationships", 1, id);
            return new CallOutcome.Done(contact.get().id());
        } catch (HubSpotClient.Failed failed) {
            return failed.outcome();
        }
    }

    /** The contact's is its customer's; the company's, the account's (the customer's where the answer named no account). */
    private Relationships relationshipOf(TopicFollowUp message) {
        var customer = relationships.ofCustomer(message.customerId(), ResponseKey.fromValue(message.followUpId()).orElse(null));
        return new Relationships(customer, message.accountId() == null ? customer : relationships.ofAccount(message.accountId()));
    }

    private record Relationships(Relationship customer, Relationship account) {}

    /**
     * The way back first, so a webhook about any task the ledger calls created finds its follow-up. No
     * address: a task has no page of its own, and its contact's page needs the portal's id, one more
     * call and scope for a link the desk can do without (the task's id finds it in HubSpot).
     */
    private void stored(String followUpId, String taskId) {
        ledger.link(taskId, followUpId);
        ledger.created(followUpId, taskId);
    }

    private HubSpotClient.Record contact(TopicFollowUp followUp) {
        var found = client.contactByEmail(followUp.email(), HubSpotProperties.READ);
        if (found.isPresent()) {
            return found.get();
        }
        var created = new LinkedHashMap<String, String>();
        created.put("email", followUp.email());
        // Ours alone, so erasing the customer may delete it; a contact found by email was someone's before.
        created.put(HubSpotProperties.CREATED_CONTACT, "true");
        if (followUp.name() != null && !followUp.name().isBlank()) {
            var name = followUp.name().strip();
            var space = name.indexOf(' ');
            created.put("firstname", space < 0 ? name : name.substring(0, space));
            if (space > 0) {
                created.put("lastname", name.substring(space + 1).strip());
            }
        }
        return client.createContact(created)
                // Created meanwhile by someone else (409): theirs is the contact.
                .or(() -> client.contactByEmail(followUp.email(), HubSpotProperties.READ))
                .orElseThrow(() -> new HubSpotClient.Failed(new CallOutcome.TryLater(Optional.empty(), "contact_conflict")));
    }

    /** The first owner found in the configured order, else the fallback owner. */
    String owner(HubSpotClient.Record contact, HubSpotClient.Record company) {
        for (var whose : mapping.ownerOrder()) {
            var record = "contact".equals(whose) ? contact : company;
            var owner = record == null ? null : record.get("hubspot_owner_id");
            if (owner != null) {
                return owner;
            }
        }
        return account.fallbackOwner();
    }
}
