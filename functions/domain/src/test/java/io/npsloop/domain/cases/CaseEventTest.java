package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseEventTest {

    /** The whole table: every status against every event type. */
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
        "OPEN, CONTACTED, CONTACTED", "OPEN, RESOLVED, -", "OPEN, UNRESOLVED, UNRESOLVED", "OPEN, CLOSED, CLOSED", "OPEN, NOTE, OPEN",
        "CONTACTED, CONTACTED, -", "CONTACTED, RESOLVED, RESOLVED", "CONTACTED, UNRESOLVED, UNRESOLVED", "CONTACTED, CLOSED, CLOSED",
        "CONTACTED, NOTE, CONTACTED",
        "RESOLVED, CONTACTED, -", "RESOLVED, RESOLVED, -", "RESOLVED, UNRESOLVED, -", "RESOLVED, CLOSED, CLOSED", "RESOLVED, NOTE, RESOLVED",
        "UNRESOLVED, CONTACTED, -", "UNRESOLVED, RESOLVED, -", "UNRESOLVED, UNRESOLVED, -", "UNRESOLVED, CLOSED, CLOSED",
        "UNRESOLVED, NOTE, UNRESOLVED",
        "CLOSED, CONTACTED, -", "CLOSED, RESOLVED, -", "CLOSED, UNRESOLVED, -", "CLOSED, CLOSED, -", "CLOSED, NOTE, -",
    })
    void theLifecycleAllowsOnlyForwardSteps(CaseStatus current, CaseEvent.Type type, String expected) {
        var next = new CaseEvent(type, Instant.EPOCH, "ana@team.example", null).next(current);

        assertThat(next.map(Enum::name).orElse("-")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"OPEN, true", "CONTACTED, true", "RESOLVED, false", "UNRESOLVED, false", "CLOSED, false"})
    void onlyOpenAndContactedCasesNeedAttention(CaseStatus status, boolean needsAttention) {
        assertThat(status.needsAttention()).isEqualTo(needsAttention);
    }
}
