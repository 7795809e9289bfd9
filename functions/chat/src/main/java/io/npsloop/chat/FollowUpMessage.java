package io.npsloop.chat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A follow-up as the topic publishes it (the JSON documented in the README), read from an SQS
 * message: enveloped (the SNS notification with {@code Message}) or raw (the message itself).
 * A publish with {@code MessageStructure=json} reaches a queue as its {@code sqs} or {@code default}
 * entry; an emulator that passes the whole structure on is read the same way.
 */
public record FollowUpMessage(
        String followUpId, String action, String escalates, int attempt, Instant dueAt,
        String name, String accountId, String valueTier,
        int score, String category, String comment, String source,
        Map<String, String> links, Instant linksExpireAt) {

    private static final Set<String> PROTOCOLS =
            Set.of("default", "email", "email-json", "sqs", "lambda", "http", "https", "sms", "application", "firehose");

    public FollowUpMessage {
        links = links == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(links));
    }

    /** An escalation of an overdue case rather than a new follow-up. */
    public boolean escalation() {
        return escalates != null;
    }

    /** Reads an SQS body; IllegalArgumentException when it holds no follow-up (such a message never will). */
    public static FollowUpMessage fromSqsBody(String body) {
        var outer = object(body, "the message is not JSON");
        Object message = outer;
        if ("Notification".equals(outer.get("Type")) && outer.get("Message") instanceof String enveloped) {
            message = enveloped.startsWith("{") ? object(enveloped, "the notification's message is not JSON") : enveloped;
        }
        if (message instanceof Map<?, ?> map && !map.isEmpty() && map.keySet().stream().allMatch(PROTOCOLS::contains)) {
            var entry = map.containsKey("sqs") ? map.get("sqs") : map.get("default");
            message = entry instanceof String text ? object(text, "the message's default entry is not JSON") : entry;
        }
        if (!(message instanceof Map<?, ?> json) || !(json.get("followUpId") instanceof String id) || !(json.get("action") instanceof String action)) {
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
                links, instant(linkBlock.get("expiresAt")));
    }

    private static Map<String, Object> object(String text, String failure) {
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(failure);
        }
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
