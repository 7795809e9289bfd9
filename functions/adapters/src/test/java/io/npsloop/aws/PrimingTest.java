package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class PrimingTest {

    @Test
    void aFailingStepIsLoggedByNameAndTypeAndTheOthersStillRun() {
        var lines = new ArrayList<String>();
        var ran = new ArrayList<String>();
        var priming = new Priming("ingest", lines::add, Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC))
                .step("table", () -> {
                    throw new IllegalStateException("customer maria.gomez@example.com");
                })
                .step("linkage", () -> {
                    throw new NoClassDefFoundError("Missing");
                })
                .step("webhook", () -> ran.add("webhook"));

        var failed = priming.run();

        assertThat(failed).containsExactly("table:IllegalStateException", "linkage:NoClassDefFoundError");
        assertThat(ran).containsExactly("webhook");
        assertThat(lines).singleElement().asString()
                .contains("\"level\":\"WARN\"", "\"function\":\"ingest\"", "\"message\":\"primed\"", "\"steps\":3",
                        "\"failed\":\"table:IllegalStateException,linkage:NoClassDefFoundError\"")
                // Only types: a message could quote data.
                .doesNotContain("example.com");
    }

    @Test
    void aLogThatFailsDoesNotFailPriming() {
        var priming = new Priming("report", line -> {
            throw new IllegalStateException("log closed");
        }, Clock.systemUTC()).step("answer", () -> { });

        assertThat(priming.run()).isEmpty();
    }
}
