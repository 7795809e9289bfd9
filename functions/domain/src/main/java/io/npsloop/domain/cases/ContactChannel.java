package io.npsloop.domain.cases;

import java.util.Locale;
import java.util.Optional;

/** How a person tried to reach the customer. */
public enum ContactChannel {
    PHONE,
    EMAIL,
    CHAT,
    MEETING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContactChannel> fromWireName(String name) {
        for (var channel : values()) {
            if (channel.wireName().equals(name)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
