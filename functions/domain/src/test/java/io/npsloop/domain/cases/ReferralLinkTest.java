package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.cases.ActionLinkKeys.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ReferralLinkTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ActionLinkKeys KEYS = ActionLinkKeys.parse("k1=" + ActionLinkKeysTest.OLD_KEY);
    private static final ReferralLink LINK = ReferralLink.of("generic:resp-1", NOW, Duration.ofDays(30));

    @Test
    void aSignedLinkCarriesItsCaseUntilItExpiresAndThenSaysSo() {
        var token = LINK.sign(KEYS);

        assertThat(ReferralLink.check(KEYS, token, NOW)).isEqualTo(new ReferralLink.Valid(LINK));
        assertThat(ReferralLink.check(KEYS, token, NOW.plus(Duration.ofDays(30)))).as("to its last second")
                .isEqualTo(new ReferralLink.Valid(LINK));
        assertThat(ReferralLink.check(KEYS, token, NOW.plus(Duration.ofDays(30)).plusSeconds(1)))
                .isEqualTo(new ReferralLink.Refused(Refusal.EXPIRED));
        assertThat(token).matches("[A-Za-z0-9._-]+").as("fits in a path as it stands");
    }

    @Test
    void aChangedForgedOrOtherRingsTokenIsRefusedAndNoneCanBeMadeFromAnother() {
        var token = LINK.sign(KEYS);
        var parts = token.split("\\.");
        var otherCase = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("referral-page\n" + LINK.expiresAt().getEpochSecond() + "\ngeneric:resp-2").getBytes(StandardCharsets.UTF_8));

        assertThat(ReferralLink.check(KEYS, String.join(".", parts[0], parts[1], otherCase, parts[3]), NOW))
                .isEqualTo(new ReferralLink.Refused(Refusal.BAD_SIGNATURE));
        assertThat(ReferralLink.check(KEYS, token.substring(0, token.length() - 2), NOW)).isInstanceOf(ReferralLink.Refused.class);
        assertThat(ReferralLink.check(KEYS, "v1.k1.forged.forged", NOW)).isInstanceOf(ReferralLink.Refused.class);
        assertThat(ReferralLink.check(KEYS, null, NOW)).isEqualTo(new ReferralLink.Refused(Refusal.MALFORMED));
        assertThat(ReferralLink.check(ActionLinkKeys.parse("k1=" + ActionLinkKeysTest.NEW_KEY), token, NOW))
                .as("the same kid with another key").isEqualTo(new ReferralLink.Refused(Refusal.BAD_SIGNATURE));
    }

    @Test
    void anActionLinkIsNoReferralLinkNorTheOtherWayRoundNorIsTheFormsStamp() {
        var action = KEYS.sign(new ActionLink("generic:resp-1", CaseEvent.Type.CONTACTED, NOW.plus(Duration.ofDays(1))));
        var referral = LINK.sign(KEYS);
        var stamp = LINK.stamp(KEYS, NOW);

        assertThat(ReferralLink.check(KEYS, action, NOW)).isEqualTo(new ReferralLink.Refused(Refusal.MALFORMED));
        assertThat(ReferralLink.check(KEYS, stamp, NOW)).isEqualTo(new ReferralLink.Refused(Refusal.MALFORMED));
        assertThat(KEYS.check(referral, NOW)).isEqualTo(new ActionLinkKeys.Refused(Refusal.MALFORMED));
        assertThat(LINK.shownAt(KEYS, referral)).isEmpty();
    }

    @Test
    void theFormsStampSaysWhenThisCasesFormWasShownAndNothingForAnotherCase() {
        var stamp = LINK.stamp(KEYS, NOW);

        assertThat(LINK.shownAt(KEYS, stamp)).contains(NOW);
        assertThat(ReferralLink.of("generic:resp-2", NOW, Duration.ofDays(1)).shownAt(KEYS, stamp)).isEmpty();
        assertThat(LINK.shownAt(KEYS, stamp + "x")).isEmpty();
        assertThat(LINK.shownAt(KEYS, null)).isEmpty();
    }

    @Test
    void linksAreUnguessableEvenForNeighbouringCases() {
        var tokens = new HashSet<String>();
        for (int i = 0; i < 200; i++) {
            tokens.add(ReferralLink.of("generic:resp-" + i, NOW, Duration.ofDays(30)).sign(KEYS).split("\\.")[3]);
        }
        assertThat(tokens).as("a MAC per case, none shared").hasSize(200);
    }

    @Test
    void itsUrlIsThePagesPathUnderTheBase() {
        assertThat(ReferralLink.url("https://nps.example.com/", "v1.k1.a.b")).isEqualTo("https://nps.example.com/refer/v1.k1.a.b");
        assertThat(ReferralLink.url("https://nps.example.com", "t")).isEqualTo("https://nps.example.com/refer/t");
    }
}
