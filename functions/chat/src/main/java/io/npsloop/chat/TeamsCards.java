package io.npsloop.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adaptive Cards for a Teams Workflows webhook, wrapped as the "Post to a channel when a webhook
 * request is received" flow expects: {@code {"type":"message","attachments":[{"contentType":
 * "application/vnd.microsoft.card.adaptive","content":{...}}]}}. Customer text goes in TextRuns,
 * which Teams never reads as markdown, so a comment cannot make a link or a mention.
 */
final class TeamsCards {

    private TeamsCards() {}

    static final String VERSION = "1.4";
    static final int TEXT = 3000;

    static String followUp(FollowUpMessage message) {
        var body = new ArrayList<Map<String, Object>>();
        body.add(heading(ChatText.title(message)));
        body.add(runs("Customer: ", ChatText.cap(ChatText.who(message), TEXT)));
        body.add(Map.of("type", "FactSet", "facts", List.of(
                fact("Value tier", ChatText.tier(message)),
                fact("Score", ChatText.score(message)),
                fact("Due", ChatText.when(message.dueAt())),
                fact("Follow-up", message.followUpId()))));
        body.add(runs("", ChatText.cap(ChatText.comment(message), TEXT)));
        var actions = actions(message.caseLink(), message.links());
        if (!message.links().isEmpty()) {
            body.add(Map.of("type", "TextBlock", "text", ChatText.linksNote(message), "wrap", true, "isSubtle", true, "size", "Small"));
        }
        return message(body, actions);
    }

    static String digest(Digest digest) {
        var body = new ArrayList<Map<String, Object>>();
        body.add(heading("Follow-up digest"));
        body.add(Map.of("type", "FactSet", "facts", List.of(
                fact("New since " + ChatText.when(digest.since()), Integer.toString(digest.freshTotal())),
                fact("Overdue open cases", Integer.toString(digest.overdueTotal())),
                fact("Contacted within SLA on " + digest.day(), digest.slaShare() == null ? "nothing fell due" : digest.slaShare()))));
        if (!digest.fresh().isEmpty()) {
            body.add(Map.of("type", "TextBlock", "text", "New follow-ups", "weight", "Bolder", "wrap", true));
        }
        for (var entry : digest.fresh()) {
            body.add(runs("", SlackMessages.line(entry)));
            var actions = actions(entry.caseLink(), entry.links());
            if (!actions.isEmpty()) {
                body.add(Map.of("type", "ActionSet", "actions", actions));
            }
        }
        if (!digest.overdue().isEmpty()) {
            body.add(Map.of("type", "TextBlock", "text", "Overdue open cases", "weight", "Bolder", "wrap", true));
        }
        for (var entry : digest.overdue()) {
            body.add(runs("", SlackMessages.line(entry)));
            var actions = actions(entry.caseLink(), entry.links());
            if (!actions.isEmpty()) {
                body.add(Map.of("type", "ActionSet", "actions", actions));
            }
        }
        return message(body, List.of());
    }

    /** The case in the desk first, where the message links to it, then one per step. */
    static List<Map<String, Object>> actions(String caseLink, Map<String, String> links) {
        var actions = new ArrayList<Map<String, Object>>();
        if (caseLink != null) {
            actions.add(Map.of("type", "Action.OpenUrl", "title", ChatText.DESK_BUTTON, "url", caseLink));
        }
        links.forEach((step, url) -> actions.add(Map.of("type", "Action.OpenUrl", "title", ChatText.capitalised(step), "url", url)));
        return actions;
    }

    static String message(List<Map<String, Object>> body, List<Map<String, Object>> actions) {
        var card = new LinkedHashMap<String, Object>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", VERSION);
        card.put("body", body);
        if (!actions.isEmpty()) {
            card.put("actions", actions);
        }
        var attachment = new LinkedHashMap<String, Object>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        var envelope = new LinkedHashMap<String, Object>();
        envelope.put("type", "message");
        envelope.put("attachments", List.of(attachment));
        return ChatText.json(envelope);
    }

    static Map<String, Object> heading(String text) {
        return Map.of("type", "TextBlock", "text", text, "weight", "Bolder", "size", "Medium", "wrap", true);
    }

    /** A label of ours in bold, then untrusted text as a plain run. */
    static Map<String, Object> runs(String label, String text) {
        var inlines = new ArrayList<Map<String, Object>>();
        if (!label.isEmpty()) {
            inlines.add(Map.of("type", "TextRun", "text", label, "weight", "Bolder"));
        }
        inlines.add(Map.of("type", "TextRun", "text", text));
        return Map.of("type", "RichTextBlock", "inlines", inlines);
    }

    static Map<String, Object> fact(String title, String value) {
        return Map.of("title", title, "value", value == null ? "" : value);
    }
}
