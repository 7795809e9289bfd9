package io.npsloop.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.connectors.hubspot.HubSpotFunction;
import io.npsloop.connectors.zendesk.ZendeskFunction;
import io.npsloop.chat.ChatFunction;
import io.npsloop.dispatch.RelationshipChange;
import io.npsloop.local.EventPatterns;
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
        assertThat(patterns).as("template.yaml has the dispatch filter patterns").hasSize(3);
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

    /** Event filtering as Lambda applies it, for the part of the syntax the template uses. */
    static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        return EventPatterns.matches(pattern, event);
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


    /** The dispatch function's third pattern is {@link RelationshipChange#FILTER_PATTERN}, which the local stack runs as it is. */
    @Test
    void theCaseStepPatternIsTheOneTheDispatchFunctionDeclares() throws Exception {
        var patterns = allPatterns().stream().filter(p -> p.contains("caseUpdatedAt")).toList();

        assertThat(patterns).hasSize(1);
        assertThat(JSON.std.mapFrom(patterns.get(0))).isEqualTo(JSON.std.mapFrom(RelationshipChange.FILTER_PATTERN));
    }

    @ParameterizedTest(name = "{0} with caseUpdatedAt {1}, followUpStatus {2}")
    @CsvSource({
        "MODIFY, yes, sent", "MODIFY, yes, -", "MODIFY, -, sent", "INSERT, yes, sent", "REMOVE, yes, sent",
        "MODIFY, yes, pending", "INSERT, -, pending", "MODIFY, -, -"
    })
    void theLocalDispatchFilterAgreesWithTheTemplateOnStepsOnCases(String eventName, String updated, String status) throws Exception {
        Map<String, Object> lambdaImage = new HashMap<>();
        var image = new HashMap<String, AttributeValue>();
        if (!updated.equals("-")) {
            lambdaImage.put("caseUpdatedAt", Map.of("S", "2026-11-23T10:00:00Z"));
            image.put("caseUpdatedAt", new AttributeValue().withS("2026-11-23T10:00:00Z"));
        }
        if (!status.equals("-")) {
            lambdaImage.put("followUpStatus", Map.of("S", status));
            image.put("followUpStatus", new AttributeValue().withS(status));
        }
        Map<String, Object> event = Map.of("eventName", eventName,
                "dynamodb", eventName.equals("REMOVE") ? Map.of("OldImage", lambdaImage) : Map.of("NewImage", lambdaImage));
        var record = streamRecord(eventName, image);

        boolean deployed = templatePatterns().stream().anyMatch(pattern -> matches(pattern, event));
        boolean local = LocalStack.dispatchOptions(null).filter().test(record);

        assertThat(local).isEqualTo(deployed);
        boolean step = eventName.equals("MODIFY") && !updated.equals("-");
        boolean pending = status.equals("pending") && !eventName.equals("REMOVE");
        assertThat(deployed).isEqualTo(step || pending);
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
        var record = streamRecord(eventName, image);

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

    /** The chat queue's subscription, likewise. */
    @Test
    @SuppressWarnings("unchecked")
    void theChatQueueIsSubscribedWithTheFilterPolicyTheLocalStackUses() throws Exception {
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        var subscription = (Map<String, Object>) ((Map<String, Object>) resources.get("ChatSubscription")).get("Properties");

        assertThat(subscription).containsEntry("FilterPolicyScope", "MessageAttributes").containsEntry("RawMessageDelivery", false);
        assertThat(subscription.get("FilterPolicy")).isEqualTo(JSON.std.mapFrom(ChatFunction.FILTER_POLICY));
        // Every follow-up action and escalations: what chat routes may name.
        var actions = new java.util.HashSet<Object>();
        for (var action : io.npsloop.domain.policy.Action.values()) {
            actions.add(action.wireName());
        }
        actions.add("escalation");
        assertThat((List<Object>) ((Map<String, Object>) subscription.get("FilterPolicy")).get("action")).containsExactlyInAnyOrderElementsOf(actions);
    }

    /**
     * The topic's relationship messages are for a CRM: every subscription to the follow-up topic
     * filters on the action, and only the HubSpot queue's lets them through.
     */
    @Test
    @SuppressWarnings("unchecked")
    void onlyTheHubSpotQueueReceivesRelationshipMessages() throws Exception {
        var resources = (Map<String, Object>) CloudFormationYaml.template().get("Resources");
        var receiving = new java.util.ArrayList<String>();
        var subscriptions = new java.util.ArrayList<String>();
        for (var entry : resources.entrySet()) {
            var resource = (Map<String, Object>) entry.getValue();
            var properties = (Map<String, Object>) resource.get("Properties");
            if (!"AWS::SNS::Subscription".equals(resource.get("Type")) || !Map.of("Ref", "FollowUpTopic").equals(properties.get("TopicArn"))) {
                continue;
            }
            subscriptions.add(entry.getKey());
            assertThat(properties).as(entry.getKey()).containsEntry("FilterPolicyScope", "MessageAttributes");
            var actions = (List<Object>) ((Map<String, Object>) properties.get("FilterPolicy")).get("action");
            assertThat(actions).as(entry.getKey() + " filters on plain action names").allMatch(String.class::isInstance);
            if (actions.contains(RelationshipChange.ACTION)) {
                receiving.add(entry.getKey());
            }
        }
        assertThat(subscriptions).contains("RecoverySubscription", "ReferralSubscription", "ChatSubscription", "ZendeskSubscription",
                "HubSpotSubscription");
        assertThat(receiving).containsExactly("HubSpotSubscription");
        assertThat(io.npsloop.connectors.zendesk.ZendeskFunction.FILTER_POLICY).doesNotContain(RelationshipChange.ACTION);
        assertThat(ChatFunction.FILTER_POLICY).doesNotContain(RelationshipChange.ACTION);
        assertThat(HubSpotFunction.FILTER_POLICY).contains("\"" + RelationshipChange.ACTION + "\"");
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

    /** A stream record as Lambda hands it over: the image is the old one of a REMOVE, else the new one. */
    private static DynamodbEvent.DynamodbStreamRecord streamRecord(String eventName, Map<String, AttributeValue> image) {
        var record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        var change = new StreamRecord();
        if (eventName.equals("REMOVE")) {
            change.setOldImage(image);
        } else {
            change.setNewImage(image);
        }
        record.setDynamodb(change);
        return record;
    }
}
