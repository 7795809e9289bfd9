package io.npsloop.ingest.fuzz;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.BudgetCharge;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.FollowUpStatus;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.ports.ResponseStore;
import io.npsloop.table.ResponseItem;
import io.npsloop.table.Table;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An in-memory {@link ResponseStore}, a test stand-in for the DynamoDB adapter so that intake can
 * be fuzzed thousands of times a second. It keeps the port's contract (one record per key,
 * versioned customer state, budget limits) and builds each item with the adapter's own
 * {@link ResponseItem#toItem}, refusing what DynamoDB refuses: a number past 38 digits or its
 * range, an oversized key or item. A refusal surfaces as a failed write, so as a 5xx. Account
 * state and survey waves are left out: they change decisions, not which answers intake may give.
 */
final class InMemoryResponseStore implements ResponseStore {

    private static final Duration RETENTION = Duration.ofDays(730);
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E+126");

    private final Map<ResponseKey, StoredResponse> responses = new HashMap<>();
    private final Map<String, RespondentHistory> histories = new HashMap<>();
    private final Map<String, BigDecimal> spent = new HashMap<>();

    @Override
    public boolean erased(String customerId) {
        return false;
    }

    @Override
    public RespondentHistory history(String customerId, String accountId) {
        return histories.getOrDefault(customerId, RespondentHistory.NONE);
    }

    @Override
    public StoreResult store(ResponseRecord record, RespondentHistory history) {
        checkItem(ResponseItem.toItem(record, RETENTION));
        var prior = responses.get(record.key());
        if (prior != null) {
            var action = prior.record().decision().consideredAction().map(Action::wireName).orElse(ResponseItem.NO_ACTION);
            return new AlreadyStored(prior.record().category(), action, prior.status());
        }
        updateCustomer(record, history);
        responses.put(record.key(), new StoredResponse(record, FollowUpStatus.of(record.decision()).wireName(), false));
        return new Stored();
    }

    @Override
    public StoreResult complete(ResponseRecord record, RespondentHistory history) {
        checkItem(ResponseItem.toItem(record, RETENTION));
        var prior = responses.get(record.key());
        if (prior != null) {
            var action = prior.record().decision().consideredAction().map(Action::wireName).orElse(ResponseItem.NO_ACTION);
            return new AlreadyStored(prior.record().category(), action, prior.status());
        }
        responses.put(record.key(), new StoredResponse(record, FollowUpStatus.of(record.decision()).wireName(), false));
        return new Stored();
    }

    @Override
    public StoreResult store(ResponseRecord record, RespondentHistory history, BudgetCharge charge) {
        checkNumber("cost", charge.cost().toPlainString());
        var day = "day#" + charge.action() + "#" + charge.day();
        var month = "month#" + charge.action() + "#" + charge.month();
        var dayTotal = spent.getOrDefault(day, BigDecimal.ZERO).add(charge.cost());
        var monthTotal = spent.getOrDefault(month, BigDecimal.ZERO).add(charge.cost());
        if (charge.dailyLimit() != null && dayTotal.compareTo(charge.dailyLimit()) > 0) {
            throw new BudgetExhaustedException("daily");
        }
        if (charge.monthlyLimit() != null && monthTotal.compareTo(charge.monthlyLimit()) > 0) {
            throw new BudgetExhaustedException("monthly");
        }
        var outcome = store(record, history);
        if (outcome instanceof Stored) {
            spent.put(day, dayTotal);
            spent.put(month, monthTotal);
        }
        return outcome;
    }

    @Override
    public Optional<StoredResponse> find(ResponseKey key) {
        return Optional.ofNullable(responses.get(key));
    }

    @Override
    public void revise(ResponseRecord revised, StoredResponse prior, RespondentHistory history) {
        checkItem(ResponseItem.toItem(revised, RETENTION));
        var current = responses.get(revised.key());
        if (current == null || !current.status().equals(prior.status())) {
            throw new ConcurrentChangeException(revised.key().value());
        }
        updateCustomer(revised, history);
        var status = revised.decision().equals(prior.record().decision())
                ? prior.status()
                : FollowUpStatus.of(revised.decision()).wireName();
        responses.put(revised.key(), new StoredResponse(revised, status, prior.followUpSent()));
    }

    private void updateCustomer(ResponseRecord record, RespondentHistory history) {
        var customerId = record.response().respondent().id();
        if (customerId == null) {
            return;
        }
        checkKey("CUSTOMER#" + customerId);
        var current = history(customerId, null);
        if (current.version() != history.version()) {
            throw new ConcurrentChangeException(customerId);
        }
        var contacts = new EnumMap<Action, Instant>(Action.class);
        contacts.putAll(current.lastContactAt());
        var arms = new EnumMap<Action, Arm>(Action.class);
        arms.putAll(current.arms());
        var decision = record.decision();
        if (decision instanceof FollowUpDecision.Contact contact) {
            contacts.put(contact.action(), record.receivedAt());
        }
        decision.consideredAction().ifPresent(action -> decision.arm().ifPresent(arm -> arms.putIfAbsent(action, arm)));
        var lastDetractor = record.category() == Category.DETRACTOR ? record.receivedAt() : current.lastDetractorAt();
        histories.put(customerId, new RespondentHistory(contacts, arms, lastDetractor, current.version() + 1));
    }

    /** DynamoDB's limits on an item: key sizes, 400 KB in all, and its number type. */
    private static void checkItem(Map<String, AttributeValue> item) {
        checkKey(item.get(Table.PK).s());
        long size = 0;
        for (var entry : item.entrySet()) {
            size += utf8Length(entry.getKey());
            var value = entry.getValue();
            if (value.s() != null) {
                size += utf8Length(value.s());
            } else if (value.n() != null) {
                checkNumber(entry.getKey(), value.n());
                size += value.n().length();
            }
        }
        if (size > 400 * 1024) {
            throw new IllegalArgumentException("item larger than DynamoDB's 400 KB");
        }
    }

    private static void checkKey(String partitionKey) {
        if (partitionKey.isEmpty() || utf8Length(partitionKey) > 2048) {
            throw new IllegalArgumentException("partition key empty or over DynamoDB's 2048 bytes");
        }
    }

    private static void checkNumber(String name, String text) {
        var number = new BigDecimal(text);
        if (number.signum() == 0) {
            return;
        }
        var magnitude = number.abs().stripTrailingZeros();
        if (magnitude.precision() > 38 || magnitude.compareTo(SMALLEST) < 0 || magnitude.compareTo(TOO_LARGE) >= 0) {
            throw new IllegalArgumentException("DynamoDB cannot store number attribute " + name);
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
