package io.npsloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalContextTest {

    @Test
    void keepsAndPrintsEveryLoggedLine() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        LocalContext context = new LocalContext("dispatch", new PrintStream(buffer, true, StandardCharsets.UTF_8));

        context.getLogger().log("first\n");
        context.getLogger().log("second".getBytes(StandardCharsets.UTF_8));
        context.getLogger().log("third", LogLevel.WARN);

        assertThat(context.lines()).containsExactly("first", "second", "third");
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo("first%nsecond%nthird%n".formatted());
    }

    @Test
    void looksLikeALambdaContext() {
        LocalContext context = new LocalContext("ingest");

        assertThat(context.getFunctionName()).isEqualTo("ingest");
        assertThat(context.getAwsRequestId()).isNotEqualTo(new LocalContext("ingest").getAwsRequestId());
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(30_000);
        assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(context.getInvokedFunctionArn()).endsWith(":function:ingest");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/ingest");
        assertThat(context.lines()).isEmpty();
    }
}
