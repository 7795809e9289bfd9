package io.npsloop.chat;

import io.npsloop.aws.TopicMessages;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A follow-up as the topic publishes it (the JSON documented in docs/policy.md), read from an SQS
 * message through {@link TopicMessages}. {@code links} are the
 * signed step links, by step; {@code caseLink} the case in the desk, null where the message has none.
 */
public record FollowUpMessage(
        String followUpId, String action, String escalates, int attempt, Instant dueAt,
        String name, String accountId, String valueTier,
        int score, String category, String comment, String source,
        Map<String, String> links, Instant linksExpireAt, String caseLink) {

    public FollowUpMessage {
        links = links == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
    }

    /** An escalation of an overdue case rather than a new follow-up. */
    public boolean escalation() {
        return escalates != null;
    }

    /** Reads an SQS body; IllegalArgumentException when it holds no follow-up (such a message never will). */
    public static FollowUpMessage fromSqsBody(String body) {
        var json = TopicMessages.json(body);
        if (!(json.get("followUpId") instanceof String id) || !(json.get("action") instanceof String action)) {
            throw new IllegalArgumentException("not a follow-up");
        }
        var who = map(json.get("respondent"));
        var answer = map(json.get("response"));
        var links = new LinkedHashMap<String, String>();
        var linkBlock = map(json.get("links"));
        map(linkBlock.get("actions")).forEach((step, url) -> {
            if (url instanceof String text) {
                links.put(String.valueOf(step), text);
            }
        });
        return new FollowUpMessage(id, action, string(json.get("escalates")),
                json.get("attempt") instanceof Number n ? n.intValue() : 1,
                instant(json.get("dueAt")),
                string(who.get("name")), string(who.get("accountId")), string(who.get("valueTier")),
                answer.get("score") instanceof Number n ? n.intValue() : -1,
                string(answer.get("category")), string(answer.get("comment")), string(answer.get("source")),
                links, instant(linkBlock.get("expiresAt")), string(linkBlock.get("case")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value) {
        return value instanceof String text ? text : null;
    }

    private static Instant instant(Object value) {
        try {
            return value instanceof String text ? Instant.parse(text) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
