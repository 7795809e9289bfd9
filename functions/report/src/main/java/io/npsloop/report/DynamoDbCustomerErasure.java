package io.npsloop.report;

import io.npsloop.domain.cases.Referral;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.ports.CustomerErasure;
import io.npsloop.domain.roi.OutcomeType;
import io.npsloop.table.ChurnMarkerItem;
import io.npsloop.table.ClaimItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.FetchItem;
import io.npsloop.table.LeadItem;
import io.npsloop.table.OutcomeItem;
import io.npsloop.table.QuarantineItem;
import io.npsloop.table.ReferralLinkItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Erasure on the table. The customer's state item lists their response keys and outcome ids, so
 * each item is deleted by key; a scan is needed only for responses stored before that list
 * existed (the state's response count is then larger than the list) or when asked for. The state
 * item goes last, and only if no response or outcome was added meanwhile; otherwise the run
 * starts over from the new state. A tombstone keyed by a hash of the id is written first, so an
 * answer arriving during or after the run is dropped by the intake instead of re-creating them.
 */
final class DynamoDbCustomerErasure implements CustomerErasure {

    /** Kinds in the order the answer lists them. */
    static final List<String> KINDS = List.of(
            "responses", "cases", "caseEntries", "outcomes", "churnMarkers", "claims", "fetches", "quarantined", "customerState",
            "leads", "referralLinks");

    private static final int ATTEMPTS = 5;
    private static final String DETRACTORS = ResponseItem.ACCOUNT_DETRACTORS;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int quarantineDays;
    private final Duration tombstone;
    private final int scanSegments;
    private final Clock clock;
    private final List<ToolRecords> tools;
    private final List<ToolContacts> contacts;

    DynamoDbCustomerErasure(DynamoDbClient dynamoDb, String tableName, int quarantineDays, Duration tombstone, int scanSegments,
                            Clock clock) {
        this(dynamoDb, tableName, quarantineDays, tombstone, scanSegments, clock, List.of(), List.of());
    }

    /**
     * @param tools the outside tools holding records of cases (a help desk's tickets, a CRM's tasks), where a connector is configured
     * @param contacts the outside tools holding records of the customer themselves (a CRM's contact), likewise
     */
    DynamoDbCustomerErasure(DynamoDbClient dynamoDb, String tableName, int quarantineDays, Duration tombstone, int scanSegments,
                            Clock clock, List<ToolRecords> tools, List<ToolContacts> contacts) {
        this.tools = List.copyOf(tools);
        this.contacts = List.copyOf(contacts);
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        if (scanSegments < 1 || scanSegments > 64) {
            throw new IllegalArgumentException("ERASURE_SCAN_SEGMENTS must be 1..64: " + scanSegments);
        }
        this.quarantineDays = quarantineDays;
        this.tombstone = Objects.requireNonNull(tombstone, "tombstone");
        this.scanSegments = scanSegments;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Erasure> erase(String customerId, boolean fullScan) {
        var removed = new LinkedHashMap<String, Integer>();
        KINDS.forEach(kind -> removed.put(kind, 0));
        // A configured tool's count is listed, 0 or not; an unconfigured one's is not.
        tools.forEach(tool -> removed.put(tool.kind(), 0));
        contacts.forEach(tool -> tool.kinds().forEach(kind -> removed.put(kind, 0)));
        var earlier = get(TombstoneItem.key(customerId));
        var state = get(CustomerItem.key(customerId));
        var responses = new LinkedHashSet<String>();
        var outcomes = new LinkedHashSet<String>();
        boolean scanned = false;
        if (fullScan || unindexed(state)) {
            scan(customerId, responses, outcomes);
            scanned = true;
        }
        // Requests kept raw (turned away, or ignored, e.g. a partial response) may be all there is of them.
        int keptBefore = 0;
        if (earlier.isEmpty() && state.isEmpty() && responses.isEmpty() && outcomes.isEmpty()) {
            keptBefore = eraseQuarantined(customerId, Set.of());
            if (keptBefore == 0) {
                return Optional.empty();
            }
        }
        var erasedAt = markErased(customerId);
        var emails = new LinkedHashSet<String>();
        var done = new LinkedHashSet<String>();
        for (int attempt = 1; ; attempt++) {
            responses.addAll(strings(state, CustomerItem.RESPONSE_KEYS));
            outcomes.addAll(strings(state, CustomerItem.OUTCOME_IDS));
            var fresh = responses.stream().filter(key -> !done.contains("R" + key)).toList();
            eraseFromTools(customerId, fresh, removed);
            for (var key : fresh) {
                done.add("R" + key);
                eraseResponse(customerId, key, responses, removed, emails);
            }
            for (var eventId : outcomes) {
                if (done.add("O" + eventId)) {
                    eraseOutcome(customerId, eventId, removed);
                }
            }
            if (state.isEmpty() || deleteState(customerId, state)) {
                if (!state.isEmpty()) {
                    removed.merge("customerState", 1, Integer::sum);
                }
                break;
            }
            if (attempt >= ATTEMPTS) {
                throw new IllegalStateException("the customer's state kept changing during erasure");
            }
            // A response or outcome was added meanwhile: erase it too.
            state = get(CustomerItem.key(customerId));
        }
        removed.put("quarantined", keptBefore + eraseQuarantined(customerId, emails));
        return Optional.of(new Erasure(erasedAt, !earlier.isEmpty(), scanned, removed));
    }

    /** Responses counted on the state but missing from its list were stored before the list existed. */
    private static boolean unindexed(Map<String, AttributeValue> state) {
        var count = state.get(CustomerItem.RESPONSES);
        return count != null && Long.parseLong(count.n()) > strings(state, CustomerItem.RESPONSE_KEYS).size();
    }

    private Instant markErased(String customerId) {
        var now = clock.instant();
        var item = dynamoDb.updateItem(r -> r.tableName(tableName)
                .key(TombstoneItem.key(customerId))
                .updateExpression("SET #type = :type, #erasedAt = if_not_exists(#erasedAt, :now), #expiresAt = :expiresAt")
                .expressionAttributeNames(Map.of("#type", Table.TYPE, "#erasedAt", TombstoneItem.ERASED_AT, "#expiresAt", Table.EXPIRES_AT))
                .expressionAttributeValues(Map.of(
                        ":type", AttributeValue.fromS(TombstoneItem.TYPE_NAME),
                        ":now", AttributeValue.fromS(now.toString()),
                        ":expiresAt", AttributeValue.fromN(Long.toString(now.plus(tombstone).getEpochSecond()))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return Instant.parse(item.get(TombstoneItem.ERASED_AT).s());
    }

    private void eraseResponse(String customerId, String key, Set<String> own, Map<String, Integer> removed, Set<String> emails) {
        var responseKey = ResponseKey.fromValue(key).orElse(null);
        if (responseKey == null) {
            return;
        }
        var old = deleteIfTheirs(ResponseItem.key(responseKey), customerId);
        if (old.isEmpty()) {
            return;
        }
        removed.merge("responses", 1, Integer::sum);
        var email = Table.str(old, ResponseItem.EMAIL);
        if (email != null) {
            emails.add(email);
        }
        if (old.containsKey(ResponseItem.CASE_STATUS)) {
            removed.merge("cases", 1, Integer::sum);
            // A case's publish attempts: ids and counts only, yet named by the response.
            for (var kind : ClaimItem.KINDS) {
                if (!delete(ClaimItem.key(responseKey, kind)).isEmpty()) {
                    removed.merge("claims", 1, Integer::sum);
                }
            }
            eraseReferrals(customerId, responseKey, old, removed);
        }
        var joined = Table.str(old, ResponseItem.JOINED_CASE_ID);
        if (joined != null && !own.contains(joined)) {
            removed.merge("caseEntries", removeCaseEntries(joined, customerId), Integer::sum);
        }
        // A response of a tool read from its API may have left a pending fetch. Which tools those are
        // is the ingest function's to know; deleting an item that is not there costs one write and changes nothing.
        if (!delete(FetchItem.key(responseKey)).isEmpty()) {
            removed.merge("fetches", 1, Integer::sum);
        }
    }

    /**
     * What a promoter's referral case leads to: the leads first attributed to them (found by the
     * people on the case, each lead keyed by its contact; a lead another promoter gave first stays),
     * and their referral link's use and post counts, all in the case's own partition.
     */
    private void eraseReferrals(String customerId, ResponseKey responseKey, Map<String, AttributeValue> old, Map<String, Integer> removed) {
        var people = old.get(ResponseItem.CASE_REFERRALS);
        if (people != null && people.hasL()) {
            var leadIds = new LinkedHashSet<String>();
            for (var person : people.l()) {
                var contact = person.hasM() ? Table.str(person.m(), "contact") : null;
                if (contact != null) {
                    leadIds.add(Referral.leadIdOf(contact));
                }
            }
            for (var leadId : leadIds) {
                try {
                    var gone = dynamoDb.deleteItem(r -> r.tableName(tableName).key(LeadItem.key(leadId))
                            .conditionExpression(LeadItem.PROMOTER_ID + " = :customerId")
                            .expressionAttributeValues(Map.of(":customerId", AttributeValue.fromS(customerId)))
                            .returnValues(ReturnValue.ALL_OLD)).attributes();
                    if (gone != null && !gone.isEmpty()) {
                        removed.merge("leads", 1, Integer::sum);
                    }
                } catch (ConditionalCheckFailedException e) {
                    // Gone already, or another promoter's lead.
                }
            }
        }
        Map<String, AttributeValue> start = null;
        do {
            var from = start;
            var page = dynamoDb.query(r -> r.tableName(tableName)
                    .keyConditionExpression(Table.PK + " = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(ReferralLinkItem.partitionKey(responseKey))))
                    .projectionExpression(Table.PK + ", " + Table.SK)
                    .exclusiveStartKey(from));
            for (var item : page.items()) {
                if (!delete(item).isEmpty()) {
                    removed.merge("referralLinks", 1, Integer::sum);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /**
     * What outside tools hold of these responses' cases (a help desk's ticket, a CRM's task), then of
     * the customer themselves (a CRM's contact). All of it goes before any of the responses, so a tool
     * that fails (throwing {@link ToolRecords.Remaining}) leaves them listed for the next request, with
     * the emails and case ids it needs.
     */
    private void eraseFromTools(String customerId, List<String> keys, Map<String, Integer> removed) {
        if (tools.isEmpty() && contacts.isEmpty()) {
            return;
        }
        var emails = new LinkedHashSet<String>();
        var caseIds = new LinkedHashSet<String>();
        var actions = new HashSet<String>();
        for (var value : keys) {
            var key = ResponseKey.fromValue(value).orElse(null);
            if (key == null) {
                continue;
            }
            var item = dynamoDb.getItem(r -> r.tableName(tableName).key(ResponseItem.key(key)).consistentRead(true)
                    .projectionExpression("#customerId, #action, #email")
                    .expressionAttributeNames(Map.of("#customerId", ResponseItem.CUSTOMER_ID,
                            "#action", ResponseItem.FOLLOW_UP_ACTION, "#email", ResponseItem.EMAIL))).item();
            var action = item == null ? null : Table.str(item, ResponseItem.FOLLOW_UP_ACTION);
            if (action == null || !customerId.equals(Table.str(item, ResponseItem.CUSTOMER_ID))) {
                continue;
            }
            var followedUp = new ToolRecords.Case(key.value(), action, Table.str(item, ResponseItem.EMAIL));
            actions.add(action);
            caseIds.add(followedUp.id());
            if (followedUp.email() != null) {
                emails.add(followedUp.email());
            }
            for (var tool : tools) {
                if (tool.actions().contains(action)) {
                    removed.merge(tool.kind(), tool.erase(followedUp), Integer::sum);
                }
            }
        }
        for (var tool : contacts) {
            if (!emails.isEmpty() && actions.stream().anyMatch(tool.actions()::contains)) {
                tool.erase(emails, caseIds).forEach((kind, n) -> removed.merge(kind, n, Integer::sum));
            }
        }
    }

    /**
     * Takes the customer's entries (name, email, comment) off the account case they joined, which
     * belongs to someone else. Indexes are checked in the same write, so a concurrent change
     * makes it read the list again.
     */
    private int removeCaseEntries(String caseId, String customerId) {
        var key = ResponseKey.fromValue(caseId).map(ResponseItem::key).orElse(null);
        if (key == null) {
            return 0;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)
                    .projectionExpression(DETRACTORS)).item();
            var entries = item == null || !item.containsKey(DETRACTORS) ? List.<AttributeValue>of() : item.get(DETRACTORS).l();
            var indexes = new ArrayList<Integer>();
            for (int i = 0; i < entries.size(); i++) {
                var entry = entries.get(i).m();
                if (entry != null && customerId.equals(Table.str(entry, ResponseItem.CUSTOMER_ID))) {
                    indexes.add(i);
                }
            }
            if (indexes.isEmpty()) {
                return 0;
            }
            var removes = new ArrayList<String>();
            var conditions = new ArrayList<String>();
            for (int i : indexes) {
                removes.add(DETRACTORS + "[" + i + "]");
                conditions.add(DETRACTORS + "[" + i + "]." + ResponseItem.CUSTOMER_ID + " = :customerId");
            }
            try {
                dynamoDb.updateItem(r -> r.tableName(tableName).key(key)
                        .updateExpression("REMOVE " + String.join(", ", removes))
                        .conditionExpression(String.join(" AND ", conditions))
                        .expressionAttributeValues(Map.of(":customerId", AttributeValue.fromS(customerId))));
                return indexes.size();
            } catch (ConditionalCheckFailedException e) {
                // The list changed under us: read it again.
            }
        }
        throw new IllegalStateException("an account case's list kept changing during erasure");
    }

    private void eraseOutcome(String customerId, String eventId, Map<String, Integer> removed) {
        var old = deleteIfTheirs(OutcomeItem.key(eventId), customerId);
        if (old.isEmpty()) {
            return;
        }
        removed.merge("outcomes", 1, Integer::sum);
        for (var marker : DynamoDbOutcomes.churnMarkers(old)) {
            if (!delete(marker).isEmpty()) {
                removed.merge("churnMarkers", 1, Integer::sum);
            }
        }
    }

    /** Deletes the state only if no response or outcome was added since it was read. */
    private boolean deleteState(String customerId, Map<String, AttributeValue> state) {
        var values = new HashMap<String, AttributeValue>();
        var conditions = new ArrayList<String>();
        var version = state.get(CustomerItem.VERSION);
        if (version == null) {
            conditions.add("attribute_not_exists(" + CustomerItem.VERSION + ")");
        } else {
            conditions.add(CustomerItem.VERSION + " = :version");
            values.put(":version", version);
        }
        for (var list : List.of(CustomerItem.RESPONSE_KEYS, CustomerItem.OUTCOME_IDS)) {
            int size = strings(state, list).size();
            if (size == 0) {
                conditions.add("attribute_not_exists(" + list + ")");
            } else {
                conditions.add("size(" + list + ") = :" + list);
                values.put(":" + list, AttributeValue.fromN(Integer.toString(size)));
            }
        }
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName).key(CustomerItem.key(customerId))
                    .conditionExpression(String.join(" AND ", conditions))
                    .expressionAttributeValues(values.isEmpty() ? null : values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Rejected and ignored requests are kept raw for {@code quarantineDays}: those whose body names the
     * customer (their id as a JSON string, or an email of theirs) go. A day is one partition, so
     * this reads the quarantine of the retention period, not the table.
     */
    private int eraseQuarantined(String customerId, Set<String> emails) {
        var values = new HashMap<String, AttributeValue>();
        var matches = new ArrayList<String>();
        values.put(":id", AttributeValue.fromS("\"" + customerId + "\""));
        matches.add("contains(" + QuarantineItem.BODY + ", :id)");
        int i = 0;
        for (var email : emails) {
            values.put(":email" + i, AttributeValue.fromS(email));
            matches.add("contains(" + QuarantineItem.BODY + ", :email" + i++ + ")");
        }
        int removed = 0;
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (int back = 0; back <= quarantineDays; back++) {
            var day = today.minusDays(back);
            values.put(":pk", AttributeValue.fromS(QuarantineItem.partitionKey(day)));
            Map<String, AttributeValue> start = null;
            do {
                var from = start;
                var page = dynamoDb.query(r -> r.tableName(tableName)
                        .keyConditionExpression(Table.PK + " = :pk")
                        .filterExpression(String.join(" OR ", matches))
                        .projectionExpression(Table.PK + ", " + Table.SK)
                        .expressionAttributeValues(values)
                        .exclusiveStartKey(from));
                for (var item : page.items()) {
                    if (!delete(item).isEmpty()) {
                        removed++;
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return removed;
    }

    /** Every response and outcome item naming the customer, by a parallel scan of the table. */
    private void scan(String customerId, Set<String> responses, Set<String> outcomes) {
        var found = new ConcurrentLinkedQueue<Map<String, AttributeValue>>();
        IntStream.range(0, scanSegments).parallel().forEach(segment -> {
            Map<String, AttributeValue> start = null;
            do {
                var from = start;
                var page = dynamoDb.scan(r -> r.tableName(tableName)
                        .segment(segment).totalSegments(scanSegments)
                        .filterExpression(ResponseItem.CUSTOMER_ID + " = :customerId AND (#type = :response OR #type = :outcome)")
                        .projectionExpression(Table.PK + ", #type, " + OutcomeItem.EVENT_ID)
                        .expressionAttributeNames(Map.of("#type", Table.TYPE))
                        .expressionAttributeValues(Map.of(
                                ":customerId", AttributeValue.fromS(customerId),
                                ":response", AttributeValue.fromS(ResponseItem.TYPE_NAME),
                                ":outcome", AttributeValue.fromS(OutcomeItem.TYPE_NAME)))
                        .exclusiveStartKey(from));
                found.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        });
        for (var item : found) {
            if (OutcomeItem.TYPE_NAME.equals(Table.str(item, Table.TYPE))) {
                outcomes.add(Table.str(item, OutcomeItem.EVENT_ID));
            } else {
                responses.add(ResponseItem.keyOf(item).value());
            }
        }
    }

    private Map<String, AttributeValue> deleteIfTheirs(Map<String, AttributeValue> key, String customerId) {
        try {
            var old = dynamoDb.deleteItem(r -> r.tableName(tableName).key(key)
                    .conditionExpression(ResponseItem.CUSTOMER_ID + " = :customerId")
                    .expressionAttributeValues(Map.of(":customerId", AttributeValue.fromS(customerId)))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return old == null ? Map.of() : old;
        } catch (ConditionalCheckFailedException e) {
            // Gone already (an earlier run, or expiry), or not theirs.
            return Map.of();
        }
    }

    private Map<String, AttributeValue> delete(Map<String, AttributeValue> key) {
        var old = dynamoDb.deleteItem(r -> r.tableName(tableName).key(key).returnValues(ReturnValue.ALL_OLD)).attributes();
        return old == null ? Map.of() : old;
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var item = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        var value = item.get(name);
        return value == null || !value.hasSs() ? List.of() : value.ss();
    }
}
