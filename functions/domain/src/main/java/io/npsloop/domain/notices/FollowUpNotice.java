package io.npsloop.domain.notices;

import io.npsloop.domain.cases.FollowUpLinks;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.policy.Action;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A follow-up as it goes out to the people who act on it: the stored response, what to do by
 * when, the words for it, the link to its case in the desk and the signed links that record a
 * step; or the escalation of one left open past its due time. Rendered by {@link FollowUpNotices}.
 */
public record FollowUpNotice(
        ResponseRecord record, Action action, Instant dueAt, String subject, List<String> steps, String text, boolean escalation,
        FollowUpLinks links) {

    public FollowUpNotice {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(subject, "subject");
        steps = List.copyOf(steps);
        Objects.requireNonNull(text, "text");
        links = links == null ? FollowUpLinks.NONE : links;
    }

    /** Stable across redeliveries, so anyone downstream can drop a repeat. */
    public String followUpId() {
        return record.key().value();
    }

    /** What the message asks for, as its {@code action} attribute: the follow-up's action, or {@code escalation}. */
    public String actionName() {
        return escalation ? "escalation" : action.wireName();
    }
}
