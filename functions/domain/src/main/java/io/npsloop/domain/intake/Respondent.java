package io.npsloop.domain.intake;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Who answered. Only {@code id} is required to follow up; the rest is whatever the survey tool
 * knew. A respondent without an id is anonymous: counted in NPS, never contacted.
 *
 * @param id the customer's id in the business's own systems, shared across survey tools
 * @param annualValue what the customer is worth per year, in the business's currency
 */
public record Respondent(
        String id, String email, String name, String accountId, String locale, BigDecimal annualValue) {

    public static final String DEFAULT_LOCALE = "en";

    public Respondent {
        id = blankToNull(id);
        email = blankToNull(email);
        name = blankToNull(name);
        accountId = blankToNull(accountId);
        locale = blankToNull(locale) == null ? DEFAULT_LOCALE : locale.strip();
        if (annualValue != null && annualValue.signum() < 0) {
            throw new IllegalArgumentException("annualValue must not be negative");
        }
    }

    public static Respondent anonymous() {
        return new Respondent(null, null, null, null, null, null);
    }

    public boolean isAnonymous() {
        return id == null;
    }

    public Optional<BigDecimal> annualValueIfKnown() {
        return Optional.ofNullable(annualValue);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
