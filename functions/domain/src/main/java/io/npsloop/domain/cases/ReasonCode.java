package io.npsloop.domain.cases;

import java.util.Locale;
import java.util.Optional;

/** What a case was about, as the person who worked it sums it up: a fixed list, so it can be counted. */
public enum ReasonCode {
    BILLING,
    PRODUCT,
    SUPPORT,
    DELIVERY,
    PRICE,
    OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReasonCode> fromWireName(String name) {
        for (var code : values()) {
            if (code.wireName().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}
