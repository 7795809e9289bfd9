package io.npsloop.connectors;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Optional;

/**
 * How every connector reads an outside tool's failure: 429, 408 and 5xx (after the tool's
 * Retry-After where given) and no answer are worth another try; any other 4xx is not.
 */
public final class HttpOutcomes {

    private HttpOutcomes() {}

    /** A call that got no answer: the timeout, the interruption (kept) or the connection named. */
    public static CallOutcome.TryLater unanswered(Exception e) {
        if (e instanceof HttpTimeoutException) {
            return new CallOutcome.TryLater(Optional.empty(), "timeout");
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CallOutcome.TryLater(Optional.empty(), "interrupted");
        }
        return new CallOutcome.TryLater(Optional.empty(), "no_answer");
    }

    /** An answer other than the one asked for. */
    public static CallOutcome failure(HttpResponse<?> response, Clock clock) {
        int status = response.statusCode();
        if (retryable(status)) {
            var retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
            return new CallOutcome.TryLater(retryAfter, "http_" + status);
        }
        return new CallOutcome.Refused("http_" + status);
    }

    private static boolean retryable(int status) {
        return status == 429 || status == 408 || status >= 500;
    }
}
