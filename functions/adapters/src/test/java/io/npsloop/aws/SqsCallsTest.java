package io.npsloop.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.npsloop.config.Settings;
import io.npsloop.local.LocalAws;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The signed SQS calls against fauxqs, read back with the SDK's own client. */
class SqsCallsTest {

    private final LocalAws aws = LocalAws.shared();
    private final SqsCalls sqs = new AwsClients(new Settings(aws.environment())).sqs(Duration.ofSeconds(5));
    private final String queue = aws.sqs().createQueue(r -> r.queueName("sqs-calls-" + UUID.randomUUID())).queueUrl();

    @Test
    void aMessageArrivesWithItsBodyAndStringAttributes() {
        sqs.send(queue, "{\"followUpId\":\"generic:r-1\"}", Map.of("connector", "zendesk", "error", "http_422"));

        var messages = aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1).messageAttributeNames("All")).messages();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).body()).isEqualTo("{\"followUpId\":\"generic:r-1\"}");
        var attributes = new HashMap<String, String>();
        messages.get(0).messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
        assertThat(attributes).containsOnly(Map.entry("connector", "zendesk"), Map.entry("error", "http_422"));
        assertThat(messages.get(0).messageAttributes().values()).extracting(MessageAttributeValue::dataType).containsOnly("String");
    }

    @Test
    void aMessageMadeVisibleAgainIsReceivedAgain() {
        aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody("again"));
        var first = aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1).visibilityTimeout(300)).messages();
        assertThat(first).hasSize(1);
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(0)).messages()).isEmpty();

        sqs.changeVisibility(queue, first.get(0).receiptHandle(), 0);

        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1)).messages())
                .extracting(m -> m.body()).containsExactly("again");
    }

    @Test
    void aRefusedOrUnreachableCallThrows() {
        var missing = queue + "-missing";
        assertThatThrownBy(() -> sqs.send(missing, "lost", Map.of())).isInstanceOf(SqsCalls.FailedException.class)
                .hasMessageStartingWith("SQS SendMessage answered 400");

        var env = new HashMap<>(aws.environment());
        env.put("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9");
        var unreachable = new AwsClients(new Settings(env)).sqs(Duration.ofSeconds(2));
        assertThatThrownBy(() -> unreachable.changeVisibility(queue, "handle", 10)).isInstanceOf(SqsCalls.FailedException.class)
                .hasMessage("SQS ChangeMessageVisibility: unreachable");
    }
}
