package io.npsloop.domain.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The referral page's form as posted: up to {@link Referral#MAX_PER_CASE_CALL} rows of name,
 * contact, note and "they agreed to be contacted", a field people never see ({@link #TRAP}) and
 * the stamp of when the form was shown. Read here, whatever the page looks like; the page words
 * each {@link Problem}.
 */
public final class ReferralForm {

    /** Left empty by people (it is off-screen and out of the tab order); bots fill it in. */
    public static final String TRAP = "website";
    /** The hidden stamp of when the form was shown ({@link ReferralLink#stamp}). */
    public static final String SHOWN = "shown";
    /** Faster than this from showing the form to sending it is not a person typing. */
    public static final Duration MIN_TIME = Duration.ofSeconds(3);

    /** What can be wrong with a field. */
    public enum Problem { NAME_MISSING, NAME_TOO_LONG, CONTACT_MISSING, CONTACT_INVALID, NOTE_TOO_LONG, CONSENT_MISSING, NOBODY }

    /** One row as typed, to show again. */
    public record Row(String name, String contact, String note, boolean consent) {
        boolean blank() {
            return name.isBlank() && contact.isBlank() && note.isBlank() && !consent;
        }
    }

    /**
     * The form read: the rows as typed, the problems by field name ({@code name1}, {@code contact2},
     * {@code people} when nobody was named), and the people when there is no problem.
     */
    public record Read(List<Row> rows, Map<String, Problem> problems, List<Referral> people, boolean trapped) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private ReferralForm() {}

    /** The field name of row {@code i} (from 1): {@code name1}, {@code consent3}. */
    public static String field(String name, int row) {
        return name + row;
    }

    public static Read read(Map<String, String> fields) {
        var rows = new ArrayList<Row>();
        var problems = new LinkedHashMap<String, Problem>();
        var people = new ArrayList<Referral>();
        for (int i = 1; i <= Referral.MAX_PER_CASE_CALL; i++) {
            var row = new Row(value(fields, field("name", i)), value(fields, field("contact", i)), value(fields, field("note", i)),
                    fields.containsKey(field("consent", i)));
            rows.add(row);
            if (row.blank()) {
                continue;
            }
            var name = row.name().strip();
            if (name.isEmpty()) {
                problems.put(field("name", i), Problem.NAME_MISSING);
            } else if (name.length() > Referral.MAX_NAME || controls(name)) {
                problems.put(field("name", i), Problem.NAME_TOO_LONG);
            }
            var contact = row.contact().strip();
            if (contact.isEmpty()) {
                problems.put(field("contact", i), Problem.CONTACT_MISSING);
            } else if (contact.length() > Referral.MAX_CONTACT || controls(contact) || !Referral.isContact(contact)) {
                problems.put(field("contact", i), Problem.CONTACT_INVALID);
            }
            var note = row.note().strip();
            if (note.length() > Referral.MAX_NOTE || note.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
                problems.put(field("note", i), Problem.NOTE_TOO_LONG);
            }
            if (!row.consent()) {
                problems.put(field("consent", i), Problem.CONSENT_MISSING);
            }
            people.add(new Referral(name, contact, note.isEmpty() ? null : note));
        }
        if (people.isEmpty()) {
            problems.put("people", Problem.NOBODY);
        }
        var trap = fields.get(TRAP);
        return new Read(rows, problems, problems.isEmpty() ? people : List.of(), trap != null && !trap.isBlank());
    }

    /** Whether a form shown at {@code shownAt} (empty: no genuine stamp) came back too soon to be a person's at {@code now}. */
    public static boolean tooFast(Optional<Instant> shownAt, Instant now) {
        return shownAt.isEmpty() || Duration.between(shownAt.get(), now).compareTo(MIN_TIME) < 0;
    }

    private static String value(Map<String, String> fields, String name) {
        var value = fields.get(name);
        return value == null ? "" : value;
    }

    private static boolean controls(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
