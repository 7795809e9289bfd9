package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.intake.FetchStatus;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.local.LocalAws;
import io.npsloop.table.FetchItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import io.npsloop.table.UnitCohortItem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The table the local stack creates (LocalAws, which cannot see the product's classes) and the one
 * template.yaml declares have the keys, index and TTL attribute the {@link Table} class names:
 * checked here against it rather than derived from it. The template's stream filters name the
 * item classes' status and type words; TemplateFilterTest holds the local filters to the template.
 */
class TableLayoutTest {

    /** The table's keys, then each index's keys under its name, as "name: HASH RANGE". */
    private static List<String> expected() {
        var layout = new ArrayList<String>();
        layout.add("table: " + Table.PK + " " + Table.SK);
        Table.INDEXES.forEach((index, keys) -> layout.add(index + ": " + String.join(" ", keys)));
        return layout;
    }

    @Test
    void theLocalTableHasTheKeysIndexesAndTtlTheTableClassNames() {
        var aws = LocalAws.shared();
        var name = aws.provision("layout-" + UUID.randomUUID().toString().substring(0, 8)).tableName();
        var table = aws.dynamoDb().describeTable(r -> r.tableName(name)).table();

        var layout = new ArrayList<String>();
        layout.add("table: " + keys(table.keySchema()));
        table.globalSecondaryIndexes().forEach(index -> layout.add(index.indexName() + ": " + keys(index.keySchema())));
        assertThat(layout).containsExactlyInAnyOrderElementsOf(expected());
        assertThat(table.globalSecondaryIndexes()).allSatisfy(index ->
                assertThat(index.projection().projectionTypeAsString()).isEqualTo(Table.INDEX_PROJECTION));

        var ttl = aws.dynamoDb().describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo(Table.EXPIRES_AT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void templateYamlDeclaresTheKeysIndexesAndTtlTheTableClassNames() throws Exception {
        Map<String, Object> template = CloudFormationYaml.template();
        var resources = (Map<String, Object>) template.get("Resources");
        var properties = (Map<String, Object>) ((Map<String, Object>) resources.get("ResponsesTable")).get("Properties");

        var layout = new ArrayList<String>();
        layout.add("table: " + templateKeys(properties.get("KeySchema")));
        for (var index : (List<Map<String, Object>>) properties.get("GlobalSecondaryIndexes")) {
            layout.add(index.get("IndexName") + ": " + templateKeys(index.get("KeySchema")));
            assertThat(((Map<String, Object>) index.get("Projection")).get("ProjectionType")).isEqualTo(Table.INDEX_PROJECTION);
        }
        assertThat(layout).containsExactlyInAnyOrderElementsOf(expected());
        assertThat(((Map<String, Object>) properties.get("TimeToLiveSpecification")).get("AttributeName")).isEqualTo(Table.EXPIRES_AT);
    }

    /** The stream filters pass what the item classes write: a pending follow-up, escalation or fetch, a counted item. */
    @Test
    void templateYamlsStreamFiltersNameTheStoredStatusAndTypeWords() throws Exception {
        var text = Files.readString(Main.findEvents().getParent().getParent().resolve("template.yaml"));
        assertThat(text)
                .contains(newImage(ResponseItem.FOLLOW_UP_STATUS, FollowUpStatus.PENDING.wireName()))
                .contains(newImage(ResponseItem.ESCALATION_STATUS, EscalationStatus.PENDING.wireName()))
                .contains(newImage(FetchItem.STATUS, FetchStatus.PENDING.wireName()))
                .contains(newImage(Table.TYPE, ResponseItem.TYPE_NAME + "\", \"" + OutcomeItem.TYPE_NAME + "\", \"" + UnitCohortItem.TYPE_NAME));
    }

    private static String newImage(String attribute, String words) {
        return "\"NewImage\": {\"" + attribute + "\": {\"S\": [\"" + words + "\"]}}";
    }

    private static String keys(List<KeySchemaElement> schema) {
        var byType = new LinkedHashMap<String, String>();
        schema.forEach(key -> byType.put(key.keyTypeAsString(), key.attributeName()));
        return byType.get("HASH") + " " + byType.get("RANGE");
    }

    @SuppressWarnings("unchecked")
    private static String templateKeys(Object schema) {
        var byType = new LinkedHashMap<String, String>();
        ((List<Map<String, Object>>) schema).forEach(key -> byType.put((String) key.get("KeyType"), (String) key.get("AttributeName")));
        return byType.get("HASH") + " " + byType.get("RANGE");
    }
}
