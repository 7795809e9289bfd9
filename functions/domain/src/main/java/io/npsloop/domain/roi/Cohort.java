package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The follow-up decision a customer's outcomes are measured against: the latest decision that put
 * them in an arm of {@code action}. Reports count customers by the day of that decision (UTC).
 */
public record Cohort(Action action, Arm arm, Instant decidedAt) {

    public Cohort {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }

    public LocalDate day() {
        return LocalDate.ofInstant(decidedAt, ZoneOffset.UTC);
    }
}
