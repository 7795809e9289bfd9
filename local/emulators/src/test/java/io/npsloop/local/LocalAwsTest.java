package io.npsloop.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

class LocalAwsTest {

    private static LocalAws aws;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void provisionsTheProductsResources() {
        LocalAws.Resources resources = aws.provision("provisioning");

        TableDescription table = aws.dynamoDb().describeTable(r -> r.tableName(resources.tableName())).table();
        assertThat(table.keySchema()).containsExactly(
                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.streamSpecification().streamEnabled()).isTrue();
        assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(resources.streamArn()).isEqualTo(table.latestStreamArn()).isNotBlank();
        assertThat(aws.dynamoDb().describeTimeToLive(r -> r.tableName(resources.tableName()))
                .timeToLiveDescription())
                .satisfies(ttl -> {
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
                });

        assertThat(aws.sns().getTopicAttributes(r -> r.topicArn(resources.topicArn())).attributes())
                .containsEntry("TopicArn", resources.topicArn());
        assertThat(resources.followUpQueueUrl()).endsWith("/provisioning-followups");
        assertThat(resources.deadLetterQueueUrl()).endsWith("/provisioning-dispatch-dlq");
        assertThat(aws.sns().listSubscriptionsByTopic(r -> r.topicArn(resources.topicArn())).subscriptions())
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.protocol()).isEqualTo("sqs");
                    assertThat(s.endpoint()).endsWith(":provisioning-followups");
                });
    }

    @Test
    void provisioningTheSameNameTwiceReusesEverything() {
        LocalAws.Resources first = aws.provision("twice");
        LocalAws.Resources second = aws.provision("twice");

        assertThat(second).isEqualTo(first);
        assertThat(aws.sns().listSubscriptionsByTopic(r -> r.topicArn(first.topicArn())).subscriptions()).hasSize(1);
    }

    @Test
    void rejectsNamesTheServicesWouldRefuse() {
        assertThatThrownBy(() -> aws.provision("has space")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishedMessagesReachTheFollowUpQueueInTheirEnvelope() throws Exception {
        LocalAws.Resources resources = aws.provision("publishing");

        aws.sns().publish(r -> r.topicArn(resources.topicArn())
                .subject("Follow-up")
                .message("{\"responseId\":\"r-1\"}")
                .messageAttributes(Map.of(
                        "segment", MessageAttributeValue.builder().dataType("String").stringValue("detractor").build(),
                        "score", MessageAttributeValue.builder().dataType("Number").stringValue("3").build())));

        List<Message> messages = aws.receiveAll(resources.followUpQueueUrl(), Duration.ofSeconds(1));

        assertThat(messages).hasSize(1);
        Map<String, Object> envelope = JSON.std.mapFrom(messages.get(0).body());
        assertThat(envelope)
                .containsEntry("Type", "Notification")
                .containsEntry("TopicArn", resources.topicArn())
                .containsEntry("Subject", "Follow-up")
                .containsEntry("Message", "{\"responseId\":\"r-1\"}");
        assertThat(envelope.get("MessageAttributes")).isEqualTo(Map.of(
                "segment", Map.of("Type", "String", "Value", "detractor"),
                "score", Map.of("Type", "Number", "Value", "3")));
        assertThat(aws.receiveAll(resources.followUpQueueUrl(), Duration.ofMillis(200)))
                .as("receiveAll deletes what it returns")
                .isEmpty();
    }

    @Test
    void environmentPointsAFunctionAtTheEmulators() {
        Map<String, String> env = aws.environment();

        assertThat(env).containsOnlyKeys("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_S3");
        assertThat(env).containsEntry("AWS_REGION", "us-east-1")
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoDbEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", aws.dynamoDbEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SNS", aws.snsEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_SQS", aws.sqsEndpoint().toString())
                .containsEntry("AWS_ENDPOINT_URL_S3", aws.s3Endpoint().toString());
        assertThat(aws.region().id()).isEqualTo("us-east-1");
    }

    @Test
    void clientsAreBuiltOnce() {
        assertThat(aws.dynamoDb()).isSameAs(aws.dynamoDb());
        assertThat(aws.dynamoDbStreams()).isSameAs(aws.dynamoDbStreams());
        assertThat(aws.sns()).isSameAs(aws.sns());
        assertThat(aws.sqs()).isSameAs(aws.sqs());
    }
}
