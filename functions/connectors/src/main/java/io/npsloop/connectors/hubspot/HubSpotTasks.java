package io.npsloop.connectors.hubspot;

import io.npsloop.connectors.TopicFollowUp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The task a follow-up becomes (HubSpot's "Create a task": {@code hs_task_subject},
 * {@code hs_task_body}, {@code hs_timestamp} the due time, {@code hs_task_status},
 * {@code hs_task_priority}, {@code hubspot_owner_id}). The body is rich text in HubSpot, so every
 * text in it is HTML-escaped: a customer's comment shows as typed, never as markup. Its first line
 * carries {@link #marker}, by which a retry finds a task created by an attempt that never heard back.
 */
public final class HubSpotTasks {

    private HubSpotTasks() {}

    static String marker(String followUpId) {
        return HubSpotFollowUps.marker(followUpId);
    }

    static Map<String, String> properties(TopicFollowUp followUp, String ownerId, HubSpotMapping mapping, Instant now) {
        var task = new LinkedHashMap<String, String>();
        task.put("hs_task_subject", subject(followUp));
        task.put("hs_task_body", body(followUp));
        task.put("hs_timestamp", (followUp.dueAt() == null ? now : followUp.dueAt()).toString());
        task.put("hs_task_status", "NOT_STARTED");
        task.put("hs_task_type", "TODO");
        var priority = mapping.priorities().get(tier(followUp));
        if (priority != null) {
            task.put("hs_task_priority", priority);
        }
        task.put("hubspot_owner_id", ownerId);
        return task;
    }

    static String tier(TopicFollowUp followUp) {
        var tier = followUp.valueTier() == null ? "unknown" : followUp.valueTier().toLowerCase(Locale.ROOT);
        return HubSpotMapping.TIERS.contains(tier) ? tier : "unknown";
    }

    static String subject(TopicFollowUp followUp) {
        if (followUp.subject() != null && !followUp.subject().isBlank()) {
            return followUp.subject();
        }
        var action = followUp.action().substring(0, 1).toUpperCase(Locale.ROOT) + followUp.action().substring(1);
        return "[NPS " + action + "] score " + followUp.score() + ", " + tier(followUp) + " value: "
                + (followUp.name() == null ? followUp.email() : followUp.name());
    }

    static String body(TopicFollowUp followUp) {
        var lines = new ArrayList<String>();
        lines.add(escape("NPS Loop " + followUp.action() + " follow-up " + marker(followUp.followUpId())));
        lines.add(escape("Score " + followUp.score() + (followUp.category() == null ? "" : " (" + followUp.category() + ")")
                + ", value tier " + tier(followUp) + (followUp.accountId() == null ? "" : ", account " + followUp.accountId()) + "."));
        if (followUp.comment() != null && !followUp.comment().isBlank()) {
            lines.add(escape("Their comment: " + followUp.comment()));
        }
        if (followUp.dueAt() != null) {
            lines.add(escape("Due: " + followUp.dueAt()));
        }
        if (followUp.reason() != null) {
            lines.add(escape("Why: " + followUp.reason()));
        }
        if (!followUp.steps().isEmpty()) {
            lines.add(escape("Steps:"));
            followUp.steps().forEach(step -> lines.add(escape("- " + step)));
        }
        if (followUp.caseLink() != null) {
            lines.add(escape("The case in the desk: " + followUp.caseLink()));
        }
        lines.add(escape("Completing this task marks the case contacted in NPS Loop."));
        return String.join("<br>\n", lines);
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
