package io.npsloop.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseIntakeTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** The port's contract in memory; the DynamoDB adapter is tested against DynamoDB Local. */
    private static final class InMemoryStore implements ResponseStore {
        final Map<ResponseKey, ResponseRecord> records = new HashMap<>();

        @Override
        public StoreOutcome store(ResponseRecord record) {
            var prior = records.putIfAbsent(record.key(), record);
            if (prior == null) {
                return new Stored();
            }
            var action = prior.decision() instanceof FollowUpDecision.Contact c ? c.action().wireName() : "none";
            return new AlreadyStored(prior.category(), action, "pending");
        }
    }

    private final InMemoryStore store = new InMemoryStore();
    private final ResponseIntake intake =
            new ResponseIntake(CategoryPolicy.DEFAULT, ValueTiers.DEFAULT, store, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptedResponseCarriesItsClassificationTierAndDecision() {
        var result = intake.accept(Responses.withScore(4));

        assertThat(result).isInstanceOf(ResponseIntake.Accepted.class);
        var record = ((ResponseIntake.Accepted) result).record();
        assertThat(record.category()).isEqualTo(Category.DETRACTOR);
        assertThat(record.valueTier()).isEqualTo(ValueTier.HIGH);
        assertThat(record.receivedAt()).isEqualTo(NOW);
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
}
