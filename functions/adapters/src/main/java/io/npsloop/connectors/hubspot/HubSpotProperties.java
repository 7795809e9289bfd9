package io.npsloop.connectors.hubspot;

import io.npsloop.connectors.TopicFollowUp;
import io.npsloop.domain.cases.Relationship;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The NPS properties the connector keeps on contacts and companies, in the property group
 * {@code nps_loop}: created if missing on first use (once per container), then set from each
 * follow-up, and the relationship's two ({@link #relationship}) also from each step on a case that
 * moved it. {@code nps_last_case_id} tells a redelivered follow-up from a new answer, so the
 * trend compares with the answer before, never with itself.
 */
public final class HubSpotProperties {

    static final String GROUP = "nps_loop";
    static final String SCORE = "nps_last_score";
    static final String DATE = "nps_last_date";
    static final String CATEGORY = "nps_category";
    static final String TREND = "nps_trend";
    static final String OPEN_RECOVERY = "nps_open_recovery_case";
    static final String REFERRALS = "nps_referrals_given";
    public static final String LAST_CASE = "nps_last_case_id";
    /** On contacts only: set when the connector created the contact, which erasing the customer then deletes. */
    public static final String CREATED_CONTACT = "nps_loop_created_contact";
    static final List<String> OBJECT_TYPES = List.of("contacts", "companies");
    /** What a contact or company is read with, to work out the trend and the owner. */
    static final List<String> READ = List.of("email", "hubspot_owner_id", "associatedcompanyid", SCORE, TREND, LAST_CASE);

    private final HubSpotClient client;
    private final AtomicBoolean ensured = new AtomicBoolean();

    public HubSpotProperties(HubSpotClient client) {
        this.client = client;
    }

    /** The group and every property on contacts and companies, created where missing; HubSpot's refusal is thrown. */
    public void ensure() {
        if (ensured.get()) {
            return;
        }
        for (var objectType : OBJECT_TYPES) {
            var there = client.propertyNames(objectType);
            var missing = definitions(objectType).stream().filter(p -> !there.contains((String) p.get("name"))).toList();
            if (missing.isEmpty()) {
                continue;
            }
            client.createGroup(objectType, Map.of("name", GROUP, "label", "NPS Loop", "displayOrder", -1));
            missing.forEach(property -> client.createProperty(objectType, property));
        }
        ensured.set(true);
    }

    /** The values a follow-up sets on a record that now holds {@code current}, whose customer or account has {@code relationship}. */
    static Map<String, String> values(TopicFollowUp followUp, HubSpotClient.Record current, Instant now, Relationship relationship) {
        var values = new LinkedHashMap<String, String>();
        if (followUp.score() >= 0) {
            values.put(SCORE, Integer.toString(followUp.score()));
            var sameAnswer = followUp.followUpId().equals(current.get(LAST_CASE));
            if (!sameAnswer) {
                var previous = current.get(SCORE);
                values.put(TREND, previous == null ? "" : trend(parse(previous), followUp.score()));
            }
        }
        values.put(DATE, now.atZone(ZoneOffset.UTC).toLocalDate().toString());
        if (followUp.category() != null) {
            values.put(CATEGORY, followUp.category());
        }
        values.putAll(relationship(relationship));
        values.put(LAST_CASE, followUp.followUpId());
        return values;
    }

    /** The relationship's properties, as the table holds it now: the same from a follow-up and from a step on a case. */
    static Map<String, String> relationship(Relationship relationship) {
        var values = new LinkedHashMap<String, String>();
        values.put(OPEN_RECOVERY, Boolean.toString(relationship.hasOpenRecoveryCase()));
        values.put(REFERRALS, Integer.toString(relationship.referralsGiven()));
        return values;
    }

    static String trend(double previous, int score) {
        return score > previous ? "up" : score < previous ? "down" : "flat";
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The NPS properties, set on contacts and companies alike: those the erasure clears. */
    public static List<String> names() {
        return definitions().stream().map(p -> (String) p.get("name")).toList();
    }

    /** What {@link #ensure} creates on an object type: the NPS properties, and on contacts the mark of one the connector created. */
    static List<Map<String, Object>> definitions(String objectType) {
        if (!"contacts".equals(objectType)) {
            return definitions();
        }
        var all = new java.util.ArrayList<>(definitions());
        all.add(property(CREATED_CONTACT, "Created by NPS Loop", "bool", "booleancheckbox",
                "Set when NPS Loop created this contact for a follow-up; erasing the customer in NPS Loop then deletes it.",
                List.of("true", "false")));
        return all;
    }

    /** Shapes from HubSpot's Properties API ("Create a property": name, label, type, fieldType, groupName, options). */
    static List<Map<String, Object>> definitions() {
        return List.of(
                property(SCORE, "Last NPS score", "number", "number", "The last NPS score (0 to 10) NPS Loop received.", null),
                property(DATE, "Last NPS date", "date", "date", "When NPS Loop handled the last answer (UTC day).", null),
                property(CATEGORY, "NPS category", "enumeration", "select", "Promoter, passive or detractor, by the last score.",
                        List.of("promoter", "passive", "detractor")),
                property(TREND, "NPS trend", "enumeration", "select", "The last score against the one before; empty after the first.",
                        List.of("up", "down", "flat")),
                property(OPEN_RECOVERY, "Open NPS recovery case", "bool", "booleancheckbox",
                        "Whether a recovery case in NPS Loop still needs someone (open or contacted).", List.of("true", "false")),
                property(REFERRALS, "NPS referrals given", "number", "number",
                        "People referred on the NPS Loop cases of the contact (of the company's contacts, on a company).", null),
                property(LAST_CASE, "Last NPS Loop case", "string", "text", "The NPS Loop case of the last answer.", null));
    }

    private static Map<String, Object> property(String name, String label, String type, String fieldType, String description,
            List<String> options) {
        var property = new LinkedHashMap<String, Object>();
        property.put("name", name);
        property.put("label", label);
        property.put("type", type);
        property.put("fieldType", fieldType);
        property.put("groupName", GROUP);
        property.put("description", description);
        if (options != null) {
            var list = new java.util.ArrayList<Map<String, Object>>();
            for (int i = 0; i < options.size(); i++) {
                list.add(Map.of("label", options.get(i), "value", options.get(i), "displayOrder", i));
            }
            property.put("options", list);
        }
        return property;
    }
}
