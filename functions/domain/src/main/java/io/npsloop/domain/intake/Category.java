package io.npsloop.domain.intake;

import java.util.Locale;

/** Net Promoter category of a single answer to "how likely are you to recommend us", 0-10. */
public enum Category {
    DETRACTOR,
    PASSIVE,
    PROMOTER;

    public static Category of(Score score) {
        int value = score.value();
        if (value >= 9) {
            return PROMOTER;
        }
        return value >= 7 ? PASSIVE : DETRACTOR;
    }

    /** The lower-case name used in stored items, message attributes and API answers. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Category fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
