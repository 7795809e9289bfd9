package io.npsloop.aws;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The JSON a topic subscriber's SQS message carries: enveloped (the SNS notification with
 * {@code Message}) or raw (the message itself). A publish with {@code MessageStructure=json} reaches a
 * queue as its {@code sqs} or {@code default} entry; an emulator that passes the whole structure on
 * is read the same way. Every consumer of the follow-up topic reads its messages through here.
 */
public final class TopicMessages {

    private static final Set<String> PROTOCOLS =
            Set.of("default", "email", "email-json", "sqs", "lambda", "http", "https", "sms", "application", "firehose");

    private TopicMessages() {}

    /** The published JSON object; IllegalArgumentException when the body holds none. */
    public static Map<?, ?> json(String sqsBody) {
        var outer = object(sqsBody, "the message is not JSON");
        Object message = outer;
        if ("Notification".equals(outer.get("Type")) && outer.get("Message") instanceof String enveloped) {
            message = enveloped.startsWith("{") ? object(enveloped, "the notification's message is not JSON") : enveloped;
        }
        if (message instanceof Map<?, ?> map && !map.isEmpty() && map.keySet().stream().allMatch(PROTOCOLS::contains)) {
            var entry = map.containsKey("sqs") ? map.get("sqs") : map.get("default");
            message = entry instanceof String text ? object(text, "the message's default entry is not JSON") : entry;
        }
        if (!(message instanceof Map<?, ?> json)) {
            throw new IllegalArgumentException("the message is not a JSON object");
        }
        return json;
    }

    private static Map<String, Object> object(String text, String failure) {
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(failure);
        }
    }
}
