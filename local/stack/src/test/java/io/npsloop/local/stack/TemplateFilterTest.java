package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.connectors.hubspot.HubSpotFunction;
import io.npsloop.connectors.zendesk.ZendeskFunction;
import io.npsloop.local.StreamEventSource;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local stack's stream filter must let through exactly what the template's filter criteria
 * let through in AWS, or local runs would prove nothing about the deployed dispatch function.
 */
class TemplateFilterTest {

    private static final Pattern FILTER_LINE = Pattern.compile("- Pattern: '(\\{.*})'");

    /** Lambda invokes for a record that any of the filters matches. */
    private static List<Map<String, Object>> templatePatterns() throws Exception {
        var patterns = allPatterns().stream().filter(p -> !p.contains("fetchStatus") && !p.contains("\"type\"")).toList();
        assertThat(patterns).as("template.yaml has the dispatch filter patterns").hasSize(2);
        return parsed(patterns);
    }

    /** The counters function's filter: the two patterns about item types (written or changed; open cases removed). */
    private static List<Map<String, Object>> countersPatterns() throws Exception {
        var patterns = allPatterns().stream().filter(p -> p.contains("\"type\"")).toList();
        assertThat(patterns).as("template.yaml has the counters filter patterns").hasSize(2);
        return parsed(patterns);
    }

    /** The fetch function's filter: the one pattern about pending fetches. */
    private static List<Map<String, Object>> fetchPatterns() throws Exception {
        var patterns = allPatterns().stream().filter(p -> p.contains("fetchStatus")).toList();
        assertThat(patterns).as("template.yaml has the fetch filter pattern").hasSize(1);
        return parsed(patterns);
    }

    private static List<String> allPatterns() throws Exception {
        var template = Files.readString(Main.findEvents().getParent().getParent().resolve("template.yaml"));
        var matcher = FILTER_LINE.matcher(template);
        var patterns = new java.util.ArrayList<String>();
        while (matcher.find()) {
            patterns.add(matcher.group(1));
        }
        return patterns;
    }

    private static List<Map<String, Object>> parsed(List<String> patterns) throws Exception {
        var maps = new java.util.ArrayList<Map<String, Object>>();
        for (var pattern : patterns) {
            maps.add(JSON.std.mapFrom(pattern));
        }
        return maps;
    }

    /**
     * Event filtering as Lambda applies it, for the part of the syntax the template uses: lists of
     * exact values, and {@code {"exists": true}} for a leaf that must be there.
     */
    @SuppressWarnings("unchecked")
    static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
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

    private static Map<String, Object> asLambdaSees(String eventName, String status, String escalation) {
        Map<String, Object> newImage = new HashMap<>();
        if (!status.equals("-")) {
            newImage.put("followUpStatus", Map.of("S", status));
        }
        if (!escalation.equals("-")) {
            newImage.put("escalationStatus", Map.of("S", escalation));
        }
        Map<String, Object> dynamodb = eventName.equals("REMOVE") ? Map.of() : Map.of("NewImage", newImage);
        return Map.of("eventName", eventName, "dynamodb", dynamodb);
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventName, String status, String escalation) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        if (!eventName.equals("REMOVE")) {
            var image = new HashMap<String, AttributeValue>();
            if (!status.equals("-")) {
                image.put("followUpStatus", new AttributeValue().withS(status));
            }
            if (!escalation.equals("-")) {
                image.put("escalationStatus", new AttributeValue().withS(escalation));
            }
            change.setNewImage(image);
        }
        record.setDynamodb(change);
        return record;
    }

    @ParameterizedTest(name = "{0} with followUpStatus {1}, escalationStatus {2}")
    @CsvSource({
        "INSERT, pending, -", "MODIFY, pending, -",
        "INSERT, none, -", "MODIFY, sent, -", "REMOVE, pending, -",
        "INSERT, -, -", "MODIFY, -, -",
        "MODIFY, sent, pending", "MODIFY, sent, sent", "REMOVE, sent, pending", "MODIFY, pending, pending"
    })
    void localFilterAgreesWithTheTemplate(String eventName, String status, String escalation) throws Exception {
        var event = asLambdaSees(eventName, status, escalation);
        boolean deployed = templatePatterns().stream().anyMatch(pattern -> matches(pattern, event));
        boolean local = StreamEventSource.PENDING_FOLLOW_UPS.test(record(eventName, status, escalation));

        assertThat(local).isEqualTo(deployed);
        assertThat(deployed).isEqualTo((status.equals("pending") || escalation.equals("pending")) && !eventName.equals("REMOVE"));
    }


    @ParameterizedTest(name = "{0} with fetchStatus {1}")
    @CsvSource({
        "INSERT, pending", "MODIFY, pending", "REMOVE, pending",
        "MODIFY, fetching", "MODIFY, done", "MODIFY, quarantined", "INSERT, -"
    })
    void localFetchFilterAgreesWithTheTemplate(String eventName, String status) throws Exception {
        Map<String, Object> newImage = status.equals("-") ? Map.of() : Map.of("fetchStatus", Map.of("S", status));
        Map<String, Object> event = Map.of("eventName", eventName,
                "dynamodb", eventName.equals("REMOVE") ? Map.of() : Map.of("NewImage", newImage));
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        if (!eventName.equals("REMOVE")) {
            change.setNewImage(status.equals("-") ? Map.of() : Map.of("fetchStatus", new AttributeValue().withS(status)));
        }
        record.setDynamodb(change);

        boolean deployed = fetchPatterns().stream().anyMatch(pattern -> matches(pattern, event));
        boolean local = StreamEventSource.PENDING_FETCHES.test(record);

        assertThat(local).isEqualTo(deployed);
        assertThat(deployed).isEqualTo(status.equals("pending") && !eventName.equals("REMOVE"));
        assertThat(StreamEventSource.PENDING_FOLLOW_UPS.test(record)).as("dispatch never sees a pending fetch").isFalse();
    }

    @ParameterizedTest(name = "{0} of an item of type {1}, open case {2}")
    @CsvSource({
        "INSERT, response, -", "MODIFY, response, -", "REMOVE, response, -", "INSERT, outcome, -", "MODIFY, outcome, -",
        "INSERT, counters, -", "MODIFY, respondent, -", "INSERT, -, -", "INSERT, counter-batch, -",
        "REMOVE, response, recovery", "MODIFY, response, recovery", "REMOVE, outcome, recovery", "REMOVE, -, recovery"
    })
    void countersFilterAgreesWithTheTemplate(String eventName, String type, String openCase) throws Exception {
        Map<String, Object> lambdaImage = new HashMap<>();
        var image = new HashMap<String, AttributeValue>();
        if (!type.equals("-")) {
            lambdaImage.put("type", Map.of("S", type));
            image.put("type", new AttributeValue().withS(type));
        }
        if (!openCase.equals("-")) {
            lambdaImage.put("openCase", Map.of("S", openCase));
            image.put("openCase", new AttributeValue().withS(openCase));
        }
        Map<String, Object> event = Map.of("eventName", eventName,
                "dynamodb", Map.of(eventName.equals("REMOVE") ? "OldImage" : "NewImage", lambdaImage));
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        if (eventName.equals("REMOVE")) {
            change.setOldImage(image);
        } else {
            change.setNewImage(image);
        }
        record.setDynamodb(change);

        boolean deployed = countersPatterns().stream().anyMatch(pattern -> matches(pattern, event));
        boolean local = StreamEventSource.COUNTED_ITEMS.test(record);

        assertThat(local).isEqualTo(deployed);
        boolean written = !eventName.equals("REMOVE") && (type.equals("response") || type.equals("outcome"));
        boolean openCaseRemoved = eventName.equals("REMOVE") && type.equals("response") && !openCase.equals("-");
        assertThat(deployed).isEqualTo(written || openCaseRemoved);
    }

    /** The Zendesk queue's subscription: the local stack subscribes with the same constant the template must hold. */
    @Test
    @SuppressWarnings("unchecked")
    void theZendeskQueueIsSubscribedWithTheFilterPolicyTheLocalStackUses() throws Exception {
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        var subscription = (Map<String, Object>) ((Map<String, Object>) resources.get("ZendeskSubscription")).get("Properties");

        assertThat(subscription).containsEntry("FilterPolicyScope", "MessageAttributes").containsEntry("RawMessageDelivery", false);
        assertThat(subscription.get("FilterPolicy")).isEqualTo(JSON.std.mapFrom(ZendeskFunction.FILTER_POLICY));
    }

    /** The HubSpot queue's subscription, likewise. */
    @Test
    @SuppressWarnings("unchecked")
    void theHubSpotQueueIsSubscribedWithTheFilterPolicyTheLocalStackUses() throws Exception {
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        var subscription = (Map<String, Object>) ((Map<String, Object>) resources.get("HubSpotSubscription")).get("Properties");

        assertThat(subscription).containsEntry("FilterPolicyScope", "MessageAttributes").containsEntry("RawMessageDelivery", false);
        assertThat(subscription.get("FilterPolicy")).isEqualTo(JSON.std.mapFrom(HubSpotFunction.FILTER_POLICY));
    }
}
