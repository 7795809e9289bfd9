package io.npsloop.domain.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.npsloop.domain.cases.ReferralForm.Problem;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferralFormTest {

    private static Map<String, String> person(int row, String name, String contact, String note, boolean consent) {
        var fields = new HashMap<String, String>();
        fields.put("name" + row, name);
        fields.put("contact" + row, contact);
        fields.put("note" + row, note);
        if (consent) {
            fields.put("consent" + row, "yes");
        }
        return fields;
    }

    @Test
    void filledRowsArePeopleAndBlankRowsAreSkipped() {
        var fields = person(1, " Sam Lee ", " sam@example.com ", "", true);
        fields.putAll(person(3, "Kim Park", "+44 20 7946 0000", "Needs a quote", true));
        fields.putAll(person(2, "", "", "", false));

        var read = ReferralForm.read(fields);

        assertThat(read.valid()).isTrue();
        assertThat(read.trapped()).isFalse();
        assertThat(read.people()).containsExactly(new Referral("Sam Lee", "sam@example.com", null),
                new Referral("Kim Park", "+44 20 7946 0000", "Needs a quote"));
    }

    @Test
    void eachFieldsProblemIsNamedAndTheRowsAreKeptAsTyped() {
        var fields = person(1, "x".repeat(Referral.MAX_NAME + 1), "not a contact", "n".repeat(Referral.MAX_NOTE + 1), false);
        fields.putAll(person(2, "", "a@b.co", "", true));
        fields.putAll(person(3, "Ana", "x".repeat(250) + "@example.com", "", true));

        var read = ReferralForm.read(fields);

        assertThat(read.valid()).isFalse();
        assertThat(read.people()).isEmpty();
        assertThat(read.problems()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "name1", Problem.NAME_TOO_LONG, "contact1", Problem.CONTACT_INVALID, "note1", Problem.NOTE_TOO_LONG,
                "consent1", Problem.CONSENT_MISSING, "name2", Problem.NAME_MISSING, "contact3", Problem.CONTACT_INVALID));
        assertThat(read.rows().get(0).name()).hasSize(Referral.MAX_NAME + 1);
        assertThat(read.rows().get(1).contact()).isEqualTo("a@b.co");
    }

    @Test
    void anEmptyFormNamesNobodyAndAFilledTrapIsSaid() {
        assertThat(ReferralForm.read(Map.of()).problems()).containsExactly(Map.entry("people", Problem.NOBODY));
        var fields = person(1, "Sam", "sam@example.com", "", true);
        fields.put(ReferralForm.TRAP, "https://spam.example");
        assertThat(ReferralForm.read(fields).trapped()).isTrue();
        fields.put(ReferralForm.TRAP, "");
        assertThat(ReferralForm.read(fields).trapped()).isFalse();
    }

    @Test
    void aFormBackInUnderThreeSecondsOrWithoutAStampIsTooFast() {
        var shown = Instant.parse("2026-11-22T12:00:00Z");
        assertThat(ReferralForm.tooFast(Optional.of(shown), shown.plusMillis(2_999))).isTrue();
        assertThat(ReferralForm.tooFast(Optional.of(shown), shown.plusSeconds(3))).isFalse();
        assertThat(ReferralForm.tooFast(Optional.empty(), shown.plusSeconds(60))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "' Sam@Example.COM ', sam@example.com",
            "+44 (20) 7946-0000, +442079460000",
            "020 7946 0000, 02079460000"})
    void contactsAreNormalizedSoOnePersonIsOneLead(String typed, String normalized) {
        assertThat(Referral.normalizedContact(typed)).isEqualTo(normalized);
        assertThat(Referral.leadIdOf(typed)).isEqualTo(Referral.leadIdOf(normalized)).hasSize(32);
    }

    @Test
    void differentPeopleAreDifferentLeads() {
        assertThat(Referral.leadIdOf("sam@example.com")).isNotEqualTo(Referral.leadIdOf("kim@example.com"));
        assertThat(Referral.leadIdOf("+4420")).isNotEqualTo(Referral.leadIdOf("4420"));
    }
}
