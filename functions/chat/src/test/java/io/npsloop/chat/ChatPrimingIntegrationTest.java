package io.npsloop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.npsloop.aws.AwsClients;
import io.npsloop.config.Settings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hook SnapStart runs before the chat functions' snapshots, against DynamoDB Local: reads only, no webhook read, nothing posted. */
class ChatPrimingIntegrationTest {

    private final io.npsloop.local.LocalAws aws = io.npsloop.local.LocalAws.shared();
    private final io.npsloop.local.LocalAws.Resources resources = aws.provision("chat-prime-" + UUID.randomUUID().toString().substring(0, 8));
    private final FakeChatWebhooks hooks = new FakeChatWebhooks();

    @AfterEach
    void stop() {
        hooks.close();
    }

    private Settings settings(Map<String, String> overrides) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("CHAT_ROUTES", "recovery=/c/now,slack;*=/c/daily,slack,digest");
        env.put("CHAT_WEBHOOKS", "/c/now=" + hooks.url("/now") + ";/c/daily=" + hooks.url("/daily"));
        env.putAll(overrides);
        return new Settings(env);
    }

    @Test
    void primingReadsButLeavesNoItemAndPostsNothing() {
        var settings = settings(Map.of());
        var chat = new ChatFunction(settings, new AwsClients(settings), Clock.systemUTC());
        var digest = new ChatDigestFunction(settings, new AwsClients(settings), Clock.systemUTC());

        assertThat(chat.prime()).isEmpty();
        assertThat(digest.prime()).isEmpty();
        chat.beforeCheckpoint(null);
        digest.beforeCheckpoint(null);

        assertThat(aws.dynamoDb().scan(r -> r.tableName(resources.tableName())).items()).isEmpty();
        assertThat(hooks.posts("/now")).isEmpty();
        assertThat(hooks.posts("/daily")).isEmpty();
    }

    @Test
    void primingWithDynamoDbUnreachableReportsTheReadAndDoesNotThrow() {
        var settings = settings(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1"));
        var chat = new ChatFunction(settings, new AwsClients(settings), Clock.systemUTC());
        var digest = new ChatDigestFunction(settings, new AwsClients(settings), Clock.systemUTC());

        assertThatCode(() -> chat.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(chat.prime()).singleElement().asString().startsWith("table:");
        assertThat(digest.prime()).singleElement().asString().startsWith("table:");
    }

    @Test
    void theSampleMessageIsReadAsTheQueueDeliversAFollowUp() {
        var message = FollowUpMessage.fromSqsBody(ChatPriming.sampleBody(Clock.systemUTC()));
        assertThat(message.followUpId()).isEqualTo("priming:sample");
        assertThat(message.caseLink()).isNotNull();
        assertThat(message.links()).containsOnlyKeys("contacted");
    }
}
