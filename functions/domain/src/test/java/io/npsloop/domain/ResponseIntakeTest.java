package io.npsloop.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final RationedPolicy POLICY =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

    /**
     * The port's contract in memory, with a hook to change a customer's state between a read and
     * a write as a concurrent request would. The DynamoDB adapter is tested against DynamoDB Local.
     */
    private static final class InMemoryStore implements ResponseStore {
        final Map<ResponseKey, ResponseRecord> records = new HashMap<>();
        final Map<String, RespondentHistory> histories = new HashMap<>();
        final List<RespondentHistory> historiesRead = new ArrayList<>();
        Runnable beforeWrite = () -> {};

        @Override
        public RespondentHistory history(String customerId) {
            var history = histories.getOrDefault(customerId, RespondentHistory.NONE);
            historiesRead.add(history);
            return history;
        }

        @Override
        public StoreOutcome store(ResponseRecord record, RespondentHistory history) {
            beforeWrite.run();
            var prior = records.get(record.key());
            if (prior != null) {
                return new AlreadyStored(prior.category(),
                        prior.decision().consideredAction().map(Action::wireName).orElse("none"), "pending");
            }
            var customerId = record.response().respondent().id();
            var current = histories.getOrDefault(customerId, RespondentHistory.NONE);
            if (current.version() != history.version()) {
                throw new ConcurrentChangeException(customerId);
            }
            records.put(record.key(), record);
            var contacts = new HashMap<>(current.lastContactAt());
            if (record.decision() instanceof FollowUpDecision.Contact contact) {
                contacts.put(contact.action(), record.receivedAt());
            }
            histories.put(customerId, new RespondentHistory(contacts, current.arms(), current.lastDetractorAt(), current.version() + 1));
            return new Stored();
        }
    }

    private final InMemoryStore store = new InMemoryStore();
    private final ResponseIntake intake =
            new ResponseIntake(POLICY, ValueTiers.DEFAULT, store, Clock.fixed(NOW.plusMillis(750), ZoneOffset.UTC));

    private static SurveyResponse detractor(String responseId) {
        var response = Responses.withScore(4);
        return new SurveyResponse(new ResponseKey("generic", responseId), response.surveyId(), response.respondent(),
                response.score(), response.comment(), response.submittedAt());
    }

    @Test
    void acceptedResponseCarriesItsClassificationTierAndDecision() {
        var result = intake.accept(Responses.withScore(4));

        assertThat(result).isInstanceOf(ResponseIntake.Accepted.class);
        var record = ((ResponseIntake.Accepted) result).record();
        assertThat(record.category()).isEqualTo(Category.DETRACTOR);
        assertThat(record.valueTier()).isEqualTo(ValueTier.HIGH);
        assertThat(record.receivedAt()).as("whole seconds").isEqualTo(NOW);
        assertThat(record.decision()).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(store.records).containsKey(new ResponseKey("generic", "r-4"));
    }

    @Test
    void aRetryIsADuplicateAndKeepsTheFirstDecision() {
        intake.accept(Responses.withScore(9));

        var retry = intake.accept(Responses.withScore(9));

        assertThat(retry).isEqualTo(new ResponseIntake.Duplicate(
                new ResponseKey("generic", "r-9"), new ResponseStore.AlreadyStored(Category.PROMOTER, "referral", "pending")));
        assertThat(store.records).hasSize(1);
    }

    @Test
    void theDecisionUsesTheCustomersHistory() {
        intake.accept(detractor("first"));

        var second = (ResponseIntake.Accepted) intake.accept(detractor("second"));

        assertThat(second.record().decision()).isInstanceOf(FollowUpDecision.NotContacted.class);
        assertThat(second.record().decision().reason()).startsWith("cooldown: last recovery was on 2026-11-22");
    }

    @Test
    void whenTheStateChangesBeforeTheWriteTheResponseIsDecidedAgainOnTheNewState() {
        // Another container stores a recovery for the same customer between our read and our write.
        store.beforeWrite = () -> {
            store.beforeWrite = () -> {};
            store.histories.put("c-42", new RespondentHistory(Map.of(Action.RECOVERY, NOW.minusSeconds(1)), Map.of(), null, 1));
        };

        var result = (ResponseIntake.Accepted) intake.accept(detractor("raced"));

        assertThat(store.historiesRead).extracting(RespondentHistory::version).containsExactly(0L, 1L);
        assertThat(result.record().decision()).isInstanceOf(FollowUpDecision.NotContacted.class);
    }

    @Test
    void aCustomerWhoseStateNeverSettlesFailsLoudlyRatherThanSkippingTheCheck() {
        store.beforeWrite = () -> {
            var current = store.histories.getOrDefault("c-42", RespondentHistory.NONE);
            store.histories.put("c-42", new RespondentHistory(Map.of(), Map.of(), null, current.version() + 1));
        };

        assertThatThrownBy(() -> intake.accept(detractor("starved"))).isInstanceOf(ResponseStore.ConcurrentChangeException.class);
        assertThat(store.historiesRead).hasSize(ResponseIntake.ATTEMPTS);
        assertThat(store.records).isEmpty();
    }
}
