package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.config.Settings;
import io.npsloop.local.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ActionLinkKeyRingTest {

    private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

    private static final String A = "a=" + Base64.getEncoder().encodeToString("a".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String B = "b=" + Base64.getEncoder().encodeToString("b".repeat(32).getBytes(StandardCharsets.US_ASCII));

    /** Answers in turn: a ring's text, null for "not created", or "fail" for SSM being unreachable. */
    private static Supplier<String> answers(AtomicInteger calls, String... texts) {
        Deque<String> queue = new ArrayDeque<>();
        for (var text : texts) {
            queue.add(text == null ? "\0" : text);
        }
        return () -> {
            calls.incrementAndGet();
            var next = queue.size() > 1 ? queue.poll() : queue.peek();
            if ("fail".equals(next)) {
                throw new IllegalStateException("SSM unreachable");
            }
            return "\0".equals(next) ? null : next;
        };
    }

    @Test
    void theRingIsReadOnceAndAgainAfterItsMaxAgeSoARotationArrives() {
        var clock = new MutableClock(START);
        var calls = new AtomicInteger();
        var ring = new ActionLinkKeyRing(answers(calls, A, B + "\n" + A), clock);

        assertThat(ring.get().orElseThrow().ids()).containsExactly("a");
        clock.advance(ActionLinkKeyRing.MAX_AGE.minusSeconds(1));
        assertThat(ring.get().orElseThrow().ids()).containsExactly("a");
        assertThat(calls).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.get().orElseThrow().ids()).containsExactly("b", "a");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aParameterNotCreatedYetMeansNoRingUntilItIs() {
        var clock = new MutableClock(START);
        var ring = new ActionLinkKeyRing(answers(new AtomicInteger(), null, A), clock);
        assertThat(ring.get()).isEmpty();
        clock.advance(ActionLinkKeyRing.MAX_AGE);
        assertThat(ring.get()).isPresent();
    }

    @Test
    void whenSsmCannotBeAskedTheRingAlreadyReadIsKeptAndWithoutOneTheFailureShows() {
        var clock = new MutableClock(START);
        var ring = new ActionLinkKeyRing(answers(new AtomicInteger(), A, "fail"), clock);
        assertThat(ring.get()).isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(ring.get().orElseThrow().ids()).containsExactly("a");

        var never = new ActionLinkKeyRing(answers(new AtomicInteger(), "fail"), clock);
        assertThatThrownBy(never::get).hasMessageContaining("SSM unreachable");
    }

    @Test
    void aBrokenRingFailsWithoutQuotingAKey() {
        var secret = Base64.getEncoder().encodeToString(new byte[8]);
        var ring = new ActionLinkKeyRing(answers(new AtomicInteger(), "k=" + secret), new MutableClock(START));
        assertThatThrownBy(ring::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("'k'").hasMessageNotContaining(secret);
    }

    @Test
    void theEnvironmentWinsOverSsmAndNeitherMeansNoRing() {
        var clients = new AwsClients(new Settings(Map.of("AWS_REGION", "eu-west-1")));
        var inline = ActionLinkKeyRing.of(new Settings(Map.of("ACTION_LINK_KEYS", B + "," + A,
                "ACTION_LINK_KEY_PARAMETER", "/nps-loop/action-link-keys")), clients, Clock.systemUTC());
        assertThat(inline.get().orElseThrow().ids()).containsExactly("b", "a");
        assertThat(ActionLinkKeyRing.of(new Settings(Map.of()), clients, Clock.systemUTC()).get()).isEmpty();
    }
}
