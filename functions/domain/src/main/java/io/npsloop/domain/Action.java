package io.npsloop.domain;

import java.util.Locale;

/** What a person is asked to do after a response. */
public enum Action {
    /** Service recovery for a detractor: contact, apologise, resolve. */
    RECOVERY,
    /** Referral for a promoter: thank, confirm nothing is pending, ask for people who could benefit. */
    REFERRAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
