package io.npsloop.report;

import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.zendesk.ZendeskAccount;
import io.npsloop.connectors.zendesk.ZendeskClient;
import io.npsloop.domain.policy.Action;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Zendesk end user the connector created for the customer ({@link ZendeskClient#CREATED_USER_TAG}),
 * found by each of their emails once their tickets are gone: deleted, then permanently deleted, as
 * GDPR asks. A user without the mark was someone's before the connector came (an agent's contact,
 * the requester of other tickets) and is left alone. Zendesk refuses to delete an end user who is
 * the requester of a ticket that is not closed: that is answered as what remains, and a retry once
 * the ticket is closed completes it.
 *
 * <p>A deleted user is no longer found by email, so the ids being deleted are kept first in the
 * table ({@code CONNECTOR#zendesk#USERS#<case id>}, ids only, 30 days: Zendesk itself purges a
 * deleted user by then) and read back by a retry; the item goes when they are gone. The user the
 * connector created for a case is kept there too, from its item ({@link #handOver}), as a user
 * created minutes ago is not found by email yet. A user already
 * gone (404) counts as deleted, and nothing is counted twice.
 */
final class ZendeskUserErasure implements ToolContacts {

    static final String USERS = "zendeskUsers";
    static final String USER_IDS = "userIds";
    private static final Duration KEPT = Duration.ofDays(30);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final ZendeskClient zendesk;
    private final Clock clock;

    ZendeskUserErasure(DynamoDbClient dynamoDb, String tableName, ZendeskClient zendesk, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.zendesk = Objects.requireNonNull(zendesk, "zendesk");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<String> kinds() {
        return List.of(USERS);
    }

    /** The connector creates a requester for recoveries alone. */
    @Override
    public Set<String> actions() {
        return Set.of(Action.RECOVERY.wireName());
    }

    @Override
    public Map<String, Integer> erase(Set<String> emails, Set<String> caseIds) {
        var keys = new ArrayList<Map<String, AttributeValue>>();
        var users = new LinkedHashSet<String>();
        for (var caseId : caseIds) {
            var key = pendingKey(caseId);
            var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
            if (item != null && item.get(USER_IDS) != null && item.get(USER_IDS).hasSs()) {
                users.addAll(item.get(USER_IDS).ss());
                keys.add(key);
            }
        }
        for (var email : emails) {
            var found = zendesk.findUser(email);
            if (found.outcome() instanceof CallOutcome.Done done && found.marked()) {
                users.add(done.externalId());
            } else if (!(found.outcome() instanceof CallOutcome.Done || found.outcome() instanceof CallOutcome.Missing)) {
                throw remaining("looking up the customer's end user", found.outcome(), "the end user NPS Loop created, if any, remains");
            }
        }
        if (users.isEmpty()) {
            return Map.of(USERS, 0);
        }
        if (!caseIds.isEmpty()) {
            if (keys.isEmpty()) {
                keys.add(pendingKey(caseIds.iterator().next()));
            }
            keep(dynamoDb, tableName, keys.get(0), users, clock);
        }
        int removed = 0;
        for (var user : users) {
            var deleted = zendesk.deleteUser(user);
            if (deleted instanceof CallOutcome.Refused refused && refused.error().equals("http_422")) {
                throw new ToolRecords.Remaining("Zendesk refused deleting the end user NPS Loop created: they are the requester of "
                        + "a ticket that is not closed (not one NPS Loop opened); that user remains in Zendesk until it is closed");
            }
            if (!(deleted instanceof CallOutcome.Done || deleted instanceof CallOutcome.Missing)) {
                throw remaining("deleting the end user NPS Loop created", deleted, "that user remains");
            }
            var purged = zendesk.deleteUserPermanently(user);
            if (!(purged instanceof CallOutcome.Done || purged instanceof CallOutcome.Missing)) {
                throw remaining("permanently deleting the end user NPS Loop created", purged, "that user remains, deleted but not yet for good,");
            }
            removed += deleted instanceof CallOutcome.Done || purged instanceof CallOutcome.Done ? 1 : 0;
        }
        keys.forEach(key -> dynamoDb.deleteItem(r -> r.tableName(tableName).key(key)));
        return Map.of(USERS, removed);
    }

    /** Where the ids of the users being deleted are kept until they are gone; no personal data. */
    private static Map<String, AttributeValue> pendingKey(String caseId) {
        return ConnectorItem.key(ZendeskAccount.CONNECTOR, "USERS#" + caseId);
    }

    /**
     * Keeps the end user the connector created for a case (the id on its item), as {@link ZendeskTicketErasure}
     * reads it before deleting that item: they are deleted with the others even where Zendesk's search
     * does not find them yet, as it indexes a new user a little after creating them.
     */
    static void handOver(DynamoDbClient dynamoDb, String tableName, String caseId, String userId, Clock clock) {
        keep(dynamoDb, tableName, pendingKey(caseId), Set.of(userId), clock);
    }

    private static void keep(DynamoDbClient dynamoDb, String tableName, Map<String, AttributeValue> key, Set<String> users, Clock clock) {
        var expiresAt = clock.instant().plus(KEPT).getEpochSecond();
        dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                .updateExpression("SET #type = :type, #expiresAt = :expiresAt ADD #users :users")
                .expressionAttributeNames(Map.of("#type", Table.TYPE, "#expiresAt", Table.EXPIRES_AT, "#users", USER_IDS))
                .expressionAttributeValues(Map.of(
                        ":type", AttributeValue.fromS(ConnectorItem.TYPE),
                        ":expiresAt", AttributeValue.fromN(Long.toString(expiresAt)),
                        ":users", AttributeValue.fromSs(List.copyOf(users)))));
    }

    private static ToolRecords.Remaining remaining(String step, CallOutcome outcome, String remains) {
        return new ToolRecords.Remaining("Zendesk answered " + HubSpotContactErasure.error(outcome) + " " + step + "; " + remains
                + " in Zendesk");
    }
}
