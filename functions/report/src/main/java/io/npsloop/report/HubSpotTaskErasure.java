package io.npsloop.report;

import io.npsloop.connectors.CallOutcome;
import io.npsloop.connectors.hubspot.HubSpotAccount;
import io.npsloop.connectors.hubspot.HubSpotClient;
import io.npsloop.connectors.hubspot.HubSpotFollowUps;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Deletes the HubSpot task the connector created for a follow-up (recovery, referral, nurture):
 * {@code DELETE /crm/v3/objects/tasks/{id}}, which HubSpot carries out by archiving it (its
 * recycling bin keeps it restorable for 90 days; nothing in the API purges it sooner); then the
 * connector's items. The task id is the connector's item's; where that item has no id (an attempt
 * that never heard back) or has expired (it is kept 30 days), the tasks are looked up on the
 * customer's contact by the follow-up's marker. A task already gone (404) counts as deleted.
 */
final class HubSpotTaskErasure implements ToolRecords {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final HubSpotClient hubspot;

    HubSpotTaskErasure(DynamoDbClient dynamoDb, String tableName, HubSpotClient hubspot) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.hubspot = Objects.requireNonNull(hubspot, "hubspot");
    }

    @Override
    public String kind() {
        return "hubspotTasks";
    }

    @Override
    public Set<String> actions() {
        return HubSpotFollowUps.ACTIONS;
    }

    @Override
    public int erase(Case followedUp) {
        var key = ConnectorItem.key(HubSpotAccount.CONNECTOR, followedUp.id());
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
        var tasks = new ArrayList<String>();
        var stored = item == null ? null : Table.str(item, ConnectorItem.EXTERNAL_ID);
        if (stored != null) {
            tasks.add(stored);
        } else if (followedUp.email() != null) {
            tasks.addAll(byMarker(followedUp));
        }
        int removed = 0;
        for (var task : tasks) {
            try {
                removed += hubspot.archiveTask(task) ? 1 : 0;
            } catch (HubSpotClient.Failed failed) {
                throw remaining("deleting", failed.outcome());
            }
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(ConnectorItem.back(HubSpotAccount.CONNECTOR, task)));
        }
        if (item != null) {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(key));
        }
        return removed;
    }

    /** The tasks of the contact with this email carrying the follow-up's marker; none when there is no such contact. */
    private List<String> byMarker(Case followedUp) {
        try {
            return hubspot.contactByEmail(followedUp.email(), List.of("email"))
                    .map(contact -> hubspot.tasksWithMarker(contact.id(), HubSpotFollowUps.marker(followedUp.id())))
                    .orElse(List.of());
        } catch (HubSpotClient.Failed failed) {
            throw remaining("looking up", failed.outcome());
        }
    }

    private static Remaining remaining(String step, CallOutcome outcome) {
        return new Remaining("HubSpot answered " + HubSpotContactErasure.error(outcome) + " " + step
                + " the task of a follow-up; that task remains in HubSpot");
    }
}
