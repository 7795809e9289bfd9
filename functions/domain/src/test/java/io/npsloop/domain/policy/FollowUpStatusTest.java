package io.npsloop.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.cases.EscalationStatus;
import io.npsloop.domain.intake.FetchStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FollowUpStatusTest {

    /** The stored words: deployed tables and the dispatch filter hold these exactly. */
    @Test
    void storedWordsStayAsDeployed() {
        assertThat(FollowUpStatus.PENDING.wireName()).isEqualTo("pending");
        assertThat(FollowUpStatus.SENT.wireName()).isEqualTo("sent");
        assertThat(FollowUpStatus.HOLDOUT.wireName()).isEqualTo("holdout");
        assertThat(FollowUpStatus.NOT_CONTACTED.wireName()).isEqualTo("not-contacted");
        assertThat(FollowUpStatus.JOINED_CASE.wireName()).isEqualTo("joined-case");
        assertThat(FollowUpStatus.NONE.wireName()).isEqualTo("none");
        assertThat(EscalationStatus.PENDING.wireName()).isEqualTo("pending");
        assertThat(EscalationStatus.SENT.wireName()).isEqualTo("sent");
        assertThat(FetchStatus.PENDING.wireName()).isEqualTo("pending");
        assertThat(FetchStatus.FETCHING.wireName()).isEqualTo("fetching");
        assertThat(FetchStatus.DONE.wireName()).isEqualTo("done");
        assertThat(FetchStatus.QUARANTINED.wireName()).isEqualTo("quarantined");
    }

    @ParameterizedTest
    @EnumSource(FollowUpStatus.class)
    void readsBackWhatItStores(FollowUpStatus status) {
        assertThat(FollowUpStatus.fromWireName(status.wireName())).isEqualTo(status);
    }

    @Test
    void aDecisionIsFirstStoredWithItsStatus() {
        var due = Instant.parse("2026-11-20T10:00:00Z");
        assertThat(FollowUpStatus.of(new FollowUpDecision.Contact(Action.RECOVERY, due, "detractor"))).isEqualTo(FollowUpStatus.PENDING);
        assertThat(FollowUpStatus.of(new FollowUpDecision.Holdout(Action.RECOVERY, "holdout"))).isEqualTo(FollowUpStatus.HOLDOUT);
        assertThat(FollowUpStatus.of(new FollowUpDecision.NotContacted(Action.RECOVERY, "cooldown"))).isEqualTo(FollowUpStatus.NOT_CONTACTED);
        assertThat(FollowUpStatus.of(new FollowUpDecision.JoinedCase("generic:r-1", "account case open"))).isEqualTo(FollowUpStatus.JOINED_CASE);
        assertThat(FollowUpStatus.of(new FollowUpDecision.NoFollowUp("passive"))).isEqualTo(FollowUpStatus.NONE);
    }
}
