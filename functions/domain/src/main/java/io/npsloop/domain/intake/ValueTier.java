package io.npsloop.domain.intake;

import java.util.Locale;

/** How much a customer is worth per year, in bands, so people can work the valuable cases first. */
public enum ValueTier {
    HIGH,
    MEDIUM,
    LOW,
    /** The survey tool did not say what the customer is worth. */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValueTier fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
