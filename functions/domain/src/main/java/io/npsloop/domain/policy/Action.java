package io.npsloop.domain.policy;

import java.util.Locale;

/** What a person is asked to do after a response. */
public enum Action {
    /** Service recovery for a detractor: contact, apologise, resolve. */
    RECOVERY,
    /** Referral for a promoter: thank, confirm nothing is pending, ask for people who could benefit. */
    REFERRAL,
    /** Optional nurture for a passive: thank, ask what would make it a 9 or 10, pass it on. */
    NURTURE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
