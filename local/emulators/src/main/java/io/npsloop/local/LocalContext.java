package io.npsloop.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Lambda context for invoking a handler in-process. Its logger also keeps every line, so a test
 * can assert on what a function logged.
 */
public final class LocalContext implements Context {

    private static final int REMAINING_MILLIS = 30_000;
    private static final int MEMORY_MB = 1024;

    private final String functionName;
    private final String requestId = UUID.randomUUID().toString();
    private final String logStreamName;
    private final RecordingLogger logger;

    public LocalContext(String functionName) {
        this(functionName, System.out);
    }

    public LocalContext(String functionName, PrintStream out) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.logger = new RecordingLogger(Objects.requireNonNull(out, "out"));
        this.logStreamName = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Every line logged through {@link #getLogger()}, oldest first. */
    public List<String> lines() {
        return List.copyOf(logger.lines);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + LocalAws.REGION.id() + ":000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return REMAINING_MILLIS;
    }

    @Override
    public int getMemoryLimitInMB() {
        return MEMORY_MB;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private static final class RecordingLogger implements LambdaLogger {
        private final PrintStream out;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        RecordingLogger(PrintStream out) {
            this.out = out;
        }

        @Override
        public void log(String message) {
            String line = String.valueOf(message);
            // One call is one log event; a trailing newline would only add a blank line.
            if (line.endsWith("\n")) {
                line = line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1));
            }
            lines.add(line);
            out.println(line);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(message);
        }
    }
}
