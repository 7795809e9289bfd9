package io.npsloop.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/** Writes follow-ups for the person who acts on them: a short subject, the facts, the suggested steps. */
public final class FollowUpNotices {

    /** SNS rejects subjects of 100 characters or more, and anything but printable ASCII. */
    static final int MAX_SUBJECT_LENGTH = 99;

    private FollowUpNotices() {}

    public static FollowUpNotice render(ResponseRecord record) {
        if (!(record.decision() instanceof FollowUpDecision.Contact contact)) {
            throw new IllegalArgumentException("response " + record.key() + " has no follow-up to send");
        }
        var steps = steps(contact.action(), displayName(record.response().respondent()));
        return new FollowUpNotice(
                record, contact.action(), contact.dueAt(), subject(record, contact), steps, text(record, contact, steps));
    }

    static List<String> steps(Action action, String who) {
        return switch (action) {
            case RECOVERY -> List.of(
                    "Contact " + who + " yourself before the due time, by phone or from your own mailbox, not a no-reply address.",
                    "Apologise for the experience they describe, without excuses.",
                    "Resolve the problem they stated, then record what you did and whether it is solved.");
            case REFERRAL -> List.of(
                    "Thank " + who + " personally for the score.",
                    "Confirm nothing is pending for them (open tickets, orders, invoices) before asking for anything.",
                    "Ask whether 2-3 people they know could benefit, and how they would like to introduce them.");
        };
    }

    private static String subject(ResponseRecord record, FollowUpDecision.Contact contact) {
        var response = record.response();
        var label = contact.action() == Action.RECOVERY ? "Recovery" : "Referral";
        var subject = "[NPS " + label + "] score " + response.score().value() + ", "
                + record.valueTier().wireName() + " value: " + displayName(response.respondent());
        return asciiSubject(subject);
    }

    static String asciiSubject(String subject) {
        var stripped = Normalizer.normalize(subject, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        var ascii = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return ascii.length() <= MAX_SUBJECT_LENGTH
                ? ascii.toString()
                : ascii.substring(0, MAX_SUBJECT_LENGTH - 3) + "...";
    }

    private static String text(ResponseRecord record, FollowUpDecision.Contact contact, List<String> steps) {
        var response = record.response();
        var respondent = response.respondent();
        var lines = new ArrayList<String>();
        lines.add(contact.action() == Action.RECOVERY
                ? "Service recovery: a detractor is waiting to hear from a person."
                : "Referral: a promoter could introduce people who would benefit.");
        lines.add("");
        lines.add("Who:      " + displayName(respondent) + contactDetails(respondent));
        lines.add("Value:    " + respondent.annualValueIfKnown().map(v -> v.toPlainString() + " per year").orElse("unknown")
                + " (" + record.valueTier().wireName() + " value)");
        lines.add("Score:    " + response.score().value() + " of 10 (" + response.category().wireName() + "), survey "
                + response.surveyId() + " via " + response.key().source() + ", submitted " + response.submittedAt());
        lines.add("Comment:  " + (response.comment() == null ? "(none)" : "\"" + response.comment() + "\""));
        lines.add("Due by:   " + contact.dueAt());
        lines.add("");
        lines.add("Suggested steps:");
        for (int i = 0; i < steps.size(); i++) {
            lines.add((i + 1) + ". " + steps.get(i));
        }
        lines.add("");
        lines.add("Follow-up id: " + record.key().value());
        lines.add("Why this follow-up: " + contact.reason() + ".");
        return String.join("\n", lines) + "\n";
    }

    private static String displayName(Respondent respondent) {
        if (respondent.name() != null) {
            return respondent.name();
        }
        if (respondent.email() != null) {
            return respondent.email();
        }
        return respondent.id() == null ? "an anonymous respondent" : "customer " + respondent.id();
    }

    private static String contactDetails(Respondent respondent) {
        var details = new StringBuilder();
        if (respondent.email() != null && respondent.name() != null) {
            details.append(" <").append(respondent.email()).append('>');
        }
        if (respondent.id() != null) {
            details.append(", customer ").append(respondent.id());
        }
        if (respondent.accountId() != null) {
            details.append(", account ").append(respondent.accountId());
        }
        return details.toString();
    }
}
