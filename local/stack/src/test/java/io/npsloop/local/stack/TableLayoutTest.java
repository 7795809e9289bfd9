package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.local.LocalAws;
import io.npsloop.table.Table;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The table the local stack creates (LocalAws, which cannot see the product's classes) and the one
 * template.yaml declares have the keys, index and TTL attribute the {@link Table} class names:
 * checked here against it rather than derived from it.
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

        var ttl = aws.dynamoDb().describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo(Table.EXPIRES_AT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void templateYamlDeclaresTheKeysIndexesAndTtlTheTableClassNames() throws Exception {
        var text = Files.readString(Main.findEvents().getParent().getParent().resolve("template.yaml"));
        Map<String, Object> template = new Yaml(new TemplateSecurityTest.CloudFormationTags()).load(text);
        var resources = (Map<String, Object>) template.get("Resources");
        var properties = (Map<String, Object>) ((Map<String, Object>) resources.get("ResponsesTable")).get("Properties");

        var layout = new ArrayList<String>();
        layout.add("table: " + templateKeys(properties.get("KeySchema")));
        for (var index : (List<Map<String, Object>>) properties.get("GlobalSecondaryIndexes")) {
            layout.add(index.get("IndexName") + ": " + templateKeys(index.get("KeySchema")));
        }
        assertThat(layout).containsExactlyInAnyOrderElementsOf(expected());
        assertThat(((Map<String, Object>) properties.get("TimeToLiveSpecification")).get("AttributeName")).isEqualTo(Table.EXPIRES_AT);
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
