package io.npsloop.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.policy.FollowUpDecision;
import io.npsloop.domain.policy.UnitCohort;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UnitCohortItemTest {

    private static final Instant STARTED = Instant.parse("2026-11-20T09:30:00Z");

    @Test
    void membersValuesAreSummedFromTheirOwnAttributesAndFromTheSumEarlierCohortsKept() {
        var item = new HashMap<>(UnitCohortItem.key("c-1"));
        item.put(Table.TYPE, AttributeValue.fromS(UnitCohortItem.TYPE_NAME));
        item.put(UnitCohortItem.ACTION, AttributeValue.fromS("recovery"));
        item.put(UnitCohortItem.ARM, AttributeValue.fromS("holdout"));
        item.put(UnitCohortItem.STARTED_AT, AttributeValue.fromS(STARTED.toString()));
        item.put(UnitCohortItem.MEMBERS, AttributeValue.fromSs(List.of("tok-a", "tok-b", "tok-c", "tok-d")));
        item.put(UnitCohortItem.MEMBER_VALUE, AttributeValue.fromN("1000"));
        item.put(UnitCohortItem.valueAttribute("tok-c"), AttributeValue.fromN("250.50"));
        item.put(UnitCohortItem.valueAttribute("tok-d"), AttributeValue.fromN("3000"));

        var count = UnitCohortItem.count(item);

        assertThat(count.members()).isEqualTo(4);
        assertThat(count.memberValue()).isEqualByComparingTo("4250.50");
        assertThat(count.day()).isEqualTo(java.time.LocalDate.parse("2026-11-20"));
    }

    @Test
    void aRecentDecisionKeepsTheCohortPlaceItGaveForARetryToWriteAgain() {
        var cohort = new UnitCohort("c-1", Action.RECOVERY, Arm.HOLDOUT, STARTED);
        var membership = new UnitCohort.Membership(cohort, "tok-a", STARTED.plusSeconds(60));
        var decision = new FollowUpDecision.Holdout(Action.RECOVERY, "held out");

        var entry = ResponseItem.decidedEntry(decision, STARTED.plusSeconds(60), membership);
        var plain = ResponseItem.decidedEntry(decision, STARTED.plusSeconds(60), null);

        assertThat(ResponseItem.decidedAnswer(entry.m()).membership()).isEqualTo(membership);
        assertThat(ResponseItem.decidedAnswer(entry.m()).decision()).isEqualTo(decision);
        assertThat(ResponseItem.decidedAnswer(plain.m()).membership()).isNull();
    }
}
