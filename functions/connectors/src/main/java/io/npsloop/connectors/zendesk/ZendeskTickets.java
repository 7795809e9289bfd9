package io.npsloop.connectors.zendesk;

import com.fasterxml.jackson.jr.ob.JSON;
import io.npsloop.connectors.TopicFollowUp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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
        var comment = new LinkedHashMap<String, Object>();
        comment.put("body", note(followUp));
        comment.put("public", false);
        ticket.put("comment", comment);
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
        // In a fixed order, as the rest of the body: the idempotency key is a digest of it.
        new TreeMap<>(mapping.fields()).forEach((what, id) -> {
            Object value = switch (what) {
                case "score" -> followUp.score() < 0 ? null : followUp.score();
                case "valueTier" -> tier;
                case "caseLink" -> followUp.caseLink();
                default -> null;
            };
            if (value != null) {
                var field = new LinkedHashMap<String, Object>();
                field.put("id", id);
                field.put("value", value);
                fields.add(field);
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

    /**
     * The create's {@code Idempotency-Key}: the case id and a digest of the very request. Zendesk
     * answers a repeat of a key with another body with an error (400), so a retry that names the
     * requester otherwise than the first try (by id once the user exists, by email where the creation
     * was refused) gets a key of its own; a retry's lookup by external id comes first and keeps it to
     * one ticket. The body is built in a fixed order, so the same request always has the same key.
     */
    static String idempotencyKey(String caseId, String ticketJson) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(ticketJson.getBytes(StandardCharsets.UTF_8));
            return "nps-loop-" + caseId + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
