package io.npsloop.domain.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Responses;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.domain.ports.FollowUpLedger;
import io.npsloop.domain.ports.FollowUpPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowUpDispatcherTest {

    /** Everyone eligible is treated, so each detractor and promoter gets a follow-up. */
    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** In-memory ports: the order of calls is what is under test here. */
    private final Set<ResponseKey> sent = new HashSet<>();
    private final Set<ResponseKey> escalations = new HashSet<>();
    private final java.util.Map<ResponseKey, ResponseRecord> stored = new java.util.HashMap<>();
    private final List<FollowUpNotice> published = new ArrayList<>();
    private final List<Integer> attemptsPublished = new ArrayList<>();
    private final java.util.Map<ResponseKey, Integer> attempts = new java.util.HashMap<>();
    private final List<ResponseKey> released = new ArrayList<>();
    private boolean publisherDown;

    private final FollowUpLedger ledger = new FollowUpLedger() {
        @Override
        public java.util.Optional<ResponseRecord> pending(ResponseKey key) {
            var record = stored.get(key);
            return record == null || sent.contains(key) || !(record.decision() instanceof FollowUpDecision.Contact)
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(record);
        }

        @Override
        public java.util.Optional<Claim> claim(ResponseKey key) {
            return pending(key).map(record -> new Claim(record, attempts.merge(key, 1, Integer::sum)));
        }

        @Override
        public void release(ResponseKey key) {
            released.add(key);
        }

        @Override
        public boolean markSent(ResponseKey key, String messageId, Instant sentAt) {
            return sent.add(key);
        }

        @Override
        public java.util.Optional<PendingEscalation> pendingEscalation(ResponseKey key) {
            return escalations.contains(key) ? java.util.Optional.of(new PendingEscalation(stored.get(key), "contacted"))
                    : java.util.Optional.empty();
        }

        @Override
        public boolean markEscalationSent(ResponseKey key, String messageId, Instant sentAt) {
            return escalations.remove(key);
        }
    };

    private final FollowUpPublisher publisher = new FollowUpPublisher() {
        @Override
        public String publish(FollowUpNotice notice) {
            return publish(notice, 1);
        }

        @Override
        public String publish(FollowUpNotice notice, int attempt) {
            if (publisherDown) {
                throw new IllegalStateException("topic unavailable");
            }
            published.add(notice);
            attemptsPublished.add(attempt);
            return "m-" + published.size();
        }
    };

    private final FollowUpDispatcher dispatcher =
            new FollowUpDispatcher(ledger, publisher, Clock.fixed(NOW, ZoneOffset.UTC));

    private ResponseKey pending(int score) {
        var response = Responses.withScore(score);
        var record = new ResponseRecord(response, ValueTier.HIGH, NO_HOLDOUT.decide(response, RespondentHistory.NONE, NOW), NOW);
        stored.put(record.key(), record);
        return record.key();
    }

    @Test
    void publishesOnceAndMarksSent() {
        assertThat(dispatcher.dispatch(pending(1))).isEqualTo(FollowUpDispatcher.Result.SENT);
        assertThat(dispatcher.dispatch(pending(1))).isEqualTo(FollowUpDispatcher.Result.NOT_PENDING);

        assertThat(published).hasSize(1);
        assertThat(sent).containsExactly(new ResponseKey("generic", "r-1"));
    }

    @Test
    void aFailedPublishLeavesTheFollowUpPendingForTheRetry() {
        publisherDown = true;
        assertThatThrownBy(() -> dispatcher.dispatch(pending(10))).hasMessage("topic unavailable");
        assertThat(sent).isEmpty();

        publisherDown = false;
        assertThat(dispatcher.dispatch(pending(10))).isEqualTo(FollowUpDispatcher.Result.SENT_AGAIN);
        assertThat(published).hasSize(1);
    }

    @Test
    void aFailedPublishReleasesItsClaimAndTheNextAttemptGoesOutNumbered() {
        var key = pending(1);
        publisherDown = true;
        assertThatThrownBy(() -> dispatcher.dispatch(key)).hasMessage("topic unavailable");
        assertThat(released).as("the retry need not wait for the lease").containsExactly(key);

        publisherDown = false;
        assertThat(dispatcher.dispatch(key)).isEqualTo(FollowUpDispatcher.Result.SENT_AGAIN);
        assertThat(dispatcher.dispatch(key)).isEqualTo(FollowUpDispatcher.Result.NOT_PENDING);
        assertThat(attemptsPublished).containsExactly(2);
    }

    @Test
    void aFirstAttemptGoesOutUnnumbered() {
        assertThat(dispatcher.dispatch(pending(9))).isEqualTo(FollowUpDispatcher.Result.SENT);
        assertThat(attemptsPublished).containsExactly(1);
        assertThat(released).isEmpty();
    }

    @Test
    void whatIsPublishedIsTheResponseAsStoredNowNotAsTheStreamFirstSawIt() {
        var key = pending(2);
        // A later answer to the same response turned the detractor into a promoter before dispatch ran.
        var now = Responses.withScore(10);
        var revised = new SurveyResponse(key, now.surveyId(), now.respondent(), now.score(), now.comment(), now.submittedAt());
        stored.put(key, new ResponseRecord(revised, ValueTier.HIGH, NO_HOLDOUT.decide(revised, RespondentHistory.NONE, NOW), NOW));

        dispatcher.dispatch(key);

        assertThat(published).singleElement().satisfies(notice -> assertThat(notice.action()).isEqualTo(Action.REFERRAL));
    }

    @Test
    void aFollowUpNoLongerCalledForIsNotPublished() {
        var key = pending(3);
        stored.put(key, new ResponseRecord(stored.get(key).response(), ValueTier.HIGH,
                new FollowUpDecision.NotContacted(Action.RECOVERY, "cooldown"), NOW));

        assertThat(dispatcher.dispatch(key)).isEqualTo(FollowUpDispatcher.Result.NOT_PENDING);
        assertThat(published).isEmpty();
    }

    @Test
    void anOverdueCaseIsEscalatedOnceWithTheFactsAndItsStatus() {
        var key = pending(1);
        dispatcher.dispatch(key);
        escalations.add(key);

        assertThat(dispatcher.escalate(key)).isEqualTo(FollowUpDispatcher.Result.SENT);
        assertThat(dispatcher.escalate(key)).isEqualTo(FollowUpDispatcher.Result.NOT_PENDING);

        assertThat(published).hasSize(2);
        var escalation = published.get(1);
        assertThat(escalation.escalation()).isTrue();
        assertThat(escalation.actionName()).isEqualTo("escalation");
        assertThat(escalation.subject()).startsWith("[NPS Escalamiento] Recuperacion vencida: Ana Perez");
        assertThat(escalation.text()).startsWith("Vencido: este seguimiento debía atenderse antes del 2026-11-23T12:00:00Z y sigue contacted.");
    }
}
