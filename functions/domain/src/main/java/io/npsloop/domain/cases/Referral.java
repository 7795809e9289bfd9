package io.npsloop.domain.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Someone a promoter named who could benefit, given with the promoter's word that they agree to
 * be contacted. Personal data of a third person: it lives on the promoter's case and goes with it,
 * and becomes a lead named by {@link #leadId()}, the same for the same person however typed.
 *
 * @param contact an email address or a phone number
 * @param note what the promoter added, or null
 */
public record Referral(String name, String contact, String note) {

    public static final int MAX_NAME = 200;
    public static final int MAX_CONTACT = 254;
    public static final int MAX_NOTE = 500;
    public static final int MAX_PER_CASE_CALL = 3;

    public Referral {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contact, "contact");
    }

    public Referral(String name, String contact) {
        this(name, contact, null);
    }

    /** An email address or a phone number, loosely: people type them many ways. */
    public static boolean isContact(String contact) {
        return contact.matches("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}") || contact.matches("\\+?[0-9 ().-]{6,30}");
    }

    /**
     * The contact as one person has one: an email trimmed and lower-cased; a phone number's digits,
     * after a {@code +} if it began with one.
     */
    public static String normalizedContact(String contact) {
        var trimmed = contact.strip();
        if (trimmed.contains("@")) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        var digits = trimmed.replaceAll("[^0-9]", "");
        return trimmed.startsWith("+") ? "+" + digits : digits;
    }

    /** The lead this person is, across every promoter: a hash of the normalized contact, so keys hold no address. */
    public String leadId() {
        return leadIdOf(contact);
    }

    public static String leadIdOf(String contact) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(normalizedContact(contact).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
