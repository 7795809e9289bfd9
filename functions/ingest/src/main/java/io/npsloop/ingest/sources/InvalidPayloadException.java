package io.npsloop.ingest.sources;

import java.util.List;

/** The body was authentic but cannot be read as a survey response. Never carries the body itself. */
public final class InvalidPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidPayloadException(List<Violation> violations) {
        super(violations.size() == 1 ? "1 problem in the body" : violations.size() + " problems in the body");
        this.violations = List.copyOf(violations);
    }

    public InvalidPayloadException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
