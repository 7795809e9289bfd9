package io.npsloop.report;

import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.zendesk.ZendeskAccount;
import io.npsloop.connectors.zendesk.ZendeskClient;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import io.npsloop.domain.policy.Action;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Deletes the Zendesk ticket the connector opened for a recovery case: {@code DELETE
 * /api/v2/tickets/{id}}, then {@code DELETE /api/v2/deleted_tickets/{id}} so it does not wait 30 days
 * in Zendesk's deleted tickets; then the connector's item. The ticket id is the connector's item's;
 * where that item has no id (an attempt that never heard back) or has expired (it is kept 30 days),
 * the ticket is looked up by its external id, the case id. A ticket already gone (404) counts as
 * deleted, so a retry after a partial run finishes it. The id of the end user the connector created
 * for the case, if its item holds one, is handed to {@link ZendeskUserErasure} before the item goes.
 */
final class ZendeskTicketErasure implements ToolRecords {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ZendeskClient zendesk;
    private final Clock clock;

    ZendeskTicketErasure(DynamoDbClient dynamoDb, String tableName, ZendeskClient zendesk, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.zendesk = Objects.requireNonNull(zendesk, "zendesk");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String kind() {
        return "zendeskTickets";
    }

    /** Zendesk's connector opens tickets for recoveries alone (its queue's filter policy). */
    @Override
    public Set<String> actions() {
        return Set.of(Action.RECOVERY.wireName());
    }

    @Override
    public int erase(Case followedUp) {
        var caseId = followedUp.id();
        var key = ConnectorItem.key(ZendeskAccount.CONNECTOR, caseId);
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
        var ticket = item == null ? null : Table.str(item, ConnectorItem.EXTERNAL_ID);
        if (ticket == null) {
            var found = zendesk.findByExternalId(caseId);
            if (found instanceof CallOutcome.Done done) {
                ticket = done.externalId();
            } else if (!(found instanceof CallOutcome.Missing)) {
                throw remaining("looking up", found);
            }
        }
        int removed = 0;
        if (ticket != null) {
            var deleted = zendesk.delete(ticket);
            if (!(deleted instanceof CallOutcome.Done || deleted instanceof CallOutcome.Missing)) {
                throw remaining("deleting", deleted);
            }
            var purged = zendesk.deletePermanently(ticket);
            if (!(purged instanceof CallOutcome.Done || purged instanceof CallOutcome.Missing)) {
                throw remaining("permanently deleting", purged);
            }
            removed = deleted instanceof CallOutcome.Done || purged instanceof CallOutcome.Done ? 1 : 0;
        }
        if (item != null) {
            var requester = Table.str(item, ConnectorItem.CREATED_REQUESTER_ID);
            if (requester != null) {
                // The item goes now, the end user after all the customer's tickets: their id is handed over first.
                ZendeskUserErasure.handOver(dynamoDb, tableName, caseId, requester, clock);
            }
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key));
        }
        return removed;
    }

    private static Remaining remaining(String step, CallOutcome outcome) {
        var error = outcome instanceof CallOutcome.TryLater later ? later.error()
                : outcome instanceof CallOutcome.Refused refused ? refused.error() : "unexpected";
        return new Remaining("Zendesk answered " + error + " " + step + " the ticket of a recovery case; that ticket remains in Zendesk");
    }
}
