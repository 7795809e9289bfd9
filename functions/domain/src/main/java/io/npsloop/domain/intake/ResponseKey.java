package io.npsloop.domain.intake;

import java.util.Objects;

/**
 * Identifies a response by the survey tool that sent it and that tool's own id for it. Tools retry
 * deliveries, so this key, not anything we generate, is what makes intake idempotent.
 */
public record ResponseKey(String source, String responseId) {

    /** The longest case id read; anything longer names no case. */
    private static final int MAX_CASE_ID = 260;

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

    /**
     * A case's id as the desk's routes and the tools carry it back: {@code <source>:<responseId>},
     * percent-encoded or not (a literal '+' stays a '+'); empty when it names no case.
     */
    public static java.util.Optional<ResponseKey> fromCaseId(String caseId) {
        if (caseId == null) {
            return java.util.Optional.empty();
        }
        String id;
        try {
            id = java.net.URLDecoder.decode(caseId.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        return id.length() > MAX_CASE_ID ? java.util.Optional.empty() : fromValue(id);
    }

    @Override
    public String toString() {
        return value();
    }
}
