package io.npsloop.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * How many cases need someone, per facet: {@code action#<action>}, {@code tier#<tier>},
 * {@code source#<source>}, {@code owner#<owner>} and {@code day#<day opened>}, under
 * {@code DESK#OPEN}. Moved by the counters function from the table's stream, by the difference
 * between a case's images ({@link ResponseItem#openFacets}): a case opened at ingest, moved by a
 * step, closed or erased changes them a few seconds later, and the intake and the steps write no
 * counts. The desk never reads the cases themselves to count them.
 *
 * <p>Facets with few values (actions, tiers, sources, teams and the unassigned) share one item,
 * {@code FACETS}; a person's count and a day's count have an item each, so that item stays small
 * however many people and days there are: a write's cost grows with the item's size.
 */
public final class DeskCountsItem {

    static final String PARTITION = "DESK#OPEN";
    static final String FACETS = "FACETS";
    public static final String TYPE_NAME = "desk-count";
    /** On an item of its own: the count. */
    public static final String OPEN = "open";

    private DeskCountsItem() {}

    public static Map<String, AttributeValue> partitionKey() {
        return Map.of(Table.PK, AttributeValue.fromS(PARTITION));
    }

    public static String partition() {
        return PARTITION;
    }

    /** The facets of an open case. */
    public static List<String> facets(String action, String tier, String source, String owner, Instant receivedAt) {
        return List.of("action#" + action, "tier#" + tier, "source#" + source, "owner#" + owner,
                "day#" + LocalDate.ofInstant(receivedAt, ZoneOffset.UTC));
    }

    /** The change from one set of facets to another: -1 for each it leaves, +1 for each it joins. */
    public static Map<String, Long> delta(List<String> before, List<String> after) {
        var delta = new LinkedHashMap<String, Long>();
        before.forEach(facet -> delta.merge(facet, -1L, Long::sum));
        after.forEach(facet -> delta.merge(facet, 1L, Long::sum));
        delta.values().removeIf(v -> v == 0);
        return delta;
    }

    private static boolean ownItem(String facet) {
        return facet.startsWith("owner#person:") || facet.startsWith("day#");
    }

    /** The writes that apply a change, one per item it touches. */
    public static List<TransactWriteItem> writes(String tableName, Map<String, Long> delta) {
        var writes = new ArrayList<TransactWriteItem>();
        var shared = new LinkedHashMap<String, Long>();
        delta.forEach((facet, change) -> {
            if (ownItem(facet)) {
                writes.add(write(tableName, facet, Map.of(OPEN, change)));
            } else {
                shared.put(facet, change);
            }
        });
        if (!shared.isEmpty()) {
            writes.add(write(tableName, FACETS, shared));
        }
        return writes;
    }

    private static TransactWriteItem write(String tableName, String sortKey, Map<String, Long> changes) {
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var adds = new ArrayList<String>();
        names.put("#type", Table.TYPE);
        values.put(":type", AttributeValue.fromS(TYPE_NAME));
        int i = 0;
        for (var change : changes.entrySet()) {
            names.put("#f" + i, change.getKey());
            values.put(":d" + i, AttributeValue.fromN(Long.toString(change.getValue())));
            adds.add("#f" + i + " :d" + i);
            i++;
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(Table.key(PARTITION, sortKey))
                .updateExpression("SET #type = :type ADD " + String.join(", ", adds))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
    }

    /** Every count from the partition's items, by facet; facets at zero are left out. */
    public static Map<String, Long> counts(List<Map<String, AttributeValue>> items) {
        var counts = new LinkedHashMap<String, Long>();
        for (var item : items) {
            var sortKey = Table.str(item, Table.SK);
            if (FACETS.equals(sortKey)) {
                item.forEach((name, value) -> {
                    if (name.contains("#") && value.n() != null) {
                        counts.put(name, Long.parseLong(value.n()));
                    }
                });
            } else if (sortKey != null && item.containsKey(OPEN)) {
                counts.put(sortKey, Long.parseLong(item.get(OPEN).n()));
            }
        }
        counts.values().removeIf(v -> v == 0);
        return counts;
    }
}
