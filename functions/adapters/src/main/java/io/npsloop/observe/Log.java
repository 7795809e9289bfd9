package io.npsloop.observe;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Structured logs and metrics of one invocation: every line is one JSON object carrying the
 * function, the Lambda request id and a correlation id that follows a webhook from ingest
 * through dispatch to its case (the follow-up id {@code <source>:<responseId>}). Lines hold ids,
 * outcomes and error types only, never a request body, a name, an email or a comment.
 */
public final class Log {

    private final Consumer<String> sink;
    private final String function;
    private final String requestId;
    private final Clock clock;

    public Log(Consumer<String> sink, String function, String requestId, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.function = Objects.requireNonNull(function, "function");
        this.requestId = requestId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A line at {@code level} with {@code fields} as name, value pairs (null values are left out). */
    public void log(String level, String message, String correlationId, Object... fields) {
        var line = new JsonLine()
                .field("timestamp", clock.instant().toString())
                .field("level", level)
                .field("function", function)
                .field("requestId", requestId)
                .field("correlationId", correlationId)
                .field("message", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.field(String.valueOf(fields[i]), fields[i + 1]);
        }
        sink.accept(line.toString());
    }

    public void info(String message, String correlationId, Object... fields) {
        log("INFO", message, correlationId, fields);
    }

    public void error(String message, String correlationId, Object... fields) {
        log("ERROR", message, correlationId, fields);
    }

    /** One CloudWatch metric in embedded metric format, written to the same log. */
    public void metric(String name, long value, String correlationId, String... dimensions) {
        sink.accept(Metrics.emf(name, value, clock.millis(), correlationId, dimensions));
    }
}
