package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.intake.LocalizedResponses;
import io.npsloop.domain.intake.ResponseRecord;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionLinksTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00.250Z");
    private static final ActionLinkKeys KEYS = ActionLinkKeys.parse("k1=" + ActionLinkKeysTest.OLD_KEY);

    private static ResponseRecord decided(int score) {
        return LocalizedResponses.decided(LocalizedResponses.withScore(score, "en"));
    }

    private static String token(String url) {
        var query = URI.create(url).getRawQuery();
        assertThat(query).startsWith(ActionLink.TOKEN_PARAMETER + "=");
        return URLDecoder.decode(query.substring(2), StandardCharsets.UTF_8);
    }

    @Test
    void aRecoveryOffersContactedResolvedAndUnresolvedEachSignedForItsCase() {
        var links = new ActionLinks(() -> Optional.of(KEYS), "https://nps.example.com/", Duration.ofDays(14)).forRecord(decided(2), NOW);

        assertThat(links.actions().keySet())
                .containsExactly(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED, CaseEvent.Type.UNRESOLVED);
        assertThat(links.expiresAt()).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        links.actions().forEach((step, url) -> {
            assertThat(url).startsWith("https://nps.example.com/desk/act?t=");
            assertThat(KEYS.check(token(url), NOW)).isEqualTo(
                    new ActionLinkKeys.Valid(new ActionLink("generic:r-2", step, links.expiresAt())));
        });
    }

    @Test
    void aReferralOffersContactedAndDone() {
        var links = new ActionLinks(() -> Optional.of(KEYS), "http://localhost:3000", Duration.ofDays(1)).forRecord(decided(10), NOW);
        assertThat(links.actions().keySet()).containsExactly(CaseEvent.Type.CONTACTED, CaseEvent.Type.RESOLVED);
    }

    @Test
    void everyFollowUpLinksToItsCaseInTheDeskUnderTheSameBase() {
        var links = new ActionLinks(() -> Optional.of(KEYS), "https://nps.example.com/", Duration.ofDays(14)).forRecord(decided(2), NOW);
        assertThat(links.caseUrl()).isEqualTo("https://nps.example.com/desk/#/cases/generic%3Ar-2");
    }

    @Test
    void withoutAKeyRingTheCaseLinkStaysAndNothingIsSigned() {
        var links = ActionLinks.deskOnly("https://nps.example.com/prod").forRecord(decided(2), NOW);
        assertThat(links.hasActions()).isFalse();
        assertThat(links.expiresAt()).isNull();
        assertThat(links.caseUrl()).isEqualTo("https://nps.example.com/prod/desk/#/cases/generic%3Ar-2");
        assertThat(links.isEmpty()).isFalse();
    }

    @Test
    void theCaseRouteEncodesTheIdAsTheDeskDecodesIt() {
        assertThat(ActionLinks.caseRoute("typeform:a b/c?d#e&f+g")).isEqualTo("#/cases/typeform%3Aa%20b%2Fc%3Fd%23e%26f%2Bg");
        assertThat(ActionLinks.caseRoute("generic:r-2")).isEqualTo("#/cases/generic%3Ar-2");
    }

    @Test
    void withoutAKeyRingOrAFollowUpThereAreNoLinks() {
        assertThat(ActionLinks.NONE.forRecord(decided(2), NOW)).isEqualTo(FollowUpLinks.NONE);
        var links = new ActionLinks(() -> Optional.of(KEYS), "http://localhost:3000", Duration.ofDays(1));
        assertThat(links.forRecord(decided(8), NOW).isEmpty()).as("a passive, not nurtured").isTrue();
    }
}
