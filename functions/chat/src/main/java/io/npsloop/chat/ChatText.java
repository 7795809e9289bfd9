package io.npsloop.chat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What both chat tools show of a follow-up, in the team's words (English), and the text rules they share. */
final class ChatText {

    private ChatText() {}

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String title(FollowUpMessage message) {
        if (message.escalation()) {
            return "Overdue: " + message.escalates() + " follow-up not done in time";
        }
        return capitalised(message.action()) + " follow-up";
    }

    static String who(FollowUpMessage message) {
        var name = message.name() == null || message.name().isBlank() ? "Customer without a name" : message.name();
        return message.accountId() == null || message.accountId().isBlank() ? name : name + " (account " + message.accountId() + ")";
    }

    static String score(FollowUpMessage message) {
        return message.score() < 0 ? "no score" : message.score() + (message.category() == null ? "" : " (" + message.category() + ")");
    }

    static String tier(FollowUpMessage message) {
        return message.valueTier() == null ? "unknown" : message.valueTier();
    }

    static String comment(FollowUpMessage message) {
        return message.comment() == null || message.comment().isBlank() ? "(no comment)" : message.comment();
    }

    static String when(Instant at) {
        return at == null ? "not set" : WHEN.format(at);
    }

    /** A step's button label: contacted becomes Contacted. */
    static String capitalised(String word) {
        return word == null || word.isEmpty() ? "" : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    static String linksNote(FollowUpMessage message) {
        return "Each button opens a page that asks you to confirm before anything changes"
                + (message.linksExpireAt() == null ? "." : "; they work until " + when(message.linksExpireAt()) + ".");
    }

    /** At most {@code max} characters, ending with an ellipsis when cut. */
    static String cap(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
