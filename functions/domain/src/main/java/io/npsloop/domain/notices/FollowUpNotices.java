package io.npsloop.domain.notices;

import io.npsloop.domain.cases.CaseEvent;
import io.npsloop.domain.cases.FollowUpLinks;
import io.npsloop.domain.intake.Category;
import io.npsloop.domain.intake.Respondent;
import io.npsloop.domain.intake.ResponseRecord;
import io.npsloop.domain.intake.ValueTier;
import io.npsloop.domain.notices.NoticeTexts.Text;
import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.FollowUpDecision;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes follow-ups for the person who acts on them: a short subject, the facts, the suggested
 * steps, in the respondent's language where {@link NoticeTexts} has it.
 */
public final class FollowUpNotices {

    /** SNS rejects subjects of 100 characters or more, and anything but printable ASCII. */
    static final int MAX_SUBJECT_LENGTH = 99;

    private static final List<Text> ALIGNED_LABELS =
            List.of(Text.WHO_LABEL, Text.VALUE_LABEL, Text.SCORE_LABEL, Text.COMMENT_LABEL, Text.DUE_LABEL);

    private FollowUpNotices() {}

    public static FollowUpNotice render(ResponseRecord record) {
        return render(record, FollowUpLinks.NONE);
    }

    /** The notice with the links to its case in the desk and those that record a step on it from the message. */
    public static FollowUpNotice render(ResponseRecord record, FollowUpLinks links) {
        if (!(record.decision() instanceof FollowUpDecision.Contact contact)) {
            throw new IllegalArgumentException("response " + record.key() + " has no follow-up to send");
        }
        var respondent = record.response().respondent();
        var texts = NoticeTexts.forLanguageTag(respondent.locale());
        var who = displayName(respondent, texts);
        var steps = steps(contact.action(), who, texts);
        return new FollowUpNotice(record, contact.action(), contact.dueAt(), subject(record, contact, who, texts), steps,
                text(record, contact, who, steps, links, texts), false, links);
    }

    /**
     * The escalation of a follow-up still open past its due time: the same facts and steps, under
     * a subject and an opening that say it is overdue.
     */
    public static FollowUpNotice escalation(ResponseRecord record, String caseStatus) {
        return escalation(record, caseStatus, FollowUpLinks.NONE);
    }

    /** The escalation, with the links that record a step on its case. */
    public static FollowUpNotice escalation(ResponseRecord record, String caseStatus, FollowUpLinks links) {
        var notice = render(record, links);
        var respondent = record.response().respondent();
        var texts = NoticeTexts.forLanguageTag(respondent.locale());
        var who = displayName(respondent, texts);
        var label = texts.text(label(notice.action()));
        var subject = asciiSubject(texts.fill(Text.ESCALATION_SUBJECT, Map.of("action", label, "who", who)));
        var opening = texts.fill(Text.ESCALATION_OPENING, Map.of("due", notice.dueAt().toString(), "status", caseStatus));
        return new FollowUpNotice(record, notice.action(), notice.dueAt(), subject, notice.steps(),
                opening + "\n\n" + notice.text(), true, links);
    }

    private static Text label(Action action) {
        return switch (action) {
            case RECOVERY -> Text.RECOVERY_LABEL;
            case REFERRAL -> Text.REFERRAL_LABEL;
            case NURTURE -> Text.NURTURE_LABEL;
        };
    }

    /**
     * What a link for {@code step} of a follow-up of {@code action} is called, in the language of
     * {@code languageTag} (else English): the message and the page it opens say the same.
     */
    public static String stepLabel(Action action, CaseEvent.Type step, String languageTag) {
        return NoticeTexts.forLanguageTag(languageTag).text(stepLabel(action, step));
    }

    /** The follow-up's kind as the message's subject names it (Recovery, Referral, Nurture), in the language of {@code languageTag}. */
    public static String actionLabel(Action action, String languageTag) {
        return NoticeTexts.forLanguageTag(languageTag).text(label(action));
    }

    /** The language the notices use for {@code languageTag}: its own where there are texts for it, else English. */
    public static String language(String languageTag) {
        return NoticeTexts.forLanguageTag(languageTag).language();
    }

    private static Text stepLabel(Action action, CaseEvent.Type step) {
        return switch (step) {
            case CONTACTED -> Text.LINK_CONTACTED;
            case RESOLVED -> action == Action.RECOVERY ? Text.LINK_RESOLVED : Text.LINK_DONE;
            case UNRESOLVED -> Text.LINK_UNRESOLVED;
            default -> throw new IllegalArgumentException("no link records a '" + step.wireName() + "' step");
        };
    }

    static List<String> steps(Action action, String who, NoticeTexts texts) {
        var keys = switch (action) {
            case RECOVERY -> List.of(Text.RECOVERY_STEP_CONTACT, Text.RECOVERY_STEP_APOLOGISE, Text.RECOVERY_STEP_RESOLVE);
            case REFERRAL -> List.of(Text.REFERRAL_STEP_THANK, Text.REFERRAL_STEP_CHECK_PENDING, Text.REFERRAL_STEP_ASK);
            case NURTURE -> List.of(Text.NURTURE_STEP_THANK, Text.NURTURE_STEP_ASK, Text.NURTURE_STEP_RECORD);
        };
        return keys.stream().map(key -> texts.fill(key, Map.of("who", who))).toList();
    }

    private static String subject(ResponseRecord record, FollowUpDecision.Contact contact, String who, NoticeTexts texts) {
        var label = texts.text(label(contact.action()));
        return asciiSubject(texts.fill(Text.SUBJECT, Map.of(
                "action", label,
                "score", String.valueOf(record.response().score().value()),
                "value", valueTier(record.valueTier(), texts),
                "who", who)));
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

    private static String text(
            ResponseRecord record, FollowUpDecision.Contact contact, String who, List<String> steps, FollowUpLinks links,
            NoticeTexts texts) {
        var response = record.response();
        var respondent = response.respondent();
        // Labels differ in length between languages, so the column is as wide as the longest one.
        int width = ALIGNED_LABELS.stream().mapToInt(label -> texts.text(label).length()).max().orElse(0) + 2;
        var lines = new ArrayList<String>();
        lines.add(texts.text(switch (contact.action()) {
            case RECOVERY -> Text.RECOVERY_OPENING;
            case REFERRAL -> Text.REFERRAL_OPENING;
            case NURTURE -> Text.NURTURE_OPENING;
        }));
        lines.add("");
        lines.add(field(texts, Text.WHO_LABEL, width, who + contactDetails(respondent, texts)));
        lines.add(field(texts, Text.VALUE_LABEL, width, respondent.annualValueIfKnown()
                .map(v -> texts.fill(Text.PER_YEAR, Map.of("amount", v.toPlainString())))
                .orElse(texts.text(Text.UNKNOWN_AMOUNT))
                + " (" + valueTier(record.valueTier(), texts) + ")"));
        lines.add(field(texts, Text.SCORE_LABEL, width, texts.fill(Text.SCORE_DETAIL, Map.of(
                "score", String.valueOf(response.score().value()),
                "category", category(response.category(), texts),
                "survey", response.surveyId(),
                "source", response.key().source(),
                "submitted", response.submittedAt().toString()))));
        lines.add(field(texts, Text.COMMENT_LABEL, width,
                response.comment() == null ? texts.text(Text.NO_COMMENT) : "\"" + response.comment() + "\""));
        lines.add(field(texts, Text.DUE_LABEL, width, contact.dueAt().toString()));
        // The variant's name is a wire name, like the ids: the playbook it names is the team's own.
        contact.variant().ifPresent(variant -> lines.add(texts.text(Text.PLAYBOOK_LABEL) + " " + variant));
        lines.add("");
        lines.add(texts.text(Text.STEPS_HEADING));
        for (int i = 0; i < steps.size(); i++) {
            lines.add((i + 1) + ". " + steps.get(i));
        }
        if (links.caseUrl() != null) {
            lines.add("");
            lines.add(texts.fill(Text.DESK_LINK, Map.of("url", links.caseUrl())));
        }
        if (links.hasActions()) {
            lines.add("");
            lines.add(texts.text(Text.LINKS_HEADING));
            links.actions().forEach((step, url) -> lines.add("- " + texts.text(stepLabel(contact.action(), step)) + ": " + url));
            lines.add(texts.fill(Text.LINKS_EXPIRY, Map.of("expires", links.expiresAt().toString())));
        }
        if (links.referralPage() != null) {
            // For staff to pass on: the page shows the promoter's first name and nothing else of theirs.
            var first = firstName(respondent.name());
            lines.add("");
            lines.add(texts.fill(Text.REFERRAL_PAGE_LINK, Map.of("name", first == null ? texts.text(Text.THE_PROMOTER) : first,
                    "url", links.referralPage())));
        }
        lines.add("");
        lines.add(texts.text(Text.FOLLOW_UP_ID_LABEL) + " " + record.key().value());
        // The reason is stored and matched on as it is, so it stays untranslated.
        lines.add(texts.text(Text.REASON_LABEL) + " " + contact.reason() + ".");
        return String.join("\n", lines) + "\n";
    }

    /** The first word of a name as given, or null: all a promoter's referral page shows of them. */
    public static String firstName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.strip().split("\\s+", 2)[0];
    }

    private static String field(NoticeTexts texts, Text label, int width, String value) {
        var text = texts.text(label);
        return text + " ".repeat(Math.max(1, width - text.length())) + value;
    }

    private static String valueTier(ValueTier tier, NoticeTexts texts) {
        var word = texts.text(switch (tier) {
            case HIGH -> Text.TIER_HIGH;
            case MEDIUM -> Text.TIER_MEDIUM;
            case LOW -> Text.TIER_LOW;
            case UNKNOWN -> Text.TIER_UNKNOWN;
        });
        return texts.fill(Text.VALUE_TIER, Map.of("tier", word));
    }

    private static String category(Category category, NoticeTexts texts) {
        return texts.text(switch (category) {
            case DETRACTOR -> Text.CATEGORY_DETRACTOR;
            case PASSIVE -> Text.CATEGORY_PASSIVE;
            case PROMOTER -> Text.CATEGORY_PROMOTER;
        });
    }

    private static String displayName(Respondent respondent, NoticeTexts texts) {
        if (respondent.name() != null) {
            return respondent.name();
        }
        if (respondent.email() != null) {
            return respondent.email();
        }
        return respondent.id() == null
                ? texts.text(Text.ANONYMOUS_RESPONDENT)
                : texts.fill(Text.CUSTOMER_AS_PERSON, Map.of("id", respondent.id()));
    }

    private static String contactDetails(Respondent respondent, NoticeTexts texts) {
        var details = new StringBuilder();
        if (respondent.email() != null && respondent.name() != null) {
            details.append(" <").append(respondent.email()).append('>');
        }
        if (respondent.id() != null) {
            details.append(", ").append(texts.fill(Text.CUSTOMER_DETAIL, Map.of("id", respondent.id())));
        }
        if (respondent.accountId() != null) {
            details.append(", ").append(texts.fill(Text.ACCOUNT_DETAIL, Map.of("id", respondent.accountId())));
        }
        return details.toString();
    }
}
