package io.npsloop.ingest.fetch;

import java.time.Duration;

/**
 * Reading a response from a tool's API did not work. Temporary failures (time-outs, 429, 5xx) are
 * tried again; lasting ones (401, 403, 404, no NPS answer) go to the quarantine at once.
 *
 * @param retryAfter what the API asked us to wait, or null
 */
public final class FetchFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean temporary;
    private final transient Duration retryAfter;

    private FetchFailure(String reason, boolean temporary, Duration retryAfter) {
        super(reason, null, false, false);
        this.temporary = temporary;
        this.retryAfter = retryAfter;
    }

    public static FetchFailure temporary(String reason, Duration retryAfter) {
        return new FetchFailure(reason, true, retryAfter);
    }

    public static FetchFailure lasting(String reason) {
        return new FetchFailure(reason, false, null);
    }

    public boolean isTemporary() {
        return temporary;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Words safe to store and show: the status and what to fix, never the API's body. */
    public String reason() {
        return getMessage();
    }
}
