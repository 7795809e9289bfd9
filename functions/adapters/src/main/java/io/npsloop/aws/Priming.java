package io.npsloop.aws;

import io.npsloop.observe.Log;
import io.npsloop.table.Table;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a function does before its SnapStart snapshot: reads and parsing only, so the classes,
 * the SDK's signing, endpoint rules and marshalling are in the snapshot rather than paid by the
 * first request after each restore. A step never writes. A failing step is logged by name and
 * error type and the others still run: a snapshot without priming is slower, not broken.
 */
public final class Priming {

    /** One read-only warm-up. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Bounds a read against an endpoint that does not answer, so the snapshot is not held up. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final String function;
    private final Consumer<String> sink;
    private final Clock clock;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    /** Logs to standard output, which Lambda keeps with the function's logs; no invocation's logger exists yet. */
    public Priming(String function, Clock clock) {
        this(function, System.out::println, clock);
    }

    public Priming(String function, Consumer<String> sink, Clock clock) {
        this.function = Objects.requireNonNull(function, "function");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Priming step(String name, Step step) {
        steps.put(name, Objects.requireNonNull(step, name));
        return this;
    }

    /**
     * Runs every step and logs one line: how many ran, which failed and with what error type (never a
     * message, which could quote data), and how long it took. Never throws.
     *
     * @return the steps that failed, as {@code name:ErrorType}
     */
    public List<String> run() {
        long started = System.nanoTime();
        var failed = new ArrayList<String>();
        for (var step : steps.entrySet()) {
            try {
                step.getValue().run();
            } catch (Throwable e) {
                // Errors too (a class that fails to link): nothing here may stop the snapshot.
                failed.add(step.getKey() + ":" + e.getClass().getSimpleName());
            }
        }
        try {
            new Log(sink, function, null, clock).log(failed.isEmpty() ? "INFO" : "WARN", "primed", null,
                    "steps", steps.size(), "failed", failed.isEmpty() ? null : String.join(",", failed),
                    "ms", Math.round((System.nanoTime() - started) / 1e6));
        } catch (RuntimeException e) {
            // A log line is not worth a failed snapshot.
        }
        return List.copyOf(failed);
    }

    /**
     * A strongly consistent {@code GetItem} of a key nothing writes: the same client, signing,
     * endpoint and connection as the function's own reads, and no item, so no data in the snapshot.
     */
    public static Step absentItem(DynamoDbClient dynamoDb, String table) {
        return () -> dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Table.ABSENT_KEY)
                .overrideConfiguration(o -> o.apiCallTimeout(READ_TIMEOUT)));
    }
}
