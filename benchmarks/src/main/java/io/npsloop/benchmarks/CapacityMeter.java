package io.npsloop.benchmarks;

import io.npsloop.table.Table;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Asks DynamoDB for the capacity each call consumed (the product's adapters do not) and adds it up
 * per operation, with the sizes of the items put. It also remembers, item by item and in order,
 * whether each successful write was standard or part of a transaction, so that {@link StreamUnits}
 * can price the stream record it left at 1 or 2 units per KB.
 */
public final class CapacityMeter implements ExecutionInterceptor {

    /** One operation's calls and the capacity units DynamoDB reported for them. */
    public static final class Tally {
        public long calls;
        public long failed;
        public double units;
        /** Write actions inside transactions, e.g. a Put and an Update make 2. */
        public long actions;

        Tally copy() {
            var t = new Tally();
            t.calls = calls;
            t.failed = failed;
            t.units = units;
            t.actions = actions;
            return t;
        }
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final List<Integer> putSizes = new ArrayList<>();
    /** Per item key ({@code pk|sk}), the unit multiplier of each successful write not yet matched to its stream record. */
    private final Map<String, ArrayDeque<Integer>> unmatchedWrites = new HashMap<>();
    /** Conditional writes refused (e.g. a retry's put of a stored response): billed, though nothing changed. */
    private long refusedStandardWrites;

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        var total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof TransactWriteItemsRequest r) {
            synchronized (this) {
                for (TransactWriteItem item : r.transactItems()) {
                    if (item.put() != null) {
                        putSizes.add(ItemSize.bytes(item.put().item()));
                    }
                }
                tally("TransactWriteItems").actions += r.transactItems().size();
            }
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof PutItemRequest r) {
            synchronized (this) {
                putSizes.add(ItemSize.bytes(r.item()));
            }
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        if (request instanceof TransactGetItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        List<ConsumedCapacity> consumed = new ArrayList<>();
        if (response instanceof TransactWriteItemsResponse r) {
            consumed.addAll(r.consumedCapacity());
        } else if (response instanceof PutItemResponse r) {
            add(consumed, r.consumedCapacity());
        } else if (response instanceof UpdateItemResponse r) {
            add(consumed, r.consumedCapacity());
        } else if (response instanceof DeleteItemResponse r) {
            add(consumed, r.consumedCapacity());
        } else if (response instanceof GetItemResponse r) {
            add(consumed, r.consumedCapacity());
        } else if (response instanceof QueryResponse r) {
            add(consumed, r.consumedCapacity());
        } else if (response instanceof TransactGetItemsResponse r) {
            consumed.addAll(r.consumedCapacity());
        }
        synchronized (this) {
            remember(context.request());
            var tally = tally(operation(context.request()));
            tally.calls++;
            for (ConsumedCapacity c : consumed) {
                if (c.capacityUnits() != null) {
                    tally.units += c.capacityUnits();
                }
            }
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        synchronized (this) {
            var tally = tally(operation(context.request()));
            tally.calls++;
            tally.failed++;
            if (context.exception() instanceof ConditionalCheckFailedException) {
                refusedStandardWrites++;
            }
        }
    }

    private void remember(SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest r) {
            for (TransactWriteItem item : r.transactItems()) {
                if (item.put() != null) {
                    written(item.put().item(), 2);
                } else if (item.update() != null) {
                    written(item.update().key(), 2);
                } else if (item.delete() != null) {
                    written(item.delete().key(), 2);
                }
            }
        } else if (request instanceof PutItemRequest r) {
            written(r.item(), 1);
        } else if (request instanceof UpdateItemRequest r) {
            written(r.key(), 1);
        } else if (request instanceof DeleteItemRequest r) {
            written(r.key(), 1);
        }
    }

    private void written(Map<String, AttributeValue> item, int multiplier) {
        unmatchedWrites.computeIfAbsent(key(item), k -> new ArrayDeque<>()).add(multiplier);
    }

    static String key(Map<String, AttributeValue> item) {
        return item.get(Table.PK).s() + "|" + item.get(Table.SK).s();
    }

    /** 2 if the oldest unmatched write of this item was transactional, 1 if standard, null if none is known. */
    synchronized Integer takeMultiplier(String key) {
        var writes = unmatchedWrites.get(key);
        return writes == null || writes.isEmpty() ? null : writes.poll();
    }

    /** Successful writes that left no stream record yet (they changed nothing, or the stream was not read). */
    synchronized long unmatchedWrites() {
        return unmatchedWrites.values().stream().mapToLong(ArrayDeque::size).sum();
    }

    synchronized long refusedStandardWrites() {
        return refusedStandardWrites;
    }

    private static void add(List<ConsumedCapacity> list, ConsumedCapacity capacity) {
        if (capacity != null) {
            list.add(capacity);
        }
    }

    private static String operation(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
    }

    private Tally tally(String operation) {
        return tallies.computeIfAbsent(operation, k -> new Tally());
    }

    /** A copy of the tallies so far, by operation name (PutItem, TransactWriteItems, ...). */
    public synchronized Map<String, Tally> snapshot() {
        var copy = new LinkedHashMap<String, Tally>();
        tallies.forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    public synchronized List<Integer> putSizes() {
        return List.copyOf(putSizes);
    }

    /** Starts a new phase's tallies; writes not yet matched to their stream records are kept. */
    public synchronized void reset() {
        tallies.clear();
        putSizes.clear();
        refusedStandardWrites = 0;
    }

    /** Item size by DynamoDB's documented rules: attribute names plus values, in bytes. */
    static final class ItemSize {
        private ItemSize() {}

        static int bytes(Map<String, AttributeValue> item) {
            int size = 0;
            for (var entry : item.entrySet()) {
                size += utf8(entry.getKey()) + value(entry.getValue());
            }
            return size;
        }

        private static int value(AttributeValue v) {
            if (v.s() != null) {
                return utf8(v.s());
            }
            if (v.n() != null) {
                return number(v.n());
            }
            if (v.b() != null) {
                return v.b().asByteArray().length;
            }
            if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
                return 1;
            }
            if (v.hasSs()) {
                return v.ss().stream().mapToInt(ItemSize::utf8).sum();
            }
            if (v.hasNs()) {
                return v.ns().stream().mapToInt(ItemSize::number).sum();
            }
            if (v.hasL()) {
                return 3 + v.l().stream().mapToInt(e -> 1 + value(e)).sum();
            }
            if (v.hasM()) {
                return 3 + v.m().entrySet().stream().mapToInt(e -> 1 + utf8(e.getKey()) + value(e.getValue())).sum();
            }
            return 0;
        }

        /** One byte per two significant digits, plus one. */
        private static int number(String n) {
            String digits = n.replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
            return (Math.max(1, digits.length()) + 1) / 2 + 1;
        }

        private static int utf8(String s) {
            return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
    }
}
