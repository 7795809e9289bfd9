package io.npsloop.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SNS notification as an SQS subscriber receives it (enveloped delivery): subject, message
 * and message attributes.
 *
 * <p>For a publish with {@code MessageStructure=json}, AWS delivers the {@code sqs} entry of the
 * structure, else its {@code default} entry. The emulator delivers the whole structure instead,
 * so this picks the entry AWS would have delivered; a plain message passes through unchanged.
 */
public record SnsDelivery(String messageId, String subject, String message, Map<String, String> attributes) {

    public static SnsDelivery fromSqsBody(String body) {
        try {
            var envelope = JSON.std.mapFrom(body);
            var message = (String) envelope.get("Message");
            var attributes = new LinkedHashMap<String, String>();
            if (envelope.get("MessageAttributes") instanceof Map<?, ?> raw) {
                raw.forEach((name, value) -> {
                    if (value instanceof Map<?, ?> typed && typed.get("Value") instanceof String text) {
                        attributes.put((String) name, text);
                    }
                });
            }
            return new SnsDelivery(
                    (String) envelope.get("MessageId"), (String) envelope.get("Subject"), sqsEntry(message), attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("not an SNS envelope: " + e.getMessage(), e);
        }
    }

    private static String sqsEntry(String message) {
        if (message == null || !message.startsWith("{")) {
            return message;
        }
        try {
            var structure = JSON.std.mapFrom(message);
            if (structure.get("sqs") instanceof String sqs) {
                return sqs;
            }
            if (structure.get("default") instanceof String fallback && structure.keySet().stream().allMatch(SnsDelivery::isProtocolKey)) {
                return fallback;
            }
            return message;
        } catch (IOException e) {
            return message;
        }
    }

    private static boolean isProtocolKey(String key) {
        return switch (key) {
            case "default", "email", "email-json", "sqs", "lambda", "http", "https", "sms", "application", "firehose" -> true;
            default -> false;
        };
    }

    /** The message parsed as JSON, for follow-ups published by the dispatch function. */
    public Map<String, Object> json() {
        try {
            return JSON.std.mapFrom(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
