package io.npsloop.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block Kit messages for Slack's incoming webhooks ({@code {"text": ..., "blocks": [...]}}).
 * Customer text (names, comments) is untrusted: it goes in plain_text objects, which Slack
 * never reads as formatting, links or mentions, with {@code & < >} escaped as Slack asks of every
 * text object, and is capped to Block Kit's limits.
 */
final class SlackMessages {

    private SlackMessages() {}

    /** Block Kit's limits: a section's text, a field, a header, a button's label, blocks per message. */
    static final int SECTION_TEXT = 3000;
    static final int FIELD_TEXT = 2000;
    static final int HEADER_TEXT = 150;
    static final int BUTTON_TEXT = 75;
    static final int MAX_BLOCKS = 50;

    /** Slack's control characters as the entities it asks for: no comment can open a link or a mention. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Escaped, then capped without cutting an entity in two. */
    static String safe(String text, int max) {
        var escaped = escape(text);
        if (escaped.length() <= max) {
            return escaped;
        }
        var cut = ChatText.cap(escaped, max);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0) {
            cut = cut.substring(0, amp) + "…";
        }
        return cut;
    }

    static String followUp(FollowUpMessage message) {
        var blocks = new ArrayList<Map<String, Object>>();
        blocks.add(Map.of("type", "header", "text", plain(safe(ChatText.title(message), HEADER_TEXT))));
        blocks.add(Map.of("type", "section", "fields", List.of(
                plain(safe("Customer: " + ChatText.who(message), FIELD_TEXT)),
                plain(safe("Value tier: " + ChatText.tier(message), FIELD_TEXT)),
                plain(safe("Score: " + ChatText.score(message), FIELD_TEXT)),
                mrkdwn("*Due:* " + date(message.dueAt())))));
        blocks.add(Map.of("type", "section", "text", plain(safe(ChatText.comment(message), SECTION_TEXT))));
        var buttons = buttons(message.caseLink(), message.links());
        if (!buttons.isEmpty()) {
            blocks.add(Map.of("type", "actions", "elements", buttons));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(plain(safe(
                "Follow-up " + message.followUpId() + (message.links().isEmpty() ? "" : ". " + ChatText.linksNote(message)), FIELD_TEXT)))));
        var body = new LinkedHashMap<String, Object>();
        // The notification's text: no comment, so a notification never shows more than the channel does.
        body.put("text", safe(ChatText.title(message) + ": " + ChatText.who(message) + ", score " + ChatText.score(message), SECTION_TEXT));
        body.put("blocks", blocks);
        return ChatText.json(body);
    }

    static String digest(Digest digest) {
        var blocks = new ArrayList<Map<String, Object>>();
        blocks.add(Map.of("type", "header", "text", plain("Follow-up digest")));
        blocks.add(Map.of("type", "section", "text", mrkdwn("*" + digest.freshTotal() + " new* since " + date(digest.since())
                + " · *" + digest.overdueTotal() + " overdue* · " + escape(digest.slaLine()))));
        if (!digest.fresh().isEmpty()) {
            blocks.add(Map.of("type", "section", "text", mrkdwn("*New follow-ups*")));
        }
        for (var entry : digest.fresh()) {
            blocks.add(Map.of("type", "section", "text", plain(safe(line(entry), SECTION_TEXT))));
            var buttons = buttons(entry.caseLink(), entry.links());
            if (!buttons.isEmpty()) {
                blocks.add(Map.of("type", "actions", "elements", buttons));
            }
        }
        if (digest.freshTotal() > digest.fresh().size()) {
            blocks.add(Map.of("type", "context", "elements", List.of(plain((digest.freshTotal() - digest.fresh().size()) + " more not shown."))));
        }
        if (!digest.overdue().isEmpty()) {
            blocks.add(Map.of("type", "section", "text", mrkdwn("*Overdue open cases*")));
        }
        // One block each, the case in the desk beside it: at most 14 more blocks after the new ones' 28.
        for (var entry : digest.overdue()) {
            var section = new LinkedHashMap<String, Object>();
            section.put("type", "section");
            section.put("text", plain(safe(line(entry), SECTION_TEXT)));
            if (entry.caseLink() != null) {
                section.put("accessory", button(ChatText.DESK_BUTTON, entry.caseLink(), "nps-loop-desk"));
            }
            blocks.add(section);
        }
        if (digest.overdueTotal() > digest.overdue().size()) {
            blocks.add(Map.of("type", "context", "elements", List.of(plain((digest.overdueTotal() - digest.overdue().size()) + " more not shown."))));
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("text", "Follow-up digest: " + digest.freshTotal() + " new, " + digest.overdueTotal() + " overdue");
        body.put("blocks", blocks.size() > MAX_BLOCKS ? blocks.subList(0, MAX_BLOCKS) : blocks);
        return ChatText.json(body);
    }

    /** One follow-up in a digest, customer text included: always inside a plain_text object. */
    static String line(Digest.Entry entry) {
        return ChatText.capitalised(entry.action()) + " · " + entry.who() + " · " + entry.tier() + " · score " + entry.score()
                + " · due " + ChatText.when(entry.dueAt()) + " · " + entry.followUpId() + "\n" + ChatText.cap(entry.comment(), Digest.COMMENT);
    }

    /** The case in the desk first, where the message links to it, then a button per step. */
    static List<Map<String, Object>> buttons(String caseLink, Map<String, String> links) {
        var buttons = new ArrayList<Map<String, Object>>();
        if (caseLink != null) {
            buttons.add(button(ChatText.DESK_BUTTON, caseLink, "nps-loop-desk"));
        }
        links.forEach((step, url) -> buttons.add(button(ChatText.capitalised(step), url, "nps-loop-" + step)));
        return buttons;
    }

    /** A url button: opening it changes nothing; a step's page asks to confirm, the desk to sign in. */
    static Map<String, Object> button(String label, String url, String actionId) {
        var button = new LinkedHashMap<String, Object>();
        button.put("type", "button");
        button.put("text", plain(safe(label, BUTTON_TEXT)));
        button.put("url", url);
        button.put("action_id", actionId);
        return button;
    }

    /** Slack shows the time in each reader's own zone, the UTC text where it cannot. */
    static String date(java.time.Instant at) {
        if (at == null) {
            return "not set";
        }
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + ChatText.when(at) + ">";
    }

    static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text.isEmpty() ? " " : text, "emoji", false);
    }

    static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }
}
