package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.local.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one cache in front of SSM: its age, what it does with a missing parameter, and with SSM gone. */
class SsmParametersTest {

    private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** A parameter store as a map; "fail" makes every read fail as SSM going away would. */
    private static final class Store implements Function<String, String> {
        final Map<String, String> values = new HashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        boolean fail;

        @Override
        public String apply(String name) {
            reads.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("SSM unreachable");
            }
            return values.get(name);
        }
    }

    @Test
    void aValueIsReadOnceAndAgainAfterTheMaxAge() {
        var store = new Store();
        var clock = new MutableClock(START);
        var parameters = new SsmParameters(store, MAX_AGE, SsmParameters.Missing.REMEMBERED, clock);
        store.values.put("/a", "first");

        assertThat(parameters.get("/a")).hasValue("first");
        store.values.put("/a", "rotated");
        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(parameters.get("/a")).hasValue("first");
        assertThat(store.reads).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(parameters.get("/a")).hasValue("rotated");
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void aMissingParameterIsRememberedOrAskedForAgainAsChosen() {
        var store = new Store();
        var clock = new MutableClock(START);
        var remembered = new SsmParameters(store, MAX_AGE, SsmParameters.Missing.REMEMBERED, clock);
        var askedAgain = new SsmParameters(store, MAX_AGE, SsmParameters.Missing.ASKED_AGAIN, clock);

        assertThat(remembered.get("/later")).isEmpty();
        assertThat(askedAgain.get("/later")).isEmpty();
        store.values.put("/later", "created");
        assertThat(remembered.get("/later")).as("missing for its max age").isEmpty();
        assertThat(askedAgain.get("/later")).as("found the moment it exists").hasValue("created");
        clock.advance(MAX_AGE);
        assertThat(remembered.get("/later")).hasValue("created");
    }

    @Test
    void whenSsmCannotBeAskedAValueAlreadyReadIsKeptAndWithoutOneTheFailureShows() {
        var store = new Store();
        var clock = new MutableClock(START);
        var parameters = new SsmParameters(store, MAX_AGE, SsmParameters.Missing.REMEMBERED, clock);
        store.values.put("/known", "kept");
        assertThat(parameters.get("/known")).hasValue("kept");
        assertThat(parameters.get("/missing")).isEmpty();

        store.fail = true;
        clock.advance(Duration.ofHours(1));
        assertThat(parameters.get("/known")).hasValue("kept");
        assertThatThrownBy(() -> parameters.get("/missing")).as("an absence is not kept through a failure")
                .hasMessage("SSM unreachable");
        assertThatThrownBy(() -> parameters.get("/other")).hasMessage("SSM unreachable");
        store.fail = false;
        store.values.put("/known", "rotated");
        assertThat(parameters.get("/known")).as("asked again once SSM answers").hasValue("rotated");
    }

    @Test
    void aParameterSsmCannotBeAskedForIsUnavailableWithoutItsName() {
        var settings = new io.npsloop.config.Settings(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:9"));
        var parameters = new SsmParameters(new AwsClients(settings).jsonCalls("SSM", "ssm", "AmazonSSM"), MAX_AGE,
                SsmParameters.Missing.ASKED_AGAIN, Clock.systemUTC());
        assertThatThrownBy(() -> parameters.get("/nps-loop/secret-name")).isInstanceOf(SsmParameters.UnavailableException.class)
                .isInstanceOf(IllegalStateException.class).hasMessage("SSM unreachable");
    }
}
