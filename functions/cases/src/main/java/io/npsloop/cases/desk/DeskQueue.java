package io.npsloop.cases.desk;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.domain.cases.CaseOwner;
import io.npsloop.domain.policy.Action;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The desk's queue: open cases, soonest due first, one page at a time, never a scan.
 *
 * <p>One filter picks the index partition read: owner ({@code OpenCasesByOwner}), else source
 * ({@code OpenCasesBySource}), else tier ({@code OpenCasesByTier}), else action
 * ({@code OpenCasesByDue}); with none, every action's partition is read and merged by due time.
 * Only a second or third filter is a filter expression, which reads the items it drops.
 *
 * <p>The cursor holds, per partition, the index key of the last case listed from it (or that it
 * is done), and the filters it was made for: the next page starts each partition after it, so
 * paging neither repeats nor skips a case that did not move meanwhile.
 */
public final class DeskQueue {

    public static final int MAX_LIMIT = 100;

    /** What a page is asked for: at most one value per filter, null where not filtered. */
    public record Filters(Action action, String tier, String source, CaseOwner owner) {

        String signature() {
            return (action == null ? "" : action.wireName()) + "|" + Objects.toString(tier, "") + "|"
                    + Objects.toString(source, "") + "|" + (owner == null ? "" : owner.wireName());
        }
    }

    /** One page: the cases in order, the cursor of the next page (null on the last), and the read units spent. */
    public record Page(List<DynamoDbCases.Listed> cases, String next, double readUnits) {}

    public static final class BadCursor extends RuntimeException {
        BadCursor() {
            super("cursor", null, false, false);
        }
    }

    private record Partition(String index, String attribute, String value) {
        String name() {
            return index + "/" + value;
        }
    }

    private final DynamoDbCases cases;

    public DeskQueue(DynamoDbCases cases) {
        this.cases = Objects.requireNonNull(cases, "cases");
    }

    public Page page(Filters filters, String cursor, int limit) {
        var partitions = new ArrayList<Partition>();
        var conditions = new ArrayList<String>();
        var values = new HashMap<String, AttributeValue>();
        if (filters.owner() != null) {
            partitions.add(new Partition(Table.OPEN_CASES_BY_OWNER_INDEX, Table.OPEN_OWNER, filters.owner().wireName()));
        } else if (filters.source() != null) {
            partitions.add(new Partition(Table.OPEN_CASES_BY_SOURCE_INDEX, Table.OPEN_SOURCE, filters.source()));
        } else if (filters.tier() != null) {
            partitions.add(new Partition(Table.OPEN_CASES_BY_TIER_INDEX, Table.OPEN_TIER, filters.tier()));
        } else if (filters.action() != null) {
            partitions.add(new Partition(Table.OPEN_CASES_INDEX, Table.OPEN_CASES_PARTITION_KEY, filters.action().wireName()));
        } else {
            for (var action : Action.values()) {
                partitions.add(new Partition(Table.OPEN_CASES_INDEX, Table.OPEN_CASES_PARTITION_KEY, action.wireName()));
            }
        }
        var chosen = partitions.get(0).attribute();
        if (filters.action() != null && !chosen.equals(Table.OPEN_CASES_PARTITION_KEY)) {
            conditions.add(ResponseItem.OPEN_CASE + " = :fAction");
            values.put(":fAction", AttributeValue.fromS(filters.action().wireName()));
        }
        if (filters.tier() != null && !chosen.equals(Table.OPEN_TIER)) {
            conditions.add(ResponseItem.OPEN_TIER + " = :fTier");
            values.put(":fTier", AttributeValue.fromS(filters.tier()));
        }
        if (filters.source() != null && !chosen.equals(Table.OPEN_SOURCE)) {
            conditions.add(ResponseItem.OPEN_SOURCE + " = :fSource");
            values.put(":fSource", AttributeValue.fromS(filters.source()));
        }
        var filter = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        var positions = decode(cursor, filters.signature());

        double units = 0;
        var fetched = new LinkedHashMap<String, List<DynamoDbCases.Listed>>();
        var exhausted = new HashMap<String, Boolean>();
        for (var partition : partitions) {
            var position = positions.get(partition.name());
            if (cursor != null && position == null) {
                exhausted.put(partition.name(), true);
                fetched.put(partition.name(), List.of());
                continue;
            }
            var list = new ArrayList<DynamoDbCases.Listed>();
            Map<String, AttributeValue> start = position;
            do {
                var read = cases.openPage(partition.index(), partition.attribute(), partition.value(), null, start, filter, values, limit);
                units += read.readUnits();
                list.addAll(read.cases());
                start = read.lastKey();
            } while (start != null && list.size() < limit);
            fetched.put(partition.name(), list);
            exhausted.put(partition.name(), start == null);
        }

        // A merge that keeps each partition's own order, which is what its cursor stands on.
        var order = Comparator.comparing((DynamoDbCases.Listed l) -> l.followUpCase().followUp().dueAt())
                .thenComparing(l -> l.followUpCase().id());
        var heads = new HashMap<String, Integer>();
        fetched.keySet().forEach(name -> heads.put(name, 0));
        var page = new ArrayList<DynamoDbCases.Listed>();
        var lastTaken = new HashMap<String, Map<String, AttributeValue>>();
        while (page.size() < limit) {
            String best = null;
            for (var entry : fetched.entrySet()) {
                int head = heads.get(entry.getKey());
                if (head < entry.getValue().size() && (best == null
                        || order.compare(entry.getValue().get(head), fetched.get(best).get(heads.get(best))) < 0)) {
                    best = entry.getKey();
                }
            }
            if (best == null) {
                break;
            }
            var taken = fetched.get(best).get(heads.get(best));
            page.add(taken);
            lastTaken.put(best, taken.indexKey());
            heads.merge(best, 1, Integer::sum);
        }
        var next = new LinkedHashMap<String, Map<String, AttributeValue>>();
        for (var name : fetched.keySet()) {
            boolean allTaken = heads.get(name) >= fetched.get(name).size();
            if (exhausted.get(name) && allTaken) {
                continue;
            }
            var key = lastTaken.containsKey(name) ? lastTaken.get(name) : positions.get(name);
            // Nothing listed from it yet and no earlier position: it starts from its beginning, marked by an empty key.
            next.put(name, key == null ? Map.of() : key);
        }
        return new Page(page, next.isEmpty() ? null : encode(next, filters.signature()), units);
    }

    private static String encode(Map<String, Map<String, AttributeValue>> positions, String signature) {
        var json = new LinkedHashMap<String, Object>();
        json.put("f", signature);
        var parts = new LinkedHashMap<String, Object>();
        positions.forEach((name, key) -> {
            var plain = new LinkedHashMap<String, String>();
            key.forEach((attribute, value) -> plain.put(attribute, value.s()));
            parts.put(name, plain);
        });
        json.put("p", parts);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.std.asBytes(json));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Positions by partition; empty for the first page. A partition absent from a cursor is done. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, AttributeValue>> decode(String cursor, String signature) {
        var positions = new HashMap<String, Map<String, AttributeValue>>();
        if (cursor == null) {
            return positions;
        }
        try {
            var json = JSON.std.mapFrom(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (json == null || !signature.equals(json.get("f")) || !(json.get("p") instanceof Map<?, ?> parts)) {
                throw new BadCursor();
            }
            for (var entry : parts.entrySet()) {
                var key = new HashMap<String, AttributeValue>();
                for (var attribute : ((Map<String, Object>) entry.getValue()).entrySet()) {
                    key.put(attribute.getKey(), AttributeValue.fromS((String) attribute.getValue()));
                }
                positions.put((String) entry.getKey(), key.isEmpty() ? null : key);
            }
            // A partition in the cursor with no position yet still has everything ahead of it.
            parts.keySet().forEach(name -> positions.putIfAbsent((String) name, null));
            var result = new HashMap<String, Map<String, AttributeValue>>();
            positions.forEach((name, key) -> result.put(name, key == null ? Map.of() : key));
            return result;
        } catch (IOException | RuntimeException e) {
            throw new BadCursor();
        }
    }
}
