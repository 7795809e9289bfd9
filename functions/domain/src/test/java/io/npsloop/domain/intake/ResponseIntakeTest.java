package io.npsloop.domain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.Budget;
import io.npsloop.domain.policy.BudgetCharge;
import io.npsloop.domain.policy.Budgets;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.ports.ResponseStore;
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
        final Map<String, java.math.BigDecimal> spent = new HashMap<>();
        final java.util.Set<ResponseKey> sent = new java.util.HashSet<>();
        final java.util.Set<String> erased = new java.util.HashSet<>();

        @Override
        public boolean erased(String customerId) {
            return erased.contains(customerId);
        }

        @Override
        public java.util.Optional<StoredResponse> find(ResponseKey key) {
            return java.util.Optional.ofNullable(records.get(key))
                    .map(r -> new StoredResponse(r, sent.contains(key) ? "sent" : "as-decided", sent.contains(key)));
        }

        @Override
        public void revise(ResponseRecord revised, StoredResponse prior, RespondentHistory history) {
            records.put(revised.key(), revised);
        }
        Runnable beforeWrite = () -> {};
        final List<ResponseRecord> completed = new ArrayList<>();

        @Override
        public StoreResult complete(ResponseRecord record, RespondentHistory history) {
            completed.add(record);
            if (records.putIfAbsent(record.key(), record) != null) {
                return new AlreadyStored(record.category(), "recovery", "pending");
            }
            return new Stored();
        }

        @Override
        public StoreResult store(ResponseRecord record, RespondentHistory history, BudgetCharge charge) {
            var day = spent.getOrDefault("day" + charge.day(), java.math.BigDecimal.ZERO).add(charge.cost());
            if (charge.dailyLimit() != null && day.compareTo(charge.dailyLimit()) > 0) {
                throw new BudgetExhaustedException("daily");
            }
            var outcome = store(record, history);
            if (outcome instanceof Stored) {
                spent.put("day" + charge.day(), day);
            }
            return outcome;
        }

        @Override
        public RespondentHistory history(String customerId, String accountId) {
            var history = histories.getOrDefault(customerId, RespondentHistory.NONE);
            historiesRead.add(history);
            return history;
        }

        @Override
        public StoreResult store(ResponseRecord record, RespondentHistory history) {
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
            new ResponseIntake(POLICY, Budgets.UNLIMITED, ValueTiers.DEFAULT, store, Clock.fixed(NOW.plusMillis(750), ZoneOffset.UTC));

    private static SurveyResponse detractor(String responseId) {
        var response = Responses.withScore(4);
        return new SurveyResponse(new ResponseKey("generic", responseId), response.surveyId(), response.respondent(),
                response.score(), response.comment(), response.submittedAt());
    }

    @Test
    void anAnswerOfAnErasedCustomerIsDroppedWithoutStoringAnything() {
        store.erased.add("c-42");

        var result = intake.accept(Responses.withScore(4));

        assertThat(result).isEqualTo(new ResponseIntake.Erased(new ResponseKey("generic", "r-4")));
        assertThat(store.records).isEmpty();
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

    private static SurveyResponse detractorWorth(String customerId, String annualValue) {
        return new SurveyResponse(new ResponseKey("generic", "r-" + customerId), "s-1",
                new Respondent(customerId, null, null, null, "en", new java.math.BigDecimal(annualValue)),
                new Score(2), null, NOW.minusSeconds(60));
    }

    @Test
    void whenTheDailyBudgetIsSpentHigherTiersGoFirstAndTheRestAreNotContactedForBudget() {
        // 100 a day for recoveries at 25 each; 20% reserved per tier step: low may use 60, medium 80, high 100.
        var budgets = new Budgets(new Budget(new java.math.BigDecimal("100"), null, 20), Budget.UNLIMITED);
        var capped = new ResponseIntake(POLICY, budgets, ValueTiers.DEFAULT, store, Clock.fixed(NOW, ZoneOffset.UTC));

        var low = new ArrayList<FollowUpDecision>();
        for (int i = 0; i < 3; i++) {
            low.add(((ResponseIntake.Accepted) capped.accept(detractorWorth("low-" + i, "900"))).record().decision());
        }
        var medium = ((ResponseIntake.Accepted) capped.accept(detractorWorth("medium", "5000"))).record().decision();
        var high = ((ResponseIntake.Accepted) capped.accept(detractorWorth("high", "50000"))).record().decision();
        var highToo = ((ResponseIntake.Accepted) capped.accept(detractorWorth("high-2", "50000"))).record().decision();

        assertThat(low.subList(0, 2)).allMatch(d -> d instanceof FollowUpDecision.Contact);
        assertThat(low.get(2)).isEqualTo(new FollowUpDecision.NotContacted(Action.RECOVERY, Arm.TREATMENT,
                "not contacted: budget; the daily recovery budget open to low value customers (60.00) is spent"));
        assertThat(medium).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(high).isInstanceOf(FollowUpDecision.Contact.class);
        assertThat(highToo).isInstanceOf(FollowUpDecision.NotContacted.class);
        assertThat(highToo.reason()).contains("open to high value customers (100.00)");
        assertThat(store.spent).containsEntry("day2026-11-22", new java.math.BigDecimal("100"));
    }

    @Test
    void aCostAboveTheTiersWholeLimitIsNeverCharged() {
        var budgets = new Budgets(new Budget(new java.math.BigDecimal("30"), null, 20), Budget.UNLIMITED);
        var capped = new ResponseIntake(POLICY, budgets, ValueTiers.DEFAULT, store, Clock.fixed(NOW, ZoneOffset.UTC));

        var decision = ((ResponseIntake.Accepted) capped.accept(detractorWorth("low", "900"))).record().decision();

        assertThat(decision.reason()).isEqualTo("not contacted: budget; the daily recovery budget open to low value customers (18.00) is spent");
        assertThat(store.spent).isEmpty();
    }

    @Test
    void holdoutDecisionsUseTheBudgetLikeContactsSoBothArmsAreCutAlike() {
        var allHeldOut = new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(100, "test")));
        var budgets = new Budgets(new Budget(new java.math.BigDecimal("25"), null, 0), Budget.UNLIMITED);
        var capped = new ResponseIntake(allHeldOut, budgets, ValueTiers.DEFAULT, store, Clock.fixed(NOW, ZoneOffset.UTC));

        var first = ((ResponseIntake.Accepted) capped.accept(detractorWorth("a", "5000"))).record().decision();
        var second = ((ResponseIntake.Accepted) capped.accept(detractorWorth("b", "5000"))).record().decision();

        assertThat(first).isInstanceOf(FollowUpDecision.Holdout.class);
        assertThat(second).isInstanceOf(FollowUpDecision.NotContacted.class);
        // Cut by the budget, it still counts in its arm, as a treated one cut by the budget does.
        assertThat(second.arm()).contains(Arm.HOLDOUT);
    }

    private static SurveyResponse revisedScore(SurveyResponse response, int score, String comment) {
        return new SurveyResponse(response.key(), response.surveyId(), response.respondent(), new Score(score), comment,
                response.submittedAt());
    }

    @Test
    void aLaterCommentUpdatesTheResponseAndKeepsItsFollowUp() {
        var first = (ResponseIntake.Accepted) intake.accept(detractor("d-1"));

        var update = intake.accept(revisedScore(detractor("d-1"), 4, "The invoice was wrong twice"), true);

        assertThat(update).isInstanceOf(ResponseIntake.Revised.class);
        var revised = (ResponseIntake.Revised) update;
        assertThat(revised.decidedAgain()).isFalse();
        assertThat(revised.record().decision()).isEqualTo(first.record().decision());
        assertThat(store.records.get(new ResponseKey("generic", "d-1")).response().comment()).isEqualTo("The invoice was wrong twice");
    }

    @Test
    void aChangedCategoryDecidesAgainWhileTheFollowUpHasNotGoneOut() {
        intake.accept(detractor("d-2"));

        var update = (ResponseIntake.Revised) intake.accept(revisedScore(detractor("d-2"), 8, null), true);

        assertThat(update.decidedAgain()).isTrue();
        assertThat(update.record().decision()).isEqualTo(new FollowUpDecision.NoFollowUp("passive: no follow-up"));
    }

    @Test
    void aFollowUpThatHasGoneOutIsNeverTakenBack() {
        var first = (ResponseIntake.Accepted) intake.accept(detractor("d-3"));
        store.sent.add(first.record().key());

        var update = (ResponseIntake.Revised) intake.accept(revisedScore(detractor("d-3"), 10, null), true);

        assertThat(update.decidedAgain()).isFalse();
        assertThat(update.record().decision()).isEqualTo(first.record().decision());
        assertThat(update.record().category()).isEqualTo(Category.PROMOTER);
    }

    @Test
    void anUnchangedUpdateIsADuplicateAndAnUpdateThatComesFirstIsStoredAsNew() {
        intake.accept(detractor("d-4"));

        assertThat(intake.accept(detractor("d-4"), true)).isInstanceOf(ResponseIntake.Duplicate.class);
        assertThat(intake.accept(detractor("d-5"), true)).isInstanceOf(ResponseIntake.Accepted.class);
    }

    @Test
    void aDeliveryThatFailedAfterTheStateCountedItIsFinishedWithTheDecisionCountedThen() {
        var key = new ResponseKey("generic", "r-4");
        var earlier = new FollowUpDecision.Contact(Action.RECOVERY, NOW.minusSeconds(3600), "decided by the first delivery");
        // The state already counts it, with a contact a fresh decision would now refuse (cooldown).
        store.histories.put("c-42", new RespondentHistory(Map.of(Action.RECOVERY, NOW.minusSeconds(86_400)), Map.of(), null,
                null, null, Map.of(), 3, java.util.Set.of(key),
                Map.of(key, new RespondentHistory.DecidedAnswer(earlier, NOW.minusSeconds(86_400)))));

        var result = (ResponseIntake.Accepted) intake.accept(Responses.withScore(4));

        assertThat(result.record().decision()).isEqualTo(earlier);
        assertThat(result.record().receivedAt()).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(store.completed).containsExactly(result.record());
        assertThat(store.histories.get("c-42").version()).as("the state is not counted twice").isEqualTo(3);

        assertThat(intake.accept(Responses.withScore(4))).as("and once stored, a retry is a duplicate")
                .isInstanceOf(ResponseIntake.Duplicate.class);
    }

    @Test
    void aCountedResponseWhoseDecisionTheStateNoLongerKeepsIsDecidedOnTheStateAsItIs() {
        var key = new ResponseKey("generic", "r-4");
        store.histories.put("c-42", new RespondentHistory(Map.of(Action.RECOVERY, NOW.minusSeconds(60)), Map.of(), null,
                null, null, Map.of(), 5, java.util.Set.of(key), Map.of()));

        var result = (ResponseIntake.Accepted) intake.accept(Responses.withScore(4));

        assertThat(result.record().decision()).isInstanceOf(FollowUpDecision.NotContacted.class);
        assertThat(store.completed).hasSize(1);
        assertThat(store.histories.get("c-42").version()).isEqualTo(5);
    }
}
