package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.table.CustomerItem;
import io.npsloop.table.Table;
import io.npsloop.table.TombstoneItem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store's decisions take their time from the clock it is given, never from the machine's. */
class DynamoDbResponseStoreClockTest {

    /** Years before the machine's time, so a decision that read the machine's clock would show. */
    private static final Instant FIXED = Instant.parse("2020-03-04T05:06:07Z");

    private final LocalAws aws = LocalAws.shared();
    private String table;
    private DynamoDbResponseStore store;

    @BeforeEach
    void setUp() {
        table = aws.provision("clock-" + UUID.randomUUID().toString().substring(0, 8)).tableName();
        store = new DynamoDbResponseStore(aws.dynamoDb(), table, Duration.ofDays(30), Clock.fixed(FIXED, ZoneOffset.UTC));
    }

    @Test
    void aRevisionToADetractorStoresTheClocksTimeAsItsDetractorAndContactTime() {
        var key = new ResponseKey("generic", "r-clock");
        var receivedAt = FIXED.minus(Duration.ofDays(1));
        var passive = record(key, 8, new FollowUpDecision.NoFollowUp("passive"), receivedAt);
        store.store(passive, RespondentHistory.NONE);

        var prior = store.find(key).orElseThrow();
        var contact = new FollowUpDecision.Contact(Action.RECOVERY, FIXED.plus(Duration.ofHours(24)), "detractor: service recovery");
        store.revise(record(key, 2, contact, receivedAt), prior, store.history("cust-clock", null));

        var state = aws.dynamoDb().getItem(r -> r.tableName(table).key(CustomerItem.key("cust-clock")).consistentRead(true)).item();
        assertThat(state.get(CustomerItem.LAST_DETRACTOR_AT).s()).isEqualTo(FIXED.toString());
        assertThat(state.get(CustomerItem.lastContactAttribute(Action.RECOVERY)).s()).isEqualTo(FIXED.toString());
    }

    @Test
    void aTombstoneStopsAnswersUntilItsTimeByTheClock() {
        var tombstone = new HashMap<>(TombstoneItem.key("cust-erased"));
        // Past by the machine's time, still ahead by the store's clock.
        tombstone.put(Table.EXPIRES_AT, AttributeValue.fromN(Long.toString(FIXED.plus(Duration.ofHours(1)).getEpochSecond())));
        aws.dynamoDb().putItem(r -> r.tableName(table).item(tombstone));

        assertThat(store.erased("cust-erased")).isTrue();
        assertThat(new DynamoDbResponseStore(aws.dynamoDb(), table, Duration.ofDays(30),
                Clock.fixed(FIXED.plus(Duration.ofHours(2)), ZoneOffset.UTC)).erased("cust-erased")).isFalse();
    }

    private static ResponseRecord record(ResponseKey key, int score, FollowUpDecision decision, Instant receivedAt) {
        var response = new SurveyResponse(key, "s-1", new Respondent("cust-clock", null, null, null, "en", null),
                new Score(score), null, receivedAt.minusSeconds(30));
        return new ResponseRecord(response, ValueTier.LOW, decision, receivedAt);
    }
}
