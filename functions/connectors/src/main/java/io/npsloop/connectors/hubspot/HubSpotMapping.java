package io.npsloop.connectors.hubspot;

import io.npsloop.config.Setting;
import io.npsloop.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a follow-up becomes a task, from configuration checked when the function starts: the
 * priority by value tier and whose owner comes first. A mistake fails the first invocation with
 * the variable and the entry named.
 */
public record HubSpotMapping(Map<String, String> priorities, List<String> ownerOrder) {

    static final Set<String> TIERS = Set.of("high", "medium", "low", "unknown");
    static final Set<String> PRIORITIES = Set.of("HIGH", "MEDIUM", "LOW");
    static final Set<String> OWNERS = Set.of("contact", "company");

    public HubSpotMapping {
        priorities = Map.copyOf(priorities);
        ownerOrder = List.copyOf(ownerOrder);
    }

    public static HubSpotMapping of(Settings settings) {
        var priorities = new LinkedHashMap<String, String>();
        for (var entry : settings.string(HubSpotSettings.HUBSPOT_PRIORITIES).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            var equals = entry.indexOf('=');
            if (equals < 0) {
                throw invalid(HubSpotSettings.HUBSPOT_PRIORITIES, entry.strip(), "each entry is <tier>=<priority>");
            }
            var tier = entry.substring(0, equals).strip();
            var priority = entry.substring(equals + 1).strip();
            if (!TIERS.contains(tier)) {
                throw invalid(HubSpotSettings.HUBSPOT_PRIORITIES, entry.strip(), "the value tier must be one of high, low, medium, unknown");
            }
            if (!PRIORITIES.contains(priority)) {
                throw invalid(HubSpotSettings.HUBSPOT_PRIORITIES, entry.strip(), "the priority must be one of HIGH, MEDIUM, LOW");
            }
            if (priorities.put(tier, priority) != null) {
                throw invalid(HubSpotSettings.HUBSPOT_PRIORITIES, entry.strip(), tier + " is named twice");
            }
        }
        var order = new ArrayList<String>();
        for (var entry : settings.string(HubSpotSettings.HUBSPOT_OWNER_ORDER).split(",")) {
            var owner = entry.strip();
            if (owner.isEmpty()) {
                continue;
            }
            if (!OWNERS.contains(owner)) {
                throw invalid(HubSpotSettings.HUBSPOT_OWNER_ORDER, owner, "whose owner must be contact or company");
            }
            if (order.contains(owner)) {
                throw invalid(HubSpotSettings.HUBSPOT_OWNER_ORDER, owner, owner + " is named twice");
            }
            order.add(owner);
        }
        return new HubSpotMapping(priorities, order);
    }

    private static IllegalStateException invalid(Setting setting, String entry, String why) {
        return new IllegalStateException(setting.variable() + ": entry '" + entry + "': " + why);
    }
}
