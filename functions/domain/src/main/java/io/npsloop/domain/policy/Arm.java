package io.npsloop.domain.policy;

import java.util.Locale;

/** Which side of the experiment an eligible customer is on, per action. */
public enum Arm {
    /** Gets the follow-up. */
    TREATMENT,
    /** The control group: gets no follow-up, so the follow-ups' effect can be measured against it. */
    HOLDOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Arm fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
