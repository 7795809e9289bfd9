package io.npsloop.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Lambda's event filtering of a DynamoDB stream record, for the part of the pattern syntax the
 * template uses: lists of exact values, and {@code {"exists": true}} for a leaf that must be there.
 * A filter written once as a pattern runs the same here as in AWS.
 */
public final class EventPatterns {

    private EventPatterns() {}

    /** The records a filter pattern (as template.yaml's FilterCriteria hold it) lets through. */
    public static Predicate<DynamodbEvent.DynamodbStreamRecord> predicate(String pattern) {
        Map<String, Object> parsed;
        try {
            parsed = JSON.std.mapFrom(pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return record -> matches(parsed, asLambdaSees(record));
    }

    /** Whether an event, as Lambda's filter sees it (JSON), matches a parsed pattern. */
    @SuppressWarnings("unchecked")
    public static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (var entry : pattern.entrySet()) {
            var value = event.get(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested) {
                if (!(value instanceof Map<?, ?> inner) || !matches((Map<String, Object>) nested, (Map<String, Object>) inner)) {
                    return false;
                }
            } else if (!((List<Object>) entry.getValue()).stream().anyMatch(allowed -> allowed instanceof Map<?, ?> rule
                    ? Boolean.TRUE.equals(rule.get("exists")) == (value != null) : allowed.equals(value))) {
                return false;
            }
        }
        return true;
    }

    /** The record as the JSON Lambda filters: its event name and its images in DynamoDB's typed form. */
    static Map<String, Object> asLambdaSees(DynamodbEvent.DynamodbStreamRecord record) {
        var dynamodb = new LinkedHashMap<String, Object>();
        var change = record.getDynamodb();
        if (change != null) {
            if (change.getNewImage() != null) {
                dynamodb.put("NewImage", image(change.getNewImage()));
            }
            if (change.getOldImage() != null) {
                dynamodb.put("OldImage", image(change.getOldImage()));
            }
        }
        var event = new LinkedHashMap<String, Object>();
        event.put("eventName", record.getEventName());
        event.put("dynamodb", dynamodb);
        return event;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> image) {
        var typed = new LinkedHashMap<String, Object>();
        image.forEach((name, value) -> typed.put(name, typed(value)));
        return typed;
    }

    private static Map<String, Object> typed(AttributeValue value) {
        if (value.getS() != null) {
            return Map.of("S", value.getS());
        }
        if (value.getN() != null) {
            return Map.of("N", value.getN());
        }
        if (value.getBOOL() != null) {
            return Map.of("BOOL", value.getBOOL());
        }
        if (value.getM() != null) {
            return Map.of("M", image(value.getM()));
        }
        if (value.getL() != null) {
            return Map.of("L", value.getL().stream().map(EventPatterns::typed).toList());
        }
        // Sets and binaries: present, which is all the template's patterns ask of them.
        return Map.of("SS", List.of());
    }
}
