package io.npsloop.domain.roi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happened to a customer after their answer, as reported by a CRM, billing or the people working cases. */
public enum OutcomeType {
    /** The customer left. Counted once per customer and follow-up decision, whatever the number of events. */
    CHURNED(false),
    /** The customer renewed. Shown beside churn; the churn rate does not depend on it. */
    RENEWED(false),
    /** A promoter passed on a person who could benefit. */
    REFERRAL_LEAD(false),
    /** A referred person became a customer; {@code value} is what they are worth a year. */
    REFERRAL_CONVERTED(true),
    /** A refund or credit given while recovering a detractor; {@code value} is its amount, counted as cost. */
    CONCESSION(true);

    private final boolean needsValue;

    OutcomeType(boolean needsValue) {
        this.needsValue = needsValue;
    }

    public boolean needsValue() {
        return needsValue;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OutcomeType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(name)).findFirst();
    }

    /** The follow-up an outcome of this type is the result of. */
    public io.npsloop.domain.Action action() {
        return this == REFERRAL_LEAD || this == REFERRAL_CONVERTED
                ? io.npsloop.domain.Action.REFERRAL
                : io.npsloop.domain.Action.RECOVERY;
    }
}
