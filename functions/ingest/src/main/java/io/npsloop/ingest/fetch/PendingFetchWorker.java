package io.npsloop.ingest.fetch;

import io.npsloop.domain.intake.FetchStatus;
import io.npsloop.domain.intake.ResponseIntake;
import io.npsloop.ingest.quarantine.DynamoDbQuarantine;
import io.npsloop.ingest.quarantine.QuarantinedRequest;
import io.npsloop.ingest.quarantine.QuarantiningReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One try at a pending fetch: claim it, read the response from the tool's API, and store it through
 * the same intake as every other source. A temporary failure waits a little (longer each time, or
 * as long as the API asked) and sets the item pending again, which schedules the next try; after
 * the last try, or at once for a lasting failure, the request goes to the quarantine with the reason.
 */
public final class PendingFetchWorker {

    /** What one call did, for the log line and the tests. */
    public enum Result { STORED, DUPLICATE, ERASED, RETRYING, QUARANTINED, SKIPPED }

    /** Waiting between tries; a parameter so tests need not wait. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param maxAttempts tries before the request is quarantined
     * @param firstBackoff wait after the first failed try, doubled after each further one
     * @param maxBackoff longest wait between tries, also for an API's Retry-After
     * @param lease how long a claimed try may run before another may take the item over: the fetch
     *     function's time-out, since no live try can run longer
     */
    public record Policy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration lease) {

        public static final Policy DEFAULTS = new Policy(8, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(60));

        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        Duration backoff(int attempt, Duration retryAfter) {
            var doubled = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
            var wait = retryAfter != null && retryAfter.compareTo(doubled) > 0 ? retryAfter : doubled;
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }

    private final DynamoDbFetchQueue queue;
    private final ResponseFetcher fetcher;
    private final ResponseIntake intake;
    private final DynamoDbQuarantine quarantine;
    private final Policy policy;
    private final Pause pause;
    private final Clock clock;
    private final Consumer<String> metrics;

    public PendingFetchWorker(DynamoDbFetchQueue queue, ResponseFetcher fetcher, ResponseIntake intake,
                              DynamoDbQuarantine quarantine, Policy policy, Pause pause, Clock clock, Consumer<String> metrics) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Processes the pending fetch under {@code pk}. Throws, so that the stream retries the record,
     * when the table cannot be reached or a try that died still holds the item (its lease runs out
     * at most a function time-out after it began).
     */
    public Result process(String pk) {
        var found = queue.find(pk);
        if (found.isEmpty()) {
            return Result.SKIPPED;
        }
        if (!queue.claim(pk, clock.instant(), policy.lease())) {
            var now = queue.find(pk);
            if (now.isPresent() && now.get().status() == FetchStatus.FETCHING) {
                throw new IllegalStateException("another try still holds the pending fetch");
            }
            return Result.SKIPPED; // finished meanwhile
        }
        var fetch = found.get();
        int attempt = fetch.attempts() + 1;
        ResponseIntake.Result result;
        try {
            result = intake.accept(fetcher.fetch(fetch.notice()), false);
        } catch (FetchFailure failure) {
            if (!failure.isTemporary() || attempt >= policy.maxAttempts()) {
                var reason = failure.isTemporary()
                        ? failure.reason() + " (after " + attempt + " tries)"
                        : failure.reason();
                return quarantine(pk, fetch, reason);
            }
            waitBefore(policy.backoff(attempt, failure.retryAfter()));
            queue.retryLater(pk, failure.reason(), clock.instant());
            return Result.RETRYING;
        } catch (RuntimeException e) {
            // The response could not be stored: the table is the trouble, so try again like a temporary failure.
            var reason = "storing the fetched response failed (" + e.getClass().getSimpleName() + ")";
            if (attempt >= policy.maxAttempts()) {
                return quarantine(pk, fetch, reason + " (after " + attempt + " tries)");
            }
            waitBefore(policy.backoff(attempt, null));
            queue.retryLater(pk, reason, clock.instant());
            return Result.RETRYING;
        }
        if (result instanceof ResponseIntake.Erased) {
            // Nothing of an erased customer is kept: the notice's raw body and headers go, the count stays.
            queue.erased(pk, clock.instant());
            metrics.accept(QuarantiningReceiver.notStored(fetch.notice().source(), "erased"));
            return Result.ERASED;
        }
        boolean duplicate = result instanceof ResponseIntake.Duplicate;
        queue.done(pk, duplicate ? "duplicate" : "stored", clock.instant());
        return duplicate ? Result.DUPLICATE : Result.STORED;
    }

    private Result quarantine(String pk, PendingFetch fetch, String reason) {
        var now = clock.instant();
        var source = fetch.notice().source();
        quarantine.hold(new QuarantinedRequest(QuarantinedRequest.newId(now), fetch.receivedAt(), source, null, 202, QuarantiningReceiver.FETCH_FAILED,
                "The response could not be read from the " + source + " API: " + reason + ".",
                fetch.headers(), fetch.body(), false, true, 0, null));
        queue.quarantined(pk, reason, now);
        metrics.accept(QuarantiningReceiver.metric(source, QuarantiningReceiver.FETCH_FAILED));
        metrics.accept(QuarantiningReceiver.notStored(source, QuarantiningReceiver.FETCH_FAILED));
        return Result.QUARANTINED;
    }

    private void waitBefore(Duration wait) {
        try {
            pause.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
