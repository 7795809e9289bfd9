package io.npsloop.domain.roi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One outcome event, idempotent by {@code eventId}, about a customer or about a whole account.
 *
 * @param customerId the customer it happened to, or null when it names an account
 * @param accountId the account it happened to (a B2B account that left leaves with all its
 *     contacts: one event, one churned unit), or null when it names a customer
 * @param value money for {@link OutcomeType#CONCESSION} and {@link OutcomeType#REFERRAL_CONVERTED};
 *     {@link BigDecimal#ZERO} where the type takes none
 */
public record Outcome(String eventId, String customerId, String accountId, OutcomeType type, Instant occurredAt, BigDecimal value) {

    public Outcome {
        Objects.requireNonNull(eventId, "eventId");
        if ((customerId == null) == (accountId == null)) {
            throw new IllegalArgumentException("an outcome names a customer or an account, exactly one");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("value must not be negative");
        }
    }

    /** An outcome of one customer. */
    public Outcome(String eventId, String customerId, OutcomeType type, Instant occurredAt, BigDecimal value) {
        this(eventId, customerId, null, type, occurredAt, value);
    }

    public boolean namesAccount() {
        return accountId != null;
    }
}
