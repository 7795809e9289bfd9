package io.npsloop.aws;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.AccountHistory;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.BudgetCharge;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.policy.UnitCohort;
import io.npsloop.config.SharedSettings;
import io.npsloop.domain.ports.ResponseStore;
import io.npsloop.domain.roi.CohortSegments;
import io.npsloop.table.AccountItem;
import io.npsloop.table.BudgetItem;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import io.npsloop.table.UnitCohortItem;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Stores a response, its follow-up decision and the respondent's state: the state only if it is
 * still at the version the decision was made on, the response only if it is not stored yet.
 *
 * <p>Most responses are standard writes, the state first (counting the response and keeping
 * its decision for a few days), then the response; a transaction costs twice as much per item.
 * A failure between the two leaves the state counting a response that is not stored: the
 * delivery's retry sees that and stores it with the decision kept ({@link #complete}). Decisions
 * that also change another item (opening an account's case, joining one, charging a budget)
 * are written in one transaction, since a half-written one could not be finished that way.
 *
 * <p>A response counted in its unit's arm also writes its unit cohort. Outside a transaction it
 * does so in an order that makes every step safe to repeat: the account's pointer to a cohort it
 * starts (compare-and-set), the customer's state (which keeps the member token), the cohort (an
 * update that adds the same token and value however often it runs), the response. A decision
 * written in one transaction puts the cohort in it, after the same pointer (in it too when it
 * opens the account's case, which writes the account anyway).
 */
public final class DynamoDbResponseStore implements ResponseStore {

    private static final String VERSION = CustomerItem.VERSION;
    private static final String LAST_DETRACTOR_AT = CustomerItem.LAST_DETRACTOR_AT;
    private static final String WAVE_PREFIX = CustomerItem.WAVE_PREFIX;
    /** Longer than any survey tool retries a delivery; older decisions are dropped from the state. */
    static final Duration RECENT_DECISIONS_KEPT = Duration.ofDays(7);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Duration cohortWindow;
    private final Clock clock;
    private final Set<String> reportSurveys;
    private final SecureRandom random = new SecureRandom();

    /** With the default observation window for unit cohorts. */
    public DynamoDbResponseStore(DynamoDbClient dynamoDb, String tableName, Duration retention, Clock clock) {
        this(dynamoDb, tableName, retention, SharedSettings.defaultOutcomeWindow(), clock);
    }

    /** @param cohortWindow how long a unit cohort takes new members, from its start */
    public DynamoDbResponseStore(DynamoDbClient dynamoDb, String tableName, Duration retention, Duration cohortWindow, Clock clock) {
        this(dynamoDb, tableName, retention, cohortWindow, Set.of(), clock);
    }

    /** @param reportSurveys the surveys the report breaks out; a cohort started from any other is in the survey segment "other" */
    public DynamoDbResponseStore(DynamoDbClient dynamoDb, String tableName, Duration retention, Duration cohortWindow,
                                 Set<String> reportSurveys, Clock clock) {
        this.reportSurveys = Set.copyOf(reportSurveys);
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.cohortWindow = Objects.requireNonNull(cohortWindow, "cohortWindow");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public RespondentHistory history(String customerId, String accountId) {
        var item = read(CustomerItem.key(customerId));
        var account = accountId == null ? null : accountHistory(accountId);
        if (item.isEmpty()) {
            return RespondentHistory.NONE.withAccount(account);
        }
        var lastContacts = new EnumMap<Action, Instant>(Action.class);
        var arms = new EnumMap<Action, Arm>(Action.class);
        for (var action : Action.values()) {
            var contacted = Table.str(item, lastContactAttribute(action));
            if (contacted != null) {
                lastContacts.put(action, Instant.parse(contacted));
            }
            var arm = Table.str(item, armAttribute(action));
            if (arm != null) {
                arms.put(action, Arm.fromWireName(arm));
            }
        }
        var waves = new HashMap<String, RespondentHistory.WaveAnswer>();
        item.forEach((name, value) -> {
            if (name.startsWith(WAVE_PREFIX) && value.s() != null) {
                int bar = value.s().lastIndexOf('|');
                waves.put(name.substring(WAVE_PREFIX.length()), new RespondentHistory.WaveAnswer(
                        caseKey(value.s().substring(0, bar)), Instant.parse(value.s().substring(bar + 1))));
            }
        });
        var counted = new HashSet<ResponseKey>();
        var keys = item.get(CustomerItem.RESPONSE_KEYS);
        if (keys != null && keys.hasSs()) {
            keys.ss().forEach(value -> ResponseKey.fromValue(value).ifPresent(counted::add));
        }
        var recent = new HashMap<ResponseKey, RespondentHistory.DecidedAnswer>();
        var decided = item.get(CustomerItem.RECENT_DECISIONS);
        if (decided != null && decided.hasM()) {
            decided.m().forEach((value, entry) ->
                    ResponseKey.fromValue(value).ifPresent(key -> recent.put(key, ResponseItem.decidedAnswer(entry.m()))));
        }
        var lastDetractor = Table.str(item, LAST_DETRACTOR_AT);
        var memberships = new EnumMap<Action, UnitCohort.Membership>(Action.class);
        for (var action : Action.values()) {
            UnitCohortItem.membership(item, action).ifPresent(membership -> memberships.put(action, membership));
        }
        return new RespondentHistory(lastContacts, arms, lastDetractor == null ? null : Instant.parse(lastDetractor),
                stillOpen(Table.str(item, CustomerItem.OPEN_RECOVERY_CASE)), account, waves, version(item),
                counted, recent, unitCohorts(item), memberships);
    }

    private AccountHistory accountHistory(String accountId) {
        var item = read(AccountItem.key(accountId));
        return new AccountHistory(accountId, stillOpen(Table.str(item, AccountItem.OPEN_RECOVERY_CASE)), version(item), unitCohorts(item));
    }

    private static Map<Action, UnitCohort> unitCohorts(Map<String, AttributeValue> state) {
        var cohorts = new EnumMap<Action, UnitCohort>(Action.class);
        for (var action : Action.values()) {
            UnitCohortItem.unitCohort(state, action).ifPresent(cohort -> cohorts.put(action, cohort));
        }
        return cohorts;
    }

    /**
     * The case id if that case still needs someone. A state item names its open case until a
     * later write clears it; a case closed meanwhile is seen here, so the flag never goes stale.
     */
    private String stillOpen(String caseId) {
        if (caseId == null) {
            return null;
        }
        var item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(tableName)
                        .key(ResponseItem.key(caseKey(caseId)))
                        .consistentRead(true)
                        .projectionExpression(ResponseItem.OPEN_CASE)
                        .build())
                .item();
        return item != null && item.containsKey(ResponseItem.OPEN_CASE) ? caseId : null;
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        var item = dynamoDb.getItem(GetItemRequest.builder().tableName(tableName).key(key).consistentRead(true).build()).item();
        return item == null ? Map.of() : item;
    }

    private static long version(Map<String, AttributeValue> item) {
        var version = item.get(VERSION);
        return version == null ? 0 : Long.parseLong(version.n());
    }

    @Override
    public boolean erased(String customerId) {
        return new ErasedCustomers(dynamoDb, tableName, clock).erased(customerId);
    }

    @Override
    public Optional<StoredResponse> find(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(tableName)
                        .key(ResponseItem.key(key))
                        .consistentRead(true)
                        .build())
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        var status = Table.str(item, ResponseItem.FOLLOW_UP_STATUS);
        return Optional.of(new StoredResponse(ResponseItem.fromItem(item), status, FollowUpStatus.SENT.wireName().equals(status)));
    }

    @Override
    public void revise(ResponseRecord revised, StoredResponse prior, RespondentHistory history) {
        var writes = new ArrayList<TransactWriteItem>(4);
        writes.add(TransactWriteItem.builder().update(revision(revised, prior)).build());
        var customerId = revised.response().respondent().id();
        // A revision decided again may put the customer in an arm they were not counted in; one
        // already counted stays counted (intention to treat: a changed answer does not take them out).
        var enrolment = customerId == null || revised.decision().equals(prior.record().decision()) ? null
                : UnitCohort.Enrolment.of(revised.decision(), history, revised.receivedAt(), cohortWindow, () -> opaqueId(16)).orElse(null);
        var membership = enrolment == null || !enrolment.joins() ? null
                : new UnitCohort.Membership(enrolment.cohort(), opaqueId(12), revised.receivedAt());
        if (customerId != null) {
            if (enrolment != null && enrolment.starts() && history.account() != null) {
                claimUnitCohort(history.account(), enrolment.cohort(), customerId);
            }
            writes.add(TransactWriteItem.builder().update(revisedState(revised, prior.record(), customerId, history, enrolment, membership)).build());
            if (membership != null) {
                writes.add(TransactWriteItem.builder().update(cohortUpdate(membership, revised)).build());
            }
        }
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            if (reasons.stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code())) || isConflict(reasons)) {
                throw new ConcurrentChangeException(customerId == null ? revised.key().value() : customerId);
            }
            throw e;
        }
    }

    /**
     * Sets every field of the revised response on the stored item. The follow-up fields change
     * only if it was decided again; a sent follow-up keeps its status, time and message id.
     */
    private Update revision(ResponseRecord revised, StoredResponse prior) {
        var item = ResponseItem.toItem(revised, retention);
        boolean decidedAgain = !revised.decision().equals(prior.record().decision());
        var names = new HashMap<String, String>();
        var values = new HashMap<String, AttributeValue>();
        var sets = new ArrayList<String>();
        var removes = new ArrayList<String>();
        int i = 0;
        for (var entry : item.entrySet()) {
            var name = entry.getKey();
            if (name.equals(Table.PK) || name.equals(Table.SK) || name.equals(Table.EXPIRES_AT)
                    || !decidedAgain && ResponseItem.isDecisionAttribute(name)) {
                continue;
            }
            names.put("#a" + i, name);
            values.put(":v" + i, entry.getValue());
            sets.add("#a" + i + " = :v" + i);
            i++;
        }
        for (var name : ResponseItem.OPTIONAL_ATTRIBUTES) {
            if (!item.containsKey(name) && (decidedAgain || !ResponseItem.isDecisionAttribute(name))) {
                names.put("#a" + i, name);
                removes.add("#a" + i);
                i++;
            }
        }
        names.put("#status", ResponseItem.FOLLOW_UP_STATUS);
        values.put(":priorStatus", s(prior.status()));
        return Update.builder()
                .tableName(tableName)
                .key(ResponseItem.key(revised.key()))
                .updateExpression("SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes)))
                .conditionExpression("#status = :priorStatus")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** Moves the customer's counts from the old category to the new one and records the new decision. */
    private Update revisedState(ResponseRecord revised, ResponseRecord prior, String customerId, RespondentHistory history,
                                UnitCohort.Enrolment enrolment, UnitCohort.Membership membership) {
        var sets = new ArrayList<>(List.of("lastScore = :score", "lastCategory = :category", VERSION + " = :next"));
        var values = new HashMap<String, AttributeValue>(Map.of(
                ":score", n(Integer.toString(revised.response().score().value())),
                ":category", s(revised.category().wireName()),
                ":next", n(Long.toString(history.version() + 1))));
        var adds = new ArrayList<String>();
        if (revised.category() != prior.category()) {
            adds.add(counter(prior.category()) + " :minusOne");
            adds.add(counter(revised.category()) + " :one");
            values.put(":minusOne", n("-1"));
            values.put(":one", n("1"));
            if (revised.category() == Category.DETRACTOR) {
                sets.add(LAST_DETRACTOR_AT + " = :now");
                values.put(":now", s(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
            }
        }
        var decision = revised.decision();
        if (!decision.equals(prior.decision())) {
            if (decision instanceof FollowUpDecision.Contact contact) {
                sets.add(lastContactAttribute(contact.action()) + " = :decidedAt");
                values.put(":decidedAt", s(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
            }
            decision.consideredAction().ifPresent(action -> decision.arm().ifPresent(arm -> {
                sets.add(armAttribute(action) + " = if_not_exists(" + armAttribute(action) + ", :arm)");
                values.put(":arm", s(arm.wireName()));
            }));
            enrol(enrolment, membership, history, sets, values);
        }
        var condition = versionCondition(history.version(), values);
        return Update.builder()
                .tableName(tableName)
                .key(CustomerItem.key(customerId))
                .updateExpression("SET " + String.join(", ", sets) + (adds.isEmpty() ? "" : " ADD " + String.join(", ", adds)))
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build();
    }

    private static String counter(Category category) {
        return CustomerItem.counter(category);
    }

    @Override
    public StoreResult store(ResponseRecord record, RespondentHistory history) {
        return write(record, history, null);
    }

    @Override
    public StoreResult store(ResponseRecord record, RespondentHistory history, BudgetCharge charge) {
        return write(record, history, Objects.requireNonNull(charge, "charge"));
    }

    @Override
    public StoreResult complete(ResponseRecord record, RespondentHistory history) {
        // The delivery that counted the response may have failed before its cohort write: the token
        // it kept on the state is written again, which counts the customer once however often it
        // runs. Every path writes the cohort before the response, so a stored response (a plain
        // redelivery, the usual case here) has its count already: a read then saves the write.
        var membership = history.decidedBefore(record.key()).map(RespondentHistory.DecidedAnswer::membership);
        if (membership.isPresent() && !stored(record.key())) {
            update(cohortUpdate(membership.get(), record));
        }
        return put(record, membership.map(m -> m.cohort().id()).orElse(null));
    }

    private boolean stored(ResponseKey key) {
        var item = dynamoDb.getItem(GetItemRequest.builder()
                        .tableName(tableName)
                        .key(ResponseItem.key(key))
                        .consistentRead(true)
                        .projectionExpression(Table.PK)
                        .build())
                .item();
        return item != null && !item.isEmpty();
    }

    private StoreResult write(ResponseRecord record, RespondentHistory history, BudgetCharge charge) {
        var customerId = record.response().respondent().id();
        var enrolment = customerId == null ? null
                : UnitCohort.Enrolment.of(record.decision(), history, record.receivedAt(), cohortWindow, () -> opaqueId(16)).orElse(null);
        boolean opensAccountCase = opensRecoveryCase(record) && history.account() != null;
        if (enrolment != null && enrolment.starts() && history.account() != null && !opensAccountCase) {
            // Before anything counts the customer in the new cohort: of two contacts of one account
            // starting one at once, only one moves the pointer; the other decides again and joins it.
            // Opening the account's case writes the account in its transaction: the pointer goes there.
            claimUnitCohort(history.account(), enrolment.cohort(), customerId);
        }
        var membership = enrolment == null || !enrolment.joins() ? null
                : new UnitCohort.Membership(enrolment.cohort(), opaqueId(12), record.receivedAt());
        if (charge != null || record.decision() instanceof FollowUpDecision.JoinedCase || opensAccountCase) {
            return transact(record, history, charge, enrolment, membership);
        }
        if (customerId != null) {
            // Before the cohort: the state keeps the member token (with the decision), so a retry
            // writes that token again instead of drawing a second one that would count twice.
            try {
                update(respondentState(record, customerId, history, true, enrolment, membership));
            } catch (ConditionalCheckFailedException e) {
                throw new ConcurrentChangeException(customerId);
            }
        }
        if (membership != null) {
            // Before the response: a stored response is then always counted in its cohort, and
            // a retry that finds the response stored still writes the cohort again on the way.
            update(cohortUpdate(membership, record));
        }
        return put(record, enrolment == null ? null : enrolment.cohort().id());
    }

    /** The response's item; a recovery case also names its cohort, whose first contact the counters then time. */
    private Map<String, AttributeValue> responseItem(ResponseRecord record, String cohortId) {
        var item = ResponseItem.toItem(record, retention);
        if (cohortId != null && opensRecoveryCase(record)) {
            item.put(ResponseItem.COHORT_ID, s(cohortId));
        }
        return item;
    }

    /** A transaction's update, written alone. */
    private void update(Update update) {
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(update.tableName())
                .key(update.key())
                .updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())
                .build());
    }

    /**
     * Points the account at the cohort it starts, only if it still points where it did when read
     * (or nowhere): a compare-and-set on the pointer alone, so the account's version (its case)
     * is not contended. A pointer whose delivery then failed is harmless: nothing counts in that
     * cohort yet, the retry finds it current and joins it, and whoever joins first creates it.
     */
    private void claimUnitCohort(AccountHistory account, UnitCohort cohort, String customerId) {
        var values = new HashMap<String, AttributeValue>(Map.of(
                ":type", s(AccountItem.TYPE_NAME),
                ":accountId", s(account.accountId()),
                ":cohort", s(UnitCohortItem.unitValue(cohort))));
        var condition = pointerCondition(account, cohort.action(), values);
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(AccountItem.key(account.accountId()))
                    .updateExpression("SET #type = :type, " + AccountItem.ACCOUNT_ID + " = :accountId, #pointer = :cohort")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#type", Table.TYPE, "#pointer", UnitCohortItem.unitAttribute(cohort.action())))
                    .expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentChangeException(customerId);
        }
    }

    /** The account's pointer for {@code action} is still the one read, or still absent. */
    private static String pointerCondition(AccountHistory account, Action action, Map<String, AttributeValue> values) {
        var read = account.unitCohorts().get(action);
        if (read == null) {
            return "attribute_not_exists(#pointer)";
        }
        values.put(":read", s(UnitCohortItem.unitValue(read)));
        return "#pointer = :read";
    }

    /** The response alone, unless it is stored already. */
    private StoreResult put(ResponseRecord record, String cohortId) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(responseItem(record, cohortId))
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return new Stored();
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return alreadyStored(e.item());
            }
            var stored = read(ResponseItem.key(record.key()));
            if (stored.isEmpty()) {
                throw new IllegalStateException("conditional put refused, yet no item stored for " + record.key().value());
            }
            return alreadyStored(stored);
        }
    }

    /**
     * One transaction: the response, the customer's state, the account's state, the unit cohort,
     * the case a detractor joins, the budget counters; each write's condition says what failure means.
     */
    private StoreResult transact(ResponseRecord record, RespondentHistory history, BudgetCharge charge, UnitCohort.Enrolment enrolment,
                                 UnitCohort.Membership membership) {
        var customerId = record.response().respondent().id();
        var writes = request(record, history, charge, enrolment, membership);
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes.items()).build());
            return new Stored();
        } catch (TransactionCanceledException e) {
            var reasons = e.cancellationReasons();
            for (int i = 0; i < writes.kinds().size(); i++) {
                if (!failed(reasons, i)) {
                    continue;
                }
                switch (writes.kinds().get(i)) {
                    case RESPONSE -> {
                        var old = reasons.get(0).item();
                        if (old == null || old.isEmpty()) {
                            throw new IllegalStateException("conditional check failed without the stored item");
                        }
                        return alreadyStored(old);
                    }
                    case DAILY_BUDGET -> throw new BudgetExhaustedException("daily");
                    case MONTHLY_BUDGET -> throw new BudgetExhaustedException("monthly");
                    default -> throw new ConcurrentChangeException(customerId == null ? record.key().value() : customerId);
                }
            }
            if (isConflict(reasons)) {
                throw new ConcurrentChangeException(customerId == null ? record.key().value() : customerId);
            }
            throw e;
        }
    }

    private enum Kind { RESPONSE, CUSTOMER, ACCOUNT, JOINED_CASE, COHORT, DAILY_BUDGET, MONTHLY_BUDGET }

    private record Writes(List<TransactWriteItem> items, List<Kind> kinds) {}

    private static boolean failed(List<CancellationReason> reasons, int index) {
        return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    private Writes request(ResponseRecord record, RespondentHistory history, BudgetCharge charge, UnitCohort.Enrolment enrolment,
                           UnitCohort.Membership membership) {
        var writes = new ArrayList<TransactWriteItem>(6);
        var kinds = new ArrayList<Kind>(6);
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(tableName)
                        .item(responseItem(record, enrolment == null ? null : enrolment.cohort().id()))
                        .conditionExpression("attribute_not_exists(" + Table.PK + ")")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build());
        kinds.add(Kind.RESPONSE);
        var customerId = record.response().respondent().id();
        if (customerId != null) {
            writes.add(TransactWriteItem.builder().update(respondentState(record, customerId, history, false, enrolment, membership)).build());
            kinds.add(Kind.CUSTOMER);
            if (history.account() != null && opensRecoveryCase(record)) {
                var starts = enrolment != null && enrolment.starts() ? enrolment.cohort() : null;
                writes.add(TransactWriteItem.builder().update(accountState(record, history.account(), starts)).build());
                kinds.add(Kind.ACCOUNT);
            }
        }
        if (membership != null) {
            // Inside the transaction that is written anyway: all of it or none, so no retry needs to redo it.
            writes.add(TransactWriteItem.builder().update(cohortUpdate(membership, record)).build());
            kinds.add(Kind.COHORT);
        }
        if (record.decision() instanceof FollowUpDecision.JoinedCase joined) {
            writes.add(TransactWriteItem.builder().update(joinCase(record, joined)).build());
            kinds.add(Kind.JOINED_CASE);
        }
        if (charge != null && charge.dailyLimit() != null) {
            writes.add(TransactWriteItem.builder()
                    .update(budgetCounter(charge, BudgetItem.daily(charge.action(), charge.day()), charge.dailyLimit(), record.receivedAt().plus(Duration.ofDays(40))))
                    .build());
            kinds.add(Kind.DAILY_BUDGET);
        }
        if (charge != null && charge.monthlyLimit() != null) {
            writes.add(TransactWriteItem.builder()
                    .update(budgetCounter(charge, BudgetItem.monthly(charge.action(), charge.month()), charge.monthlyLimit(), record.receivedAt().plus(Duration.ofDays(400))))
                    .build());
            kinds.add(Kind.MONTHLY_BUDGET);
        }
        return new Writes(writes, kinds);
    }

    /**
     * The account's one open recovery case, opened only if the account is still at the version
     * read: of two detractors of one account at once, one opens the case, the other joins it.
     * Answers are not counted per account here; the exports carry the account of every response.
     */
    private Update accountState(ResponseRecord record, AccountHistory account, UnitCohort starts) {
        var values = new HashMap<String, AttributeValue>(Map.of(
                ":type", s(AccountItem.TYPE_NAME),
                ":accountId", s(account.accountId()),
                ":next", n(Long.toString(account.version() + 1)),
                ":case", s(record.key().value())));
        var names = new HashMap<>(Map.of("#type", Table.TYPE));
        var sets = new ArrayList<>(List.of("#type = :type", AccountItem.ACCOUNT_ID + " = :accountId", VERSION + " = :next",
                AccountItem.OPEN_RECOVERY_CASE + " = :case"));
        var condition = versionCondition(account.version(), values);
        if (starts != null) {
            // The same compare-and-set as claimUnitCohort: the pointer moves only from where it was read.
            sets.add("#pointer = :cohort");
            names.put("#pointer", UnitCohortItem.unitAttribute(starts.action()));
            values.put(":cohort", s(UnitCohortItem.unitValue(starts)));
            condition += " AND " + pointerCondition(account, starts.action(), values);
        }
        return Update.builder()
                .tableName(tableName)
                .key(AccountItem.key(account.accountId()))
                .expressionAttributeNames(names)
                .updateExpression("SET " + String.join(", ", sets))
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build();
    }

    /** Lists the detractor on the account's open case, only while that case still needs someone. */
    private Update joinCase(ResponseRecord record, FollowUpDecision.JoinedCase joined) {
        var response = record.response();
        var respondent = response.respondent();
        var entry = new HashMap<String, AttributeValue>();
        entry.put(ResponseItem.RESPONSE_ID, s(record.key().value()));
        entry.put(ResponseItem.CUSTOMER_ID, s(respondent.id()));
        entry.put(ResponseItem.SCORE, n(Integer.toString(response.score().value())));
        entry.put(ResponseItem.RECEIVED_AT, s(record.receivedAt().toString()));
        if (respondent.name() != null) {
            entry.put(ResponseItem.NAME, s(respondent.name()));
        }
        if (respondent.email() != null) {
            entry.put(ResponseItem.EMAIL, s(respondent.email()));
        }
        if (response.comment() != null) {
            entry.put(ResponseItem.COMMENT, s(response.comment()));
        }
        return Update.builder()
                .tableName(tableName)
                .key(ResponseItem.key(caseKey(joined.caseId())))
                .updateExpression("SET #detractors = list_append(if_not_exists(#detractors, :empty), :entry)")
                .expressionAttributeNames(Map.of("#detractors", ResponseItem.ACCOUNT_DETRACTORS))
                .conditionExpression("attribute_exists(" + ResponseItem.OPEN_CASE + ")")
                .expressionAttributeValues(Map.of(
                        ":empty", AttributeValue.fromL(List.of()),
                        ":entry", AttributeValue.fromL(List.of(AttributeValue.fromM(entry)))))
                .build();
    }

    /** A response key this store wrote itself as {@code <source>:<responseId>}. */
    private static ResponseKey caseKey(String value) {
        return ResponseKey.fromValue(value).orElseThrow(() -> new IllegalStateException("malformed stored key " + value));
    }

    private static boolean opensRecoveryCase(ResponseRecord record) {
        return record.decision() instanceof FollowUpDecision.Contact contact && contact.action() == Action.RECOVERY;
    }

    private static String versionCondition(long version, Map<String, AttributeValue> values) {
        if (version == 0) {
            return "attribute_not_exists(" + VERSION + ")";
        }
        values.put(":version", n(Long.toString(version)));
        return VERSION + " = :version";
    }

    /**
     * Counts the customer in the unit cohort, creating it if this is its first member. The cohort
     * keeps no id of anyone: the member token links to the customer only through the customer's
     * own state. Every part is written only if absent or as a set member, so running it again
     * (a retried delivery) changes nothing, and whoever comes first creates the cohort from its id,
     * arm and start alone, as the unit's pointer names them.
     */
    private Update cohortUpdate(UnitCohort.Membership membership, ResponseRecord record) {
        var cohort = membership.cohort();
        var sets = new ArrayList<>(List.of("#type = if_not_exists(#type, :type)", "#action = if_not_exists(#action, :action)",
                "#arm = if_not_exists(#arm, :arm)", "#startedAt = if_not_exists(#startedAt, :startedAt)",
                "#expiresAt = if_not_exists(#expiresAt, :expiresAt)"));
        var names = new HashMap<>(Map.of("#type", Table.TYPE, "#action", UnitCohortItem.ACTION, "#arm", UnitCohortItem.ARM,
                "#startedAt", UnitCohortItem.STARTED_AT, "#expiresAt", Table.EXPIRES_AT, "#members", UnitCohortItem.MEMBERS));
        var values = new HashMap<>(Map.of(":type", s(UnitCohortItem.TYPE_NAME), ":action", s(cohort.action().wireName()),
                ":arm", s(cohort.arm().wireName()), ":startedAt", s(cohort.startedAt().toString()),
                // Members join for one window and their outcomes count for one more.
                ":expiresAt", n(Long.toString(cohort.startedAt().plus(cohortWindow.multipliedBy(2)).plus(Duration.ofDays(30)).getEpochSecond())),
                ":member", AttributeValue.fromSs(List.of(membership.token()))));
        // Segments come with whoever creates the cohort and stay: every later change counts in the same segments.
        var segments = CohortSegments.of(record.valueTier(), record.key().source(), record.response().surveyId(), reportSurveys);
        sets.addAll(List.of("#segTier = if_not_exists(#segTier, :segTier)", "#segSource = if_not_exists(#segSource, :segSource)",
                "#segSurvey = if_not_exists(#segSurvey, :segSurvey)"));
        names.putAll(Map.of("#segTier", UnitCohortItem.SEGMENT_TIER, "#segSource", UnitCohortItem.SEGMENT_SOURCE,
                "#segSurvey", UnitCohortItem.SEGMENT_SURVEY));
        values.putAll(Map.of(":segTier", s(segments.tier()), ":segSource", s(segments.source()), ":segSurvey", s(segments.survey())));
        // The unit's variant, drawn as its arm was: every treated member of the unit carries the same one.
        record.decision().variant().filter(variant -> cohort.arm() == Arm.TREATMENT).ifPresent(variant -> {
            sets.add("#segVariant = if_not_exists(#segVariant, :segVariant)");
            names.put("#segVariant", UnitCohortItem.SEGMENT_VARIANT);
            values.put(":segVariant", s(variant));
        });
        var adds = "#members :member";
        if (record.decision() instanceof FollowUpDecision.Contact) {
            // A set, so a retried delivery adds the member once.
            adds += ", #contacted :member";
            names.put("#contacted", UnitCohortItem.CONTACTED);
        }
        var value = record.response().respondent().annualValue();
        if (value != null) {
            // The first value written stays: a retry carrying another cannot count the member twice.
            sets.add("#value = if_not_exists(#value, :value)");
            names.put("#value", UnitCohortItem.valueAttribute(membership.token()));
            values.put(":value", n(value.toPlainString()));
        }
        return Update.builder()
                .tableName(tableName)
                .key(UnitCohortItem.key(cohort.id()))
                .updateExpression("SET " + String.join(", ", sets) + " ADD " + adds)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** Random, URL-safe, as long as the given number of bytes allows: unguessable, and names no one. */
    private String opaqueId(int bytes) {
        var raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Adds the cost to a period's spend only if it stays within the tier's limit. Only contacted
     * (and held-out) responses touch it, which people-rationed budgets keep to a trickle.
     */
    private Update budgetCounter(BudgetCharge charge, Map<String, AttributeValue> key, BigDecimal limit, Instant expiresAt) {
        return Update.builder()
                .tableName(tableName)
                .key(key)
                .updateExpression("SET #type = :type, #expiresAt = :expiresAt ADD #spent :cost")
                .conditionExpression("attribute_not_exists(#spent) OR #spent <= :room")
                .expressionAttributeNames(Map.of("#type", Table.TYPE, "#expiresAt", Table.EXPIRES_AT, "#spent", BudgetItem.SPENT))
                .expressionAttributeValues(Map.of(
                        ":type", s(BudgetItem.TYPE_NAME),
                        ":expiresAt", n(Long.toString(expiresAt.getEpochSecond())),
                        ":cost", n(charge.cost().toPlainString()),
                        ":room", n(limit.subtract(charge.cost()).toPlainString())))
                .build();
    }

    /**
     * Latest answer by arrival, counts per category, first and last seen, and what the policy
     * reads back: last contact and arm per action, last detractor answer. With
     * {@code keepDecision} (a write outside a transaction) also the decision and the cohort place
     * it gave, for a retry to finish with, and the recent decisions that are not too old yet.
     */
    private Update respondentState(ResponseRecord record, String customerId, RespondentHistory history, boolean keepDecision,
                                   UnitCohort.Enrolment enrolment, UnitCohort.Membership membership) {
        var category = record.category();
        var counter = counter(category);
        var seenAt = s(record.receivedAt().toString());
        var sets = new ArrayList<>(List.of(
                "#type = :type", "customerId = :customerId", "lastScore = :score", "lastCategory = :category",
                "lastResponseId = :responseId", "lastSeenAt = :seenAt", "firstSeenAt = if_not_exists(firstSeenAt, :seenAt)",
                VERSION + " = :next"));
        var values = new HashMap<String, AttributeValue>(Map.of(
                ":type", s(CustomerItem.TYPE_NAME),
                ":customerId", s(customerId),
                ":score", n(Integer.toString(record.response().score().value())),
                ":category", s(category.wireName()),
                ":responseId", s(record.key().value()),
                ":seenAt", seenAt,
                ":one", n("1"),
                ":next", n(Long.toString(history.version() + 1))));
        // The customer's own index of their responses, for erasure: free while the item stays under 1 KB.
        values.put(":key", AttributeValue.fromSs(List.of(record.key().value())));
        if (category == Category.DETRACTOR) {
            sets.add(LAST_DETRACTOR_AT + " = :seenAt");
        }
        var decision = record.decision();
        if (decision instanceof FollowUpDecision.Contact contact) {
            sets.add(lastContactAttribute(contact.action()) + " = :seenAt");
        }
        decision.consideredAction().ifPresent(action -> decision.arm().ifPresent(arm -> {
            // An arm, once given, is kept: the experiment needs customers to stay on their side.
            sets.add(armAttribute(action) + " = if_not_exists(" + armAttribute(action) + ", :arm)");
            values.put(":arm", s(arm.wireName()));
        }));
        enrol(enrolment, membership, history, sets, values);
        var removes = "";
        if (opensRecoveryCase(record)) {
            sets.add(CustomerItem.OPEN_RECOVERY_CASE + " = :case");
            values.put(":case", s(record.key().value()));
        } else if (history.openRecoveryCase() == null) {
            // Clears a flag whose case was closed since (history only keeps cases still open).
            removes = " REMOVE " + CustomerItem.OPEN_RECOVERY_CASE;
        }
        // This answer starts the customer's wave for its survey (intake revises instead within a wave).
        sets.add("#wave = :wave");
        values.put(":wave", s(record.key().value() + "|" + record.receivedAt()));
        if (keepDecision) {
            // The whole map is rewritten: the version condition makes this state the one read.
            var recent = new HashMap<String, AttributeValue>();
            var oldest = record.receivedAt().minus(RECENT_DECISIONS_KEPT);
            history.recentDecisions().forEach((key, answer) -> {
                if (answer.receivedAt().isAfter(oldest)) {
                    recent.put(key.value(), ResponseItem.decidedEntry(answer.decision(), answer.receivedAt(), answer.membership()));
                }
            });
            recent.put(record.key().value(), ResponseItem.decidedEntry(record.decision(), record.receivedAt(), membership));
            sets.add(CustomerItem.RECENT_DECISIONS + " = :recent");
            values.put(":recent", AttributeValue.fromM(recent));
        }
        var condition = versionCondition(history.version(), values);
        return Update.builder()
                .tableName(tableName)
                .key(CustomerItem.key(customerId))
                .updateExpression("SET " + String.join(", ", sets) + removes + " ADD responses :one, " + counter + " :one, "
                        + CustomerItem.RESPONSE_KEYS + " :key")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#type", Table.TYPE, "#wave", WAVE_PREFIX + record.response().surveyId()))
                .expressionAttributeValues(values)
                .build();
    }

    private static String lastContactAttribute(Action action) {
        return CustomerItem.lastContactAttribute(action);
    }

    private static String armAttribute(Action action) {
        return CustomerItem.armAttribute(action);
    }

    /**
     * On the customer's state: the cohort they are now counted in and, without an account (the
     * customer is then the unit), the unit's latest cohort.
     */
    private static void enrol(UnitCohort.Enrolment enrolment, UnitCohort.Membership membership, RespondentHistory history,
                              List<String> sets, Map<String, AttributeValue> values) {
        if (membership != null) {
            sets.add(UnitCohortItem.membershipAttribute(membership.cohort().action()) + " = :membership");
            values.put(":membership", s(UnitCohortItem.membershipValue(membership)));
        }
        if (enrolment != null && enrolment.starts() && history.account() == null) {
            sets.add(UnitCohortItem.unitAttribute(enrolment.cohort().action()) + " = :unitCohort");
            values.put(":unitCohort", s(UnitCohortItem.unitValue(enrolment.cohort())));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AlreadyStored alreadyStored(Map<String, AttributeValue> old) {
        return new AlreadyStored(
                Category.fromWireName(Table.str(old, ResponseItem.CATEGORY)),
                Table.str(old, ResponseItem.FOLLOW_UP_ACTION),
                Table.str(old, ResponseItem.FOLLOW_UP_STATUS));
    }

    private static boolean isConflict(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }
}
