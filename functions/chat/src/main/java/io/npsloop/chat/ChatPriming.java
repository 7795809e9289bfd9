package io.npsloop.chat;

import io.npsloop.aws.Priming;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The chat functions' priming: a read of the table, and a made-up follow-up read from a queue
 * message and written as a Slack message and a Teams card (or a made-up digest). No webhook is
 * read: a URL is a credential and must not sit in a snapshot; nothing is posted or sent.
 */
final class ChatPriming {

    private ChatPriming() {}

    static Priming forFollowUps(DynamoDbClient dynamoDb, String table, Clock clock) {
        return new Priming("chat", clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("message", () -> {
                    var message = FollowUpMessage.fromSqsBody(sampleBody(clock));
                    SlackMessages.followUp(message);
                    TeamsCards.followUp(message);
                });
    }

    static Priming forDigests(DynamoDbClient dynamoDb, String table, Clock clock) {
        return new Priming("chat-digest", clock)
                .step("table", Priming.absentItem(dynamoDb, table))
                .step("digest", () -> {
                    var now = clock.instant();
                    var entry = new Digest.Entry("priming:sample", "recovery", "Customer without a name", "unknown", "0 (detractor)",
                            "(no comment)", now, Map.of("contacted", "https://priming.invalid/desk/act?t=sample"),
                            "https://priming.invalid/desk/#/cases/priming%3Asample");
                    var digest = new Digest(now.minus(Duration.ofDays(1)), List.of(entry), 1, List.of(entry), 1,
                            LocalDate.ofInstant(now, java.time.ZoneOffset.UTC), 1, 1);
                    SlackMessages.digest(digest);
                    TeamsCards.digest(digest);
                });
    }

    /** A follow-up as the topic's subscription delivers it to the queue: an SNS notification around the JSON. */
    static String sampleBody(Clock clock) {
        var now = clock.instant().toString();
        var followUp = new LinkedHashMap<String, Object>();
        followUp.put("followUpId", "priming:sample");
        followUp.put("action", "recovery");
        followUp.put("dueAt", now);
        followUp.put("respondent", Map.of("valueTier", "unknown"));
        followUp.put("response", Map.of("source", "priming", "score", 0, "category", "detractor"));
        followUp.put("links", Map.of("case", "https://priming.invalid/desk/#/cases/priming%3Asample", "expiresAt", now,
                "actions", Map.of("contacted", "https://priming.invalid/desk/act?t=sample")));
        return ChatText.json(Map.of("Type", "Notification", "Message", ChatText.json(followUp)));
    }
}
