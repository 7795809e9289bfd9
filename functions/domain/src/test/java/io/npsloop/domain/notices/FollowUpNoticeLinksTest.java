package io.npsloop.domain.notices;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.FollowUpLinks;
import io.npsloop.domain.intake.LocalizedResponses;
import io.npsloop.domain.policy.Action;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowUpNoticeLinksTest {

    private static final Instant EXPIRES = Instant.parse("2026-12-06T12:00:00Z");

    private static FollowUpLinks links(CaseEvent.Type... steps) {
        var actions = new LinkedHashMap<CaseEvent.Type, String>();
        for (var step : steps) {
            actions.put(step, "https://nps.example.com/desk/act?t=" + step.wireName());
        }
        return new FollowUpLinks(actions, EXPIRES);
    }

    @Test
    void aRecoveryListsItsThreeLinksInEnglishAfterTheSteps() {
        var notice = FollowUpNotices.render(LocalizedResponses.decided(LocalizedResponses.withScore(2, "en")),
                links(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED));

        assertThat(notice.text()).contains("""
                Record what you did: open a link, then confirm on the page it opens (opening it changes nothing).
                - I contacted them: https://nps.example.com/desk/act?t=contacted
                - Resolved: https://nps.example.com/desk/act?t=resolved
                - Could not resolve: https://nps.example.com/desk/act?t=unresolved
                These links work until 2026-12-06T12:00:00Z.
                """);
        assertThat(notice.text().indexOf("desk/act")).isGreaterThan(notice.text().indexOf("Suggested steps:"));
        assertThat(notice.links().actions()).hasSize(3);
    }

    @Test
    void aReferralInSpanishSaysDone() {
        var notice = FollowUpNotices.render(LocalizedResponses.decided(LocalizedResponses.withScore(10, "es-MX")),
                links(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED));

        assertThat(notice.text()).contains("- Ya me puse en contacto: https://nps.example.com/desk/act?t=contacted")
                .contains("- Hecho: https://nps.example.com/desk/act?t=resolved")
                .contains("Estos enlaces funcionan hasta el 2026-12-06T12:00:00Z.");
    }

    @Test
    void theEscalationCarriesTheSameLinks() {
        var links = links(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED);
        var notice = FollowUpNotices.escalation(LocalizedResponses.decided(LocalizedResponses.withScore(2, "en")), "open", links);
        assertThat(notice.text()).startsWith("Overdue").contains("- Resolved: https://nps.example.com/desk/act?t=resolved");
        assertThat(notice.links()).isEqualTo(links);
    }

    @Test
    void theCaseInTheDeskComesBeforeTheStepLinks() {
        var actions = links(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED).actions();
        var notice = FollowUpNotices.render(LocalizedResponses.decided(LocalizedResponses.withScore(2, "en")),
                new FollowUpLinks(actions, EXPIRES, "https://nps.example.com/desk/#/cases/generic%3Ar-2"));

        assertThat(notice.text()).contains("""
                3. Resolve the problem they stated, then record what you did and whether it is solved.

                Open in the desk: https://nps.example.com/desk/#/cases/generic%3Ar-2

                Record what you did: open a link""");
    }

    @Test
    void withoutAKeyRingTheMessageStillLinksToTheDeskInItsLanguage() {
        var notice = FollowUpNotices.render(LocalizedResponses.decided(LocalizedResponses.withScore(2, "es")),
                new FollowUpLinks(Map.of(), null, "https://nps.example.com/desk/#/cases/generic%3Ar-2"));

        assertThat(notice.text()).contains("Abrir en el escritorio: https://nps.example.com/desk/#/cases/generic%3Ar-2\n")
                .doesNotContain("desk/act").doesNotContain("Registre lo que hizo");
    }

    @Test
    void withoutLinksTheMessageSaysNothingAboutThem() {
        var notice = FollowUpNotices.render(LocalizedResponses.decided(LocalizedResponses.withScore(2, "en")));
        assertThat(notice.text()).doesNotContain("desk/").doesNotContain("Record what you did").doesNotContain("Open in the desk");
        assertThat(notice.links().isEmpty()).isTrue();
    }

    @Test
    void theLabelsAreTheMessagesOwnForThePage() {
        assertThat(FollowUpNotices.stepLabel(Action.RECOVERY, CaseEvent.Type.RESOLVED, "en")).isEqualTo("Resolved");
        assertThat(FollowUpNotices.stepLabel(Action.REFERRAL, CaseEvent.Type.RESOLVED, "es")).isEqualTo("Hecho");
        assertThat(FollowUpNotices.stepLabel(Action.NURTURE, CaseEvent.Type.CONTACTED, null)).isEqualTo("I contacted them");
        assertThat(FollowUpNotices.stepLabel(Action.RECOVERY, CaseEvent.Type.UNRESOLVED, "es-AR")).isEqualTo("No se pudo resolver");
    }
}
