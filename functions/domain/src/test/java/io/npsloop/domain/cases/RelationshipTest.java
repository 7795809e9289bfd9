package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.policy.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelationshipTest {

    @Test
    void countsTheRecoveryCasesThatNeedSomeoneAndEveryPersonReferred() {
        var relationship = Relationship.of(List.of(
                new Relationship.Part(Action.RECOVERY, CaseStatus.OPEN, 0),
                new Relationship.Part(Action.RECOVERY, CaseStatus.CONTACTED, 0),
                new Relationship.Part(Action.RECOVERY, CaseStatus.RESOLVED, 0),
                new Relationship.Part(Action.REFERRAL, CaseStatus.OPEN, 2),
                new Relationship.Part(Action.REFERRAL, CaseStatus.CLOSED, 1),
                new Relationship.Part(Action.NURTURE, CaseStatus.OPEN, 0)));

        assertThat(relationship).isEqualTo(new Relationship(2, 3));
        assertThat(relationship.hasOpenRecoveryCase()).isTrue();
        assertThat(Relationship.of(List.of())).isEqualTo(Relationship.NONE);
        assertThat(Relationship.NONE.hasOpenRecoveryCase()).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} ({2}) -> {3} ({4}): {5}")
    @CsvSource({
        "RECOVERY, OPEN, 0, RESOLVED, 0, true",
        "RECOVERY, CONTACTED, 0, RESOLVED, 0, true",
        "RECOVERY, CONTACTED, 0, CLOSED, 0, true",
        "RECOVERY, OPEN, 0, UNRESOLVED, 0, true",
        "RECOVERY, OPEN, 0, CONTACTED, 0, false",
        "RECOVERY, CONTACTED, 0, CONTACTED, 0, false",
        "RECOVERY, RESOLVED, 0, CLOSED, 0, false",
        "REFERRAL, OPEN, 0, CONTACTED, 0, false",
        "REFERRAL, CONTACTED, 0, CONTACTED, 2, true",
        "REFERRAL, CONTACTED, 2, CONTACTED, 3, true",
        "REFERRAL, CONTACTED, 2, RESOLVED, 2, false",
        "NURTURE, OPEN, 0, CLOSED, 0, false",
    })
    void aStepMovesTheRelationshipOnlyWhenARecoveryCaseLeavesTheOpenStatusesOrPeopleAreReferred(
            Action action, CaseStatus before, int referralsBefore, CaseStatus after, int referralsAfter, boolean changed) {
        assertThat(Relationship.changed(new Relationship.Part(action, before, referralsBefore),
                new Relationship.Part(action, after, referralsAfter))).isEqualTo(changed);
    }
}
