package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The desk's steps: they record without moving a case, claims and assignments only while it needs someone. */
class DeskStepsTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "OPEN, CLAIMED, OPEN", "CONTACTED, CLAIMED, CONTACTED", "RESOLVED, CLAIMED, -", "UNRESOLVED, CLAIMED, -", "CLOSED, CLAIMED, -",
        "OPEN, ASSIGNED, OPEN", "CONTACTED, ASSIGNED, CONTACTED", "RESOLVED, ASSIGNED, -", "CLOSED, ASSIGNED, -",
        "OPEN, ATTEMPTED, OPEN", "CONTACTED, ATTEMPTED, CONTACTED", "RESOLVED, ATTEMPTED, RESOLVED", "CLOSED, ATTEMPTED, -",
        "OPEN, OUTCOME, OPEN", "RESOLVED, OUTCOME, RESOLVED", "CLOSED, OUTCOME, -",
        "UNRESOLVED, REFERRED, UNRESOLVED", "CLOSED, REFERRED, -",
    })
    void deskStepsKeepTheStatus(CaseStatus current, CaseEvent.Type type, String expected) {
        var event = new CaseEvent(type, Instant.EPOCH, "ana@team.example", null, CaseOwner.person("ana@team.example"), null,
                ContactChannel.PHONE, false, null);

        assertThat(event.next(current).map(Enum::name).orElse("-")).isEqualTo(expected);
    }

    @Test
    void aClaimNamesItsOwnerAndAnAttemptItsChannel() {
        assertThatThrownBy(() -> new CaseEvent(CaseEvent.Type.CLAIMED, Instant.EPOCH, "ana", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseEvent(CaseEvent.Type.ATTEMPTED, Instant.EPOCH, "ana", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CaseEvent.Type.RECORDED_BY_API).doesNotContain(CaseEvent.Type.CLAIMED, CaseEvent.Type.ATTEMPTED);
    }

    @Test
    void ownersReadBackAsWrittenAndPeopleCompareWithoutCase() {
        for (var owner : new CaseOwner[] {CaseOwner.UNASSIGNED, CaseOwner.person("Ana@Team.example"), CaseOwner.team("billing")}) {
            assertThat(CaseOwner.fromWireName(owner.wireName())).contains(owner);
        }
        assertThat(CaseOwner.person("Ana@Team.example").wireName()).isEqualTo("person:ana@team.example");
        assertThat(CaseOwner.fromWireName("team:")).isEmpty();
        assertThat(CaseOwner.fromWireName("team:a\u0000b")).isEmpty();
        assertThat(CaseOwner.fromWireName("someone")).isEmpty();
    }

    @Test
    void referralContactsAreAnEmailOrAPhoneNumber() {
        assertThat(Referral.isContact("sam@example.com")).isTrue();
        assertThat(Referral.isContact("+44 20 7946 0000")).isTrue();
        assertThat(Referral.isContact("call me")).isFalse();
        assertThat(Referral.isContact("<script>@x")).isFalse();
    }
}
