package io.npsloop.connectors.zendesk;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.connectors.TopicFollowUp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The ticket a recovery follow-up becomes (Zendesk's "Create Ticket" body): the customer as
 * requester (by {@code requester_id} where the connector found or created the end user, else by
 * {@code requester: {name, email}}, which Zendesk resolves to the user with that email), the follow-up as an internal note ({@code public: false}: replies to the customer
 * are the agent's to write; the product never writes to them), the case id as {@code external_id},
 * the tags, the priority by value tier, the group and the mapped custom fields. The note's
 * {@code body} is plain text, so a customer's comment is shown as typed, never as markup.
 */
public final class ZendeskTickets {

    private ZendeskTickets() {}

    public static String json(TopicFollowUp followUp, long groupId, ZendeskMapping mapping) {
        return json(followUp, groupId, mapping, null);
    }

    /** @param requesterId the end user's id, or null to name the requester by email */
    public static String json(TopicFollowUp followUp, long groupId, ZendeskMapping mapping, String requesterId) {
        var ticket = new LinkedHashMap<String, Object>();
        ticket.put("subject", subject(followUp));
        ticket.put("comment", Map.of("body", note(followUp), "public", false));
        if (requesterId != null) {
            ticket.put("requester_id", Long.parseLong(requesterId));
        } else {
            var requester = new LinkedHashMap<String, Object>();
            requester.put("name", requesterName(followUp));
            requester.put("email", followUp.email());
            ticket.put("requester", requester);
        }
        ticket.put("external_id", followUp.followUpId());
        ticket.put("group_id", groupId);
        var tier = tier(followUp);
        var tags = new ArrayList<>(mapping.tags());
        tags.add("nps-value-" + tier);
        ticket.put("tags", tags);
        var priority = mapping.priorities().get(tier);
        if (priority != null) {
            ticket.put("priority", priority);
        }
        var fields = new ArrayList<Map<String, Object>>();
        mapping.fields().forEach((what, id) -> {
            Object value = switch (what) {
                case "score" -> followUp.score() < 0 ? null : followUp.score();
                case "valueTier" -> tier;
                case "caseLink" -> followUp.caseLink();
                default -> null;
            };
            if (value != null) {
                fields.add(Map.of("id", id, "value", value));
            }
        });
        if (!fields.isEmpty()) {
            ticket.put("custom_fields", fields);
        }
        try {
            return JSON.std.asString(Map.of("ticket", ticket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name a new end user gets: the customer's, else their email. */
    static String requesterName(TopicFollowUp followUp) {
        return followUp.name() == null || followUp.name().isBlank() ? followUp.email() : followUp.name();
    }

    private static String tier(TopicFollowUp followUp) {
        var tier = followUp.valueTier() == null ? "unknown" : followUp.valueTier().toLowerCase(Locale.ROOT);
        return ZendeskMapping.TIERS.contains(tier) ? tier : "unknown";
    }

    static String subject(TopicFollowUp followUp) {
        if (followUp.subject() != null && !followUp.subject().isBlank()) {
            return followUp.subject();
        }
        return "[NPS Recovery] score " + followUp.score() + ", " + tier(followUp) + " value: "
                + (followUp.name() == null ? followUp.email() : followUp.name());
    }

    static String note(TopicFollowUp followUp) {
        var lines = new ArrayList<String>();
        lines.add("NPS Loop recovery follow-up " + followUp.followUpId() + " (internal note: the customer does not see it).");
        lines.add("");
        lines.add("Score " + followUp.score() + (followUp.category() == null ? "" : " (" + followUp.category() + ")")
                + ", value tier " + tier(followUp) + (followUp.accountId() == null ? "" : ", account " + followUp.accountId()) + ".");
        if (followUp.comment() != null && !followUp.comment().isBlank()) {
            lines.add("Their comment: " + followUp.comment());
        }
        if (followUp.dueAt() != null) {
            lines.add("Due: " + followUp.dueAt());
        }
        if (followUp.reason() != null) {
            lines.add("Why: " + followUp.reason());
        }
        if (!followUp.steps().isEmpty()) {
            lines.add("");
            lines.add("Steps:");
            followUp.steps().forEach(step -> lines.add("- " + step));
        }
        if (followUp.caseLink() != null) {
            lines.add("");
            lines.add("The case in the desk: " + followUp.caseLink());
        }
        lines.add("Solving or closing this ticket resolves the case in NPS Loop.");
        return String.join("\n", lines);
    }
}
