package io.npsloop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.aws.AwsClients;
import io.npsloop.aws.DynamoDbResponseStore;
import io.npsloop.cases.DynamoDbCases;
import io.npsloop.config.Settings;
import io.npsloop.dispatch.DispatchFunction;
import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseKey;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.Score;
import io.npsloop.domain.intake.SurveyResponse;
import io.npsloop.domain.intake.ValueTiers;
import io.npsloop.domain.policy.HoldoutAssignment;
import io.npsloop.domain.policy.PolicySettings;
import io.npsloop.domain.policy.RationedPolicy;
import io.npsloop.domain.policy.RespondentHistory;
import io.npsloop.local.LocalAws;
import io.npsloop.local.LocalContext;
import io.npsloop.local.QueueEventSource;
import io.npsloop.local.StreamEventSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Follow-ups published by the dispatch function reach the chat function as in AWS: SNS to an SQS
 * queue subscribed to the topic (fauxqs), then an SQS event; Slack and Teams are a local HTTP
 * server ({@link FakeChatWebhooks}), since no emulator exists for them.
 */
class ChatFunctionIntegrationTest {

    private static final RationedPolicy NO_HOLDOUT =
            new RationedPolicy(PolicySettings.DEFAULTS.withHoldout(HoldoutAssignment.percent(0, "test")));
    private static final String RING = "k1=" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
    static final String HOSTILE = "<!channel> <script>alert(1)</script> *bold* <https://evil.example|click> <@U123> & more";

    private final LocalAws aws = LocalAws.shared();
    private final String name = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    private final LocalAws.Resources resources = aws.provision(name);
    private final String chatQueue = aws.sqs().createQueue(r -> r.queueName(name + "-chat")
            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
    private final String chatDeadLetters = aws.sqs().createQueue(r -> r.queueName(name + "-chat-dlq")).queueUrl();
    private final FakeChatWebhooks hooks = new FakeChatWebhooks();

    ChatFunctionIntegrationTest() {
        var arn = aws.sqs().getQueueAttributes(r -> r.queueUrl(chatQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        // Enveloped, as template.yaml subscribes the chat queue.
        aws.sns().subscribe(r -> r.topicArn(resources.topicArn()).protocol("sqs").endpoint(arn));
    }

    @AfterEach
    void stop() {
        hooks.close();
    }

    private Map<String, String> env(String routes) {
        var env = new HashMap<>(aws.environment());
        env.put("TABLE_NAME", resources.tableName());
        env.put("TOPIC_ARN", resources.topicArn());
        env.put("ACTION_LINK_KEYS", RING);
        env.put("PUBLIC_BASE_URL", "https://nps.example.com");
        env.put("CHAT_ROUTES", routes);
        env.put("CHAT_WEBHOOKS", "/nps-loop/chat/vip=" + hooks.url("/vip") + ";/nps-loop/chat/teams=" + hooks.url("/teams")
                + ";/nps-loop/chat/support=" + hooks.url("/support"));
        env.put("CHAT_DEAD_LETTER_QUEUE_URL", chatDeadLetters);
        return env;
    }

    private static final String ROUTES = "recovery:high=/nps-loop/chat/vip,slack;referral=/nps-loop/chat/teams,teams;"
            + "*=/nps-loop/chat/support,slack";

    /** Stores three answers and publishes their follow-ups through the dispatch function and the table's stream. */
    private void publishFollowUps(Map<String, String> env, Instant now) {
        store("r-vip", 2, new BigDecimal("25000"), HOSTILE, now);
        store("r-mid", 3, new BigDecimal("2000"), "Slow support", now);
        store("r-fan", 10, new BigDecimal("5000"), "Love it", now);
        var dispatch = new DispatchFunction(new Settings(env));
        try (var source = new StreamEventSource(aws.dynamoDbStreams(), aws.sqs(), resources.streamArn(),
                event -> dispatch.handleRequest(event, new LocalContext("dispatch")),
                StreamEventSource.Options.defaults(resources.deadLetterQueueUrl()))) {
            source.drain(Duration.ofMillis(300));
        }
    }

    private void store(String responseId, int score, BigDecimal value, String comment, Instant now) {
        var response = new SurveyResponse(new ResponseKey("generic", responseId), "q4",
                new Respondent("cust-" + responseId, responseId + "@example.com", "Ana " + responseId, "acct-" + responseId, "en", value),
                new Score(score), comment, now.minusSeconds(60));
        new DynamoDbResponseStore(aws.dynamoDb(), resources.tableName(), Duration.ofDays(30), Clock.systemUTC())
                .store(new ResponseRecord(response, ValueTiers.DEFAULT.tierOf(value),
                        NO_HOLDOUT.decide(response, RespondentHistory.NONE, now), now), RespondentHistory.NONE);
    }

    /** One poll as Lambda's SQS event source makes it: the messages not reported as failures are deleted. */
    private SQSBatchResponse deliver(ChatFunction chat) {
        var received = new ArrayList<Message>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            // Hidden for longer than this poll takes, as Lambda's visibility timeout does.
            var batch = aws.sqs().receiveMessage(r -> r.queueUrl(chatQueue).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(3).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty() && !received.isEmpty()) {
                break;
            }
            batch.stream().filter(m -> received.stream().noneMatch(r -> r.messageId().equals(m.messageId()))).forEach(received::add);
        }
        return QueueEventSource.deliver(aws, chatQueue, received, event -> chat.handleRequest(event, new LocalContext("chat")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return JSON.std.mapFrom(text);
    }

    /** Every text object of a Block Kit message, as {type, text}. */
    @SuppressWarnings("unchecked")
    private static void texts(Object node, List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            if (("plain_text".equals(map.get("type")) || "mrkdwn".equals(map.get("type"))) && map.get("text") instanceof String) {
                into.add((Map<String, Object>) map);
            }
            map.values().forEach(value -> texts(value, into));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> texts(value, into));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachFollowUpIsPostedOnceToItsRouteWithItsLinksAndAHostileCommentArrivesInert() throws Exception {
        var env = env(ROUTES);
        publishFollowUps(env, Instant.now());
        var settings = new Settings(env);
        var chat = new ChatFunction(settings, new AwsClients(settings), Clock.systemUTC());

        var response = deliver(chat);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(hooks.posts("/vip")).hasSize(1);
        assertThat(hooks.posts("/support")).hasSize(1);
        assertThat(hooks.posts("/teams")).hasSize(1);

        // Slack: the high-value recovery, with a url button to its case in the desk, then one per signed link.
        var vip = hooks.posts("/vip").get(0).body();
        var message = json(vip);
        var blocks = (List<Map<String, Object>>) message.get("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackMessages.MAX_BLOCKS);
        var actions = blocks.stream().filter(b -> "actions".equals(b.get("type"))).findFirst().orElseThrow();
        var buttons = (List<Map<String, Object>>) actions.get("elements");
        assertThat(buttons).extracting(b -> ((Map<String, Object>) b.get("text")).get("text"))
                .containsExactly("Open in the desk", "Contacted", "Resolved", "Unresolved");
        assertThat(buttons.get(0).get("url")).isEqualTo("https://nps.example.com/desk/#/cases/generic%3Ar-vip");
        assertThat(buttons.subList(1, buttons.size()))
                .allSatisfy(b -> assertThat((String) b.get("url")).startsWith("https://nps.example.com/desk/act?t="));
        assertThat(buttons).extracting(b -> b.get("action_id")).doesNotHaveDuplicates();
        assertThat(vip).contains("Ana r-vip").contains("Value tier: high").contains("Score: 2 (detractor)");

        // The comment: no mention, link or tag survives as Slack syntax; every piece of it sits in plain_text.
        assertThat(vip).doesNotContain("<!channel>").doesNotContain("<@U123>").doesNotContain("<https://evil")
                .doesNotContain("<script>");
        var texts = new ArrayList<Map<String, Object>>();
        texts(message, texts);
        var comment = texts.stream().filter(t -> ((String) t.get("text")).contains("bold")).toList();
        assertThat(comment).singleElement().satisfies(t -> {
            assertThat(t.get("type")).isEqualTo("plain_text");
            assertThat((String) t.get("text")).isEqualTo(
                    "&lt;!channel&gt; &lt;script&gt;alert(1)&lt;/script&gt; *bold* &lt;https://evil.example|click&gt; &lt;@U123&gt; &amp; more");
        });
        assertThat(texts.stream().filter(t -> "mrkdwn".equals(t.get("type"))).map(t -> (String) t.get("text")))
                .noneMatch(text -> text.contains("evil") || text.contains("Ana"));

        // Teams: the referral as an Adaptive Card in a message, the links as Action.OpenUrl.
        var card = json(hooks.posts("/teams").get(0).body());
        assertThat(card.get("type")).isEqualTo("message");
        var attachment = ((List<Map<String, Object>>) card.get("attachments")).get(0);
        assertThat(attachment.get("contentType")).isEqualTo("application/vnd.microsoft.card.adaptive");
        var content = (Map<String, Object>) attachment.get("content");
        assertThat(content.get("type")).isEqualTo("AdaptiveCard");
        assertThat(content.get("version")).isEqualTo("1.4");
        var openUrls = (List<Map<String, Object>>) content.get("actions");
        assertThat(openUrls).extracting(a -> a.get("type")).containsOnly("Action.OpenUrl");
        assertThat(openUrls).extracting(a -> a.get("title")).containsExactly("Open in the desk", "Contacted", "Resolved");
        assertThat(openUrls.get(0).get("url")).isEqualTo("https://nps.example.com/desk/#/cases/generic%3Ar-fan");
        assertThat(hooks.posts("/teams").get(0).body()).contains("Ana r-fan").contains("Love it").contains("Referral follow-up");
    }

    @Test
    void throttlingKeepsTheMessageForALaterTryAndRefusalsGoToTheDeadLetterQueueAtOnce() throws Exception {
        var env = env(ROUTES);
        publishFollowUps(env, Instant.now());
        var settings = new Settings(env);
        var chat = new ChatFunction(settings, new AwsClients(settings), Clock.systemUTC());
        hooks.answer("/vip", FakeChatWebhooks.Answer.THROTTLED);
        hooks.answer("/support", FakeChatWebhooks.Answer.INVALID_PAYLOAD);
        hooks.answer("/teams", FakeChatWebhooks.Answer.NO_SERVICE);

        var first = deliver(chat);

        assertThat(first.getBatchItemFailures()).hasSize(1);
        var dead = aws.receiveAll(chatDeadLetters, Duration.ofMillis(500));
        assertThat(dead).hasSize(2);
        var errors = new ArrayList<String>();
        for (var message : dead) {
            assertThat(FollowUpMessage.fromSqsBody(message.body()).followUpId()).isIn("generic:r-mid", "generic:r-fan");
            errors.add(message.messageAttributes().isEmpty() ? "" : message.messageAttributes().get("error").stringValue());
        }
        assertThat(errors).containsExactlyInAnyOrder("invalid_payload", "no_service");

        // The throttled one comes back after the visibility timeout and goes through.
        Thread.sleep(3200);
        var second = deliver(chat);
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(hooks.posts("/vip")).hasSize(2);
        assertThat(aws.sqs().receiveMessage(r -> r.queueUrl(chatQueue).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDigestListsNewFollowUpsOverdueCasesAndYesterdaysShareContactedInTime() throws Exception {
        var env = env("recovery=/nps-loop/chat/support,digest,slack;referral=/nps-loop/chat/teams,teams");
        var now = Instant.now();
        publishFollowUps(env, now);
        var cases = new DynamoDbCases(aws.dynamoDb(), resources.tableName());
        var due = cases.find(new ResponseKey("generic", "r-vip")).orElseThrow().followUp().dueAt();
        // The digest runs the morning after both recoveries fell due; they were kept an hour before.
        var digestAt = due.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(30));
        var settings = new Settings(env);
        var chat = new ChatFunction(settings, new AwsClients(settings), Clock.fixed(digestAt.minus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThat(deliver(chat).getBatchItemFailures()).isEmpty();
        assertThat(hooks.posts("/support")).as("kept, not posted").isEmpty();
        assertThat(hooks.posts("/teams")).as("the referral's route posts each").hasSize(1);
        // Someone contacted the VIP before its due time; nobody touched the other.
        cases.record(new ResponseKey("generic", "r-vip"), new CaseEvent(CaseEvent.Type.CONTACTED, now.plusSeconds(1), "lead", null));

        var digest = new ChatDigestFunction(settings, new AwsClients(settings), Clock.fixed(digestAt, ZoneOffset.UTC));
        assertThat(digest.handleRequest(null, new LocalContext("chat-digest"))).containsEntry("posted", 1);

        assertThat(hooks.posts("/support")).hasSize(1);
        var body = hooks.posts("/support").get(0).body();
        var message = json(body);
        assertThat((String) message.get("text")).isEqualTo("Follow-up digest: 2 new, 2 overdue");
        assertThat(body).contains("50% (1 of 2)").contains("Ana r-vip").contains("Ana r-mid").doesNotContain("Ana r-fan")
                .doesNotContain("<!channel>").contains("Contacted within SLA on " + due.atZone(ZoneOffset.UTC).toLocalDate());
        var blocks = (List<Map<String, Object>>) message.get("blocks");
        var linkBlocks = blocks.stream().filter(b -> "actions".equals(b.get("type"))).toList();
        assertThat(linkBlocks).as("the links of each new follow-up").hasSize(2);
        assertThat(linkBlocks).extracting(b -> ((List<Map<String, Object>>) b.get("elements")).get(0).get("url")).as("the desk first")
                .containsExactlyInAnyOrder("https://nps.example.com/desk/#/cases/generic%3Ar-vip",
                        "https://nps.example.com/desk/#/cases/generic%3Ar-mid");
        // Both recoveries are also overdue: each line opens its case in the desk.
        var overdue = blocks.subList(blocks.indexOf(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*Overdue open cases*"))),
                blocks.size()).stream().filter(b -> b.containsKey("accessory")).toList();
        assertThat(overdue).extracting(b -> ((Map<String, Object>) b.get("accessory")).get("url"))
                .containsExactlyInAnyOrder("https://nps.example.com/desk/#/cases/generic%3Ar-vip",
                        "https://nps.example.com/desk/#/cases/generic%3Ar-mid");
        assertThat(overdue).extracting(b -> ((Map<String, Object>) ((Map<String, Object>) b.get("accessory")).get("text")).get("text"))
                .containsOnly("Open in the desk");
        assertThat(overdue).extracting(b -> (String) ((Map<String, Object>) b.get("text")).get("text"))
                .allSatisfy(line -> assertThat(line).startsWith("Recovery · Ana r-"));

        // A retried run the same morning posts nothing twice.
        assertThat(digest.handleRequest(null, new LocalContext("chat-digest"))).containsEntry("posted", 0);
        assertThat(hooks.posts("/support")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTeamsDigestOpensEachOverdueCaseInTheDesk() throws Exception {
        var env = env("recovery=/nps-loop/chat/teams,digest,teams");
        publishFollowUps(env, Instant.now());
        var due = new DynamoDbCases(aws.dynamoDb(), resources.tableName()).find(new ResponseKey("generic", "r-vip")).orElseThrow().followUp().dueAt();
        var settings = new Settings(env);

        var digest = new ChatDigestFunction(settings, new AwsClients(settings),
                Clock.fixed(due.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(30)), ZoneOffset.UTC));
        assertThat(digest.handleRequest(null, new LocalContext("chat-digest"))).containsEntry("posted", 1);

        var card = json(hooks.posts("/teams").get(0).body());
        var content = (Map<String, Object>) ((List<Map<String, Object>>) card.get("attachments")).get(0).get("content");
        var body = (List<Map<String, Object>>) content.get("body");
        var heading = body.stream().filter(b -> "Overdue open cases".equals(b.get("text"))).findFirst().orElseThrow();
        var overdue = body.subList(body.indexOf(heading), body.size()).stream().filter(b -> "ActionSet".equals(b.get("type")))
                .map(b -> ((List<Map<String, Object>>) b.get("actions")).get(0)).toList();
        assertThat(overdue).extracting(a -> a.get("type")).containsOnly("Action.OpenUrl");
        assertThat(overdue).extracting(a -> a.get("title")).containsOnly("Open in the desk");
        assertThat(overdue).extracting(a -> a.get("url")).containsExactlyInAnyOrder(
                "https://nps.example.com/desk/#/cases/generic%3Ar-vip", "https://nps.example.com/desk/#/cases/generic%3Ar-mid");
    }
}
