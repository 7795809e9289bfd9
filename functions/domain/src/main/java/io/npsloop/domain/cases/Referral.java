package io.npsloop.domain.cases;

import java.util.Objects;

/**
 * Someone a promoter named who could benefit, given with the promoter's word that they agree to
 * be contacted. Personal data of a third person: it lives on the promoter's case and goes with it.
 *
 * @param contact an email address or a phone number
 */
public record Referral(String name, String contact) {

    public static final int MAX_NAME = 200;
    public static final int MAX_CONTACT = 254;
    public static final int MAX_PER_CASE_CALL = 3;

    public Referral {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contact, "contact");
    }

    /** An email address or a phone number, loosely: people type them many ways. */
    public static boolean isContact(String contact) {
        return contact.matches("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}") || contact.matches("\\+?[0-9 ().-]{6,30}");
    }
}
