package io.npsloop.domain.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.intake.LocalizedResponses;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.Action;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FollowUpNoticesTest {

    /** The shared test respondent's locale is Spanish; these tests pin the English wording. */
    private static ResponseRecord decided(int score) {
        return LocalizedResponses.decided(LocalizedResponses.withScore(score, "en"));
    }

    @Test
    void recoveryNoticeTellsWhoWhatAndByWhen() {
        var notice = FollowUpNotices.render(decided(2));

        assertThat(notice.action()).isEqualTo(Action.RECOVERY);
        assertThat(notice.followUpId()).isEqualTo("generic:r-2");
        assertThat(notice.dueAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(notice.steps()).hasSize(3);
        assertThat(notice.steps().get(0)).startsWith("Contact Ana Pérez");
        assertThat(notice.steps().get(1)).startsWith("Apologise");
        assertThat(notice.steps().get(2)).startsWith("Resolve");
        assertThat(notice.text())
                .contains("Ana Pérez <ana@example.com>, customer c-42, account acme")
                .contains("12000 per year (high value)")
                .contains("2 of 10 (detractor)")
                .contains("\"Support never called back\"")
                .contains("Due by:   2026-11-23T12:00:00Z")
                .contains("Follow-up id: generic:r-2");
    }

    @Test
    void aNoticeNamesItsPlaybookVariantOnlyWhenItHasOne() {
        var plain = decided(2);
        var varied = new ResponseRecord(plain.response(), plain.valueTier(), plain.decision().withVariant("call+concession"), plain.receivedAt());

        assertThat(FollowUpNotices.render(varied).text()).contains("Due by:   2026-11-23T12:00:00Z\nPlaybook: call+concession\n");
        assertThat(FollowUpNotices.render(plain).text()).doesNotContain("Playbook");
    }

    @Test
    void referralNoticeAsksForTwoOrThreePeopleOnlyAfterCheckingNothingIsPending() {
        var notice = FollowUpNotices.render(decided(10));

        assertThat(notice.action()).isEqualTo(Action.REFERRAL);
        assertThat(notice.steps()).satisfiesExactly(
                thank -> assertThat(thank).startsWith("Thank Ana Pérez"),
                pending -> assertThat(pending).contains("nothing is pending"),
                ask -> assertThat(ask).contains("2-3 people"));
    }

    @Test
    void subjectIsPrintableAsciiUnderSnsLimit() {
        var notice = FollowUpNotices.render(decided(0));

        assertThat(notice.subject()).isEqualTo("[NPS Recovery] score 0, high value: Ana Perez");
        assertThat(FollowUpNotices.asciiSubject("x".repeat(300) + "\n"))
                .hasSize(FollowUpNotices.MAX_SUBJECT_LENGTH)
                .endsWith("...");
        assertThat(FollowUpNotices.asciiSubject("Zoë 日本\tok")).isEqualTo("Zoe ???ok");
    }

    @Test
    void responsesWithoutFollowUpCannotBeRendered() {
        assertThatThrownBy(() -> FollowUpNotices.render(decided(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no follow-up");
    }
}
