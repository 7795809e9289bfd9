package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.domain.cases.ActionLinkKeys.Refusal;
import io.npsloop.domain.cases.ActionLinkKeys.Refused;
import io.npsloop.domain.cases.ActionLinkKeys.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionLinkKeysTest {

    static final String OLD_KEY = key('a');
    static final String NEW_KEY = key('b');
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final ActionLink LINK =
            new ActionLink("generic:resp-1", CaseEvent.Type.CONTACTED, NOW.plus(Duration.ofDays(14)));

    /** A 32-byte key made of one repeated letter, base64. */
    static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII));
    }

    private static ActionLinkKeys ring(String text) {
        return ActionLinkKeys.parse(text);
    }

    @Test
    void aSignedLinkVerifiesAndCarriesItsCaseStepAndExpiry() {
        var keys = ring("k1=" + OLD_KEY);
        var token = keys.sign(LINK);

        assertThat(keys.check(token, NOW)).isEqualTo(new Valid(LINK));
        assertThat(token).matches("v1\\.k1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}")
                .as("URL-safe as it stands").matches(Pattern.compile("[A-Za-z0-9._-]+"));
    }

    @Test
    void eachCaseAndStepHasItsOwnToken() {
        var keys = ring("k1=" + OLD_KEY);
        var tokens = new HashSet<String>();
        for (var step : ActionLink.ACTIONS) {
            tokens.add(keys.sign(new ActionLink("generic:resp-1", step, LINK.expiresAt())));
            tokens.add(keys.sign(new ActionLink("generic:resp-2", step, LINK.expiresAt())));
        }
        assertThat(tokens).hasSize(6);
        assertThat(ring("k1=" + NEW_KEY).sign(LINK)).as("another key, another signature").isNotEqualTo(keys.sign(LINK));
    }

    @Test
    void changingAnyPartOfTheTokenIsRefused() {
        var keys = ring("k1=" + OLD_KEY + "\nk2=" + NEW_KEY);
        var parts = keys.sign(LINK).split("\\.");
        var otherCase = keys.sign(new ActionLink("generic:resp-2", LINK.action(), LINK.expiresAt())).split("\\.")[2];
        var otherStep = keys.sign(new ActionLink(LINK.caseId(), CaseEvent.Type.RESOLVED, LINK.expiresAt())).split("\\.")[2];
        var later = keys.sign(new ActionLink(LINK.caseId(), LINK.action(), LINK.expiresAt().plusSeconds(1))).split("\\.")[2];

        assertThat(keys.check(join("v2", parts[1], parts[2], parts[3]), NOW)).isEqualTo(new Refused(Refusal.MALFORMED));
        assertThat(keys.check(join(parts[0], "k2", parts[2], parts[3]), NOW)).as("another kid of the ring")
                .isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
        assertThat(keys.check(join(parts[0], parts[1], otherCase, parts[3]), NOW)).isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
        assertThat(keys.check(join(parts[0], parts[1], otherStep, parts[3]), NOW)).isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
        assertThat(keys.check(join(parts[0], parts[1], later, parts[3]), NOW)).as("a later expiry")
                .isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
        var mac = parts[3];
        for (int i = 0; i < mac.length(); i++) {
            var flipped = mac.substring(0, i) + (mac.charAt(i) == 'A' ? 'B' : 'A') + mac.substring(i + 1);
            assertThat(keys.check(join(parts[0], parts[1], parts[2], flipped), NOW)).as("MAC character %d", i)
                    .isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
        }
        assertThat(keys.check(join(parts[0], parts[1], parts[2], mac.substring(1)), NOW)).isEqualTo(new Refused(Refusal.BAD_SIGNATURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "v1.k1.abc", "v1.k1.abc.def.ghi", "v1..abc.def", "v1.k1..def", "v1.k1.abc.",
        "v1.k 1.abc.def", "v1.k1.ab+c.def", "v1.k1.abc.de/f", "<script>.k1.a.b"})
    void whatIsNotATokenIsRefusedAsMalformed(String token) {
        assertThat(ring("k1=" + OLD_KEY).check(token, NOW)).isEqualTo(new Refused(Refusal.MALFORMED));
    }

    @Test
    void nullAndOverlongTokensAreRefusedBeforeAnyWork() {
        var keys = ring("k1=" + OLD_KEY);
        assertThat(keys.check(null, NOW)).isEqualTo(new Refused(Refusal.MALFORMED));
        assertThat(keys.check("v1.k1." + "a".repeat(2_000) + ".b", NOW)).isEqualTo(new Refused(Refusal.MALFORMED));
    }

    @Test
    void aLinkWorksUpToItsExpirySecondAndNotAfter() {
        var keys = ring("k1=" + OLD_KEY);
        var token = keys.sign(LINK);

        assertThat(keys.check(token, LINK.expiresAt())).isInstanceOf(Valid.class);
        assertThat(keys.check(token, LINK.expiresAt().minusNanos(1))).isInstanceOf(Valid.class);
        assertThat(keys.check(token, LINK.expiresAt().plusNanos(1))).isEqualTo(new Refused(Refusal.EXPIRED));
        assertThat(keys.check(token, LINK.expiresAt().plusSeconds(1))).isEqualTo(new Refused(Refusal.EXPIRED));
    }

    @Test
    void aLinkSignedWithThePreviousKeyVerifiesWhileThatKeyIsInTheRingAndNotOnceItIsRemoved() {
        var before = ring("old=" + OLD_KEY);
        var token = before.sign(LINK);

        var rotated = ring("new=" + NEW_KEY + "\nold=" + OLD_KEY);
        assertThat(rotated.ids()).containsExactly("new", "old");
        assertThat(rotated.check(token, NOW)).as("signed before the rotation").isEqualTo(new Valid(LINK));
        var fresh = rotated.sign(LINK);
        assertThat(fresh).startsWith("v1.new.");
        assertThat(before.check(fresh, NOW)).as("the old ring does not know the new key").isEqualTo(new Refused(Refusal.UNKNOWN_KEY));

        var retired = ring("new=" + NEW_KEY);
        assertThat(retired.check(token, NOW)).isEqualTo(new Refused(Refusal.UNKNOWN_KEY));
        assertThat(retired.check(fresh, NOW)).isEqualTo(new Valid(LINK));
    }

    @Test
    void aKidTheRingNeverHadIsRefused() {
        var token = ring("elsewhere=" + OLD_KEY).sign(LINK);
        assertThat(ring("k1=" + OLD_KEY).check(token, NOW)).as("the same key under another id")
                .isEqualTo(new Refused(Refusal.UNKNOWN_KEY));
    }

    @Test
    void theRingIsReadFromLinesOrCommasWithCommentsAndUrlSafeBase64() {
        var urlSafe = OLD_KEY.replace('+', '-').replace('/', '_');
        var keys = ring("# rotated 2026-11\n\n  k2=" + NEW_KEY + "  \nk1=" + urlSafe + "\n");
        assertThat(keys.ids()).containsExactly("k2", "k1");
        assertThat(ring("k2=" + NEW_KEY + ",k1=" + OLD_KEY).ids()).containsExactly("k2", "k1");
        assertThat(keys.toString()).doesNotContain(NEW_KEY).doesNotContain(OLD_KEY);
    }

    @Test
    void aRingThatCannotSignOrVerifySafelyIsRefusedWithoutQuotingAKey() {
        var shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> ring("")).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> ring("# nothing")).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> ring("k1=" + shortKey)).hasMessageContaining("'k1'").hasMessageContaining("32")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> ring("k1=%%%")).hasMessageContaining("not base64").hasMessageNotContaining("%%%");
        assertThatThrownBy(() -> ring(OLD_KEY)).hasMessageContaining("<kid>=").hasMessageNotContaining(OLD_KEY);
        assertThatThrownBy(() -> ring("k.1=" + OLD_KEY)).hasMessageContaining("kid");
        assertThatThrownBy(() -> ring("k1=" + OLD_KEY + "\nk1=" + NEW_KEY)).hasMessageContaining("twice");
    }

    @Test
    void onlyTheStepsAPersonTakesFromAMessageHaveLinks() {
        assertThatThrownBy(() -> new ActionLink("generic:r", CaseEvent.Type.CLOSED, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActionLink("generic:r", CaseEvent.Type.NOTE, NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActionLink(" ", CaseEvent.Type.CONTACTED, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCaseIdWithAnyCharactersSurvivesTheRoundTrip() {
        var keys = ring("k1=" + OLD_KEY);
        var odd = new ActionLink("mapped:a.b/c d?e=f&g\nh:ü", CaseEvent.Type.UNRESOLVED, LINK.expiresAt());
        assertThat(keys.check(keys.sign(odd), NOW)).isEqualTo(new Valid(odd));
    }

    private static String join(String... parts) {
        return String.join(".", parts);
    }
}
