package io.npsloop.connectors.zendesk;

import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a recovery becomes a ticket, from configuration checked when the function starts: the
 * priority by value tier, the custom fields to fill and the tags. A mistake fails the first
 * invocation with the variable and the entry named.
 */
public record ZendeskMapping(Map<String, String> priorities, Map<String, Long> fields, List<String> tags) {

    static final Set<String> TIERS = Set.of("high", "medium", "low", "unknown");
    static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");
    static final Set<String> FIELDS = Set.of("score", "valueTier", "caseLink");
    private static final Pattern TAG = Pattern.compile("[a-z0-9_-]{1,80}");

    public ZendeskMapping {
        priorities = Map.copyOf(priorities);
        fields = Map.copyOf(fields);
        tags = List.copyOf(tags);
    }

    public static ZendeskMapping of(Settings settings) {
        var priorities = pairs(settings, ZendeskSettings.ZENDESK_PRIORITIES, TIERS, "the value tier", (entry, value) -> {
            if (!PRIORITIES.contains(value)) {
                throw invalid(ZendeskSettings.ZENDESK_PRIORITIES, entry, "the priority must be one of urgent, high, normal, low");
            }
            return value;
        });
        var fields = pairs(settings, ZendeskSettings.ZENDESK_CUSTOM_FIELDS, FIELDS, "what to fill", (entry, value) -> {
            try {
                long id = Long.parseLong(value);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(ZendeskSettings.ZENDESK_CUSTOM_FIELDS, entry, "the field id must be a positive whole number (Admin Center, Objects and rules, Tickets, Fields)");
        });
        var tags = new ArrayList<String>();
        for (var tag : settings.string(ZendeskSettings.ZENDESK_TAGS).split(",")) {
            if (tag.isBlank()) {
                continue;
            }
            if (!TAG.matcher(tag.strip()).matches()) {
                throw invalid(ZendeskSettings.ZENDESK_TAGS, tag.strip(), "a tag is 1 to 80 lower case letters, digits, '-' or '_'");
            }
            tags.add(tag.strip());
        }
        return new ZendeskMapping(priorities, fields, tags);
    }

    private interface Value<T> {
        T read(String entry, String value);
    }

    private static <T> Map<String, T> pairs(Settings settings, Setting setting, Set<String> keys, String what, Value<T> value) {
        var map = new LinkedHashMap<String, T>();
        var text = settings.string(setting);
        for (var entry : (text == null ? "" : text).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            var equals = entry.indexOf('=');
            if (equals < 0) {
                throw invalid(setting, entry.strip(), "each entry is <key>=<value>");
            }
            var key = entry.substring(0, equals).strip();
            if (!keys.contains(key)) {
                throw invalid(setting, entry.strip(), what + " must be one of " + String.join(", ", keys.stream().sorted().toList()));
            }
            if (map.containsKey(key)) {
                throw invalid(setting, entry.strip(), key + " is named twice");
            }
            map.put(key, value.read(entry.strip(), entry.substring(equals + 1).strip()));
        }
        return map;
    }

    private static IllegalStateException invalid(Setting setting, String entry, String why) {
        return new IllegalStateException(setting.variable() + ": entry '" + entry + "': " + why);
    }
}
