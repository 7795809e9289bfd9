package io.npsloop.domain.roi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One outcome event, idempotent by {@code eventId}.
 *
 * @param value money for {@link OutcomeType#CONCESSION} and {@link OutcomeType#REFERRAL_CONVERTED};
 *     {@link BigDecimal#ZERO} where the type takes none
 */
public record Outcome(String eventId, String customerId, OutcomeType type, Instant occurredAt, BigDecimal value) {

    public Outcome {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("value must not be negative");
        }
    }
}
