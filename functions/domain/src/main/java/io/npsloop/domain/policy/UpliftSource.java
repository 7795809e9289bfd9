package io.npsloop.domain.policy;

import java.util.Locale;

/** Where the uplift the policy rations with comes from: the settings, or the program's own holdout. */
public enum UpliftSource {
    /** The RECOVERY_UPLIFT, REFERRAL_UPLIFT and NURTURE_UPLIFT settings, the same for every tier. */
    CONFIGURED,
    /** Per action and value tier, estimated from the holdout and recomputed on a schedule; the settings where none is current. */
    MEASURED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static UpliftSource fromWireName(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
