package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What happened to a customer after their answer, as reported by a CRM, billing or the people working cases. */
public enum OutcomeType {
    /**
     * The customer left. Counted once per customer and follow-up decision, whatever the number of
     * events; it measures both recovery and nurture.
     */
    CHURNED(false),
    /** The customer renewed. Shown beside churn; the churn rate does not depend on it. Measures recovery and nurture. */
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

    /** The follow-up an outcome of this type is first the result of: the first of {@link #actions()}. */
    public Action action() {
        return actions().get(0);
    }

    /**
     * The follow-ups whose experiments this outcome measures. Whether a customer stays is what
     * recovery and nurture both try to change, so a churn or a renewal counts in each experiment
     * the customer is in; a concession is only given while recovering.
     */
    public List<Action> actions() {
        return switch (this) {
            case CHURNED, RENEWED -> CHURN_MEASURES;
            case CONCESSION -> List.of(Action.RECOVERY);
            case REFERRAL_LEAD, REFERRAL_CONVERTED -> List.of(Action.REFERRAL);
        };
    }

    private static final List<Action> CHURN_MEASURES = List.of(Action.RECOVERY, Action.NURTURE);
}
