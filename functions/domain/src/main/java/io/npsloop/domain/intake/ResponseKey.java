package io.npsloop.domain.intake;

import java.util.Objects;

/**
 * Identifies a response by the survey tool that sent it and that tool's own id for it. Tools retry
 * deliveries, so this key, not anything we generate, is what makes intake idempotent.
 */
public record ResponseKey(String source, String responseId) {

    public ResponseKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(responseId, "responseId");
        if (source.isBlank() || responseId.isBlank()) {
            throw new IllegalArgumentException("source and responseId must not be blank");
        }
    }

    /** A single string form, also used as the id of the follow-up the response leads to. */
    public String value() {
        return source + ":" + responseId;
    }

    /** The key back from {@link #value()}, or empty if the text is not {@code <source>:<responseId>}. */
    public static java.util.Optional<ResponseKey> fromValue(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1 || value.substring(0, colon).isBlank() || value.substring(colon + 1).isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ResponseKey(value.substring(0, colon), value.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return value();
    }
}
