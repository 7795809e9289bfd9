package io.npsloop.cases;

import io.npsloop.connectors.hubspot.HubSpotAccount;
import io.npsloop.connectors.zendesk.ZendeskAccount;
import io.npsloop.table.ConnectorItem;
import io.npsloop.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where else a case is being worked: the Zendesk ticket or HubSpot task a connector created for it,
 * read from the connectors' items ({@link ConnectorItem}) in one BatchGetItem, so someone at the
 * desk does not call a customer that support already has in hand. Ids and addresses only. A claim
 * without the tool's id yet is not shown: the record may never have been made.
 */
public final class Elsewhere {

    /** The tools, in the order shown. */
    static final List<String> TOOLS = List.of(ZendeskAccount.CONNECTOR, HubSpotAccount.CONNECTOR);

    /** One record in a tool; {@code url} where a person opens it, or null where the tool has no such page. */
    public record Record(String tool, String id, String url) {

        public Map<String, Object> view() {
            var view = new LinkedHashMap<String, Object>();
            view.put("tool", tool);
            view.put("id", id);
            if (url != null) {
                view.put("url", url);
            }
            return view;
        }
    }

    private final DynamoDbCases cases;

    public Elsewhere(DynamoDbCases cases) {
        this.cases = Objects.requireNonNull(cases, "cases");
    }

    /** The case's records in outside tools, Zendesk first; none where no connector made one. */
    public List<Record> of(String caseId) {
        var found = cases.items(TOOLS.stream().map(tool -> ConnectorItem.key(tool, caseId)).toList());
        var byPk = new LinkedHashMap<String, Map<String, AttributeValue>>();
        found.forEach(item -> byPk.put(Table.str(item, Table.PK), item));
        return TOOLS.stream().map(tool -> {
            var item = byPk.get(Table.str(ConnectorItem.key(tool, caseId), Table.PK));
            var id = item == null ? null : Table.str(item, ConnectorItem.EXTERNAL_ID);
            return id == null ? null : new Record(tool, id, web(Table.str(item, ConnectorItem.URL)));
        }).filter(Objects::nonNull).toList();
    }

    /** The views of {@link #of}, as the cases API and the desk answer them. */
    public List<Map<String, Object>> views(String caseId) {
        return of(caseId).stream().map(Record::view).toList();
    }

    /** Only a web address is ever linked to: anything else in the item is left out. */
    private static String web(String url) {
        return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
    }
}
