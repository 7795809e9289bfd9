package io.npsloop.chat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One destination's daily digest: follow-ups new since the last one, open cases past their due
 * time, and the share of yesterday's due follow-ups that someone contacted in time.
 */
record Digest(Instant since, List<Entry> fresh, int freshTotal, List<Entry> overdue, int overdueTotal,
              LocalDate day, int dueThatDay, int contactedInTime) {

    /** How many of each list a message shows; the rest are counted. Keeps a message inside Block Kit's 50 blocks. */
    static final int SHOWN = 12;
    /** A comment in a digest line: enough to tell cases apart. */
    static final int COMMENT = 300;

    record Entry(String followUpId, String action, String who, String tier, String score, String comment,
                 Instant dueAt, Map<String, String> links) {}

    /** "83% (5 of 6)", or null when nothing fell due that day. */
    String slaShare() {
        if (dueThatDay == 0) {
            return null;
        }
        return Math.round(100.0 * contactedInTime / dueThatDay) + "% (" + contactedInTime + " of " + dueThatDay + ")";
    }

    String slaLine() {
        var share = slaShare();
        return share == null ? "No follow-up fell due on " + day + "."
                : "Contacted within SLA on " + day + ": " + share + ".";
    }
}
