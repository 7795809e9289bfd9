package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.local.StreamEventSource;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local stack's stream filter must let through exactly what the template's filter criteria
 * let through in AWS, or local runs would prove nothing about the deployed dispatch function.
 */
class TemplateFilterTest {

    private static final Pattern FILTER_LINE = Pattern.compile("- Pattern: '(\\{.*})'");

    private static Map<String, Object> templatePattern() throws Exception {
        var template = Files.readString(Main.findEvents().getParent().getParent().resolve("template.yaml"));
        var matcher = FILTER_LINE.matcher(template);
        assertThat(matcher.find()).as("template.yaml has the dispatch filter pattern").isTrue();
        return JSON.std.mapFrom(matcher.group(1));
    }

    /** Event filtering as Lambda applies it, for the part of the syntax the template uses: lists of exact values. */
    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (var entry : pattern.entrySet()) {
            var value = event.get(entry.getKey());
            if (entry.getValue() instanceof Map<?, ?> nested) {
                if (!(value instanceof Map<?, ?> inner) || !matches((Map<String, Object>) nested, (Map<String, Object>) inner)) {
                    return false;
                }
            } else if (!((List<Object>) entry.getValue()).contains(value)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> asLambdaSees(String eventName, String status) {
        Map<String, Object> newImage = new HashMap<>();
        if (!status.equals("-")) {
            newImage.put("followUpStatus", Map.of("S", status));
        }
        Map<String, Object> dynamodb = eventName.equals("REMOVE") ? Map.of() : Map.of("NewImage", newImage);
        return Map.of("eventName", eventName, "dynamodb", dynamodb);
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventName, String status) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        if (!eventName.equals("REMOVE")) {
            var image = new HashMap<String, AttributeValue>();
            if (!status.equals("-")) {
                image.put("followUpStatus", new AttributeValue().withS(status));
            }
            change.setNewImage(image);
        }
        record.setDynamodb(change);
        return record;
    }

    @ParameterizedTest(name = "{0} with followUpStatus {1}")
    @CsvSource({
        "INSERT, pending", "MODIFY, pending",
        "INSERT, none", "MODIFY, sent", "REMOVE, pending",
        "INSERT, -", "MODIFY, -"
    })
    void localFilterAgreesWithTheTemplate(String eventName, String status) throws Exception {
        boolean deployed = matches(templatePattern(), asLambdaSees(eventName, status));
        boolean local = StreamEventSource.PENDING_FOLLOW_UPS.test(record(eventName, status));

        assertThat(local).isEqualTo(deployed);
        assertThat(deployed).isEqualTo(status.equals("pending") && !eventName.equals("REMOVE"));
    }

}
