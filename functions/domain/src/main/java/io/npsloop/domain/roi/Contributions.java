package io.npsloop.domain.roi;

import io.npsloop.domain.intake.Category;
import io.npsloop.domain.policy.FollowUpDecision;
import java.math.BigDecimal;
import java.util.EnumMap;

/**
 * What one stored response adds to its day's counters: the NPS figures, and a follow-up a person
 * was asked to do, which is what the report's cost counts. Who counts in which arm is the unit
 * cohorts' business ({@link CohortCount}), not the response's.
 */
public final class Contributions {

    private Contributions() {}

    public static Tally ofResponse(Category category, FollowUpDecision decision) {
        var counts = new EnumMap<Counter, BigDecimal>(Counter.class);
        counts.put(Counter.RESPONSES, BigDecimal.ONE);
        counts.put(switch (category) {
            case PROMOTER -> Counter.PROMOTERS;
            case PASSIVE -> Counter.PASSIVES;
            case DETRACTOR -> Counter.DETRACTORS;
        }, BigDecimal.ONE);
        if (decision instanceof FollowUpDecision.Contact contact) {
            counts.put(Counter.contacts(contact.action()), BigDecimal.ONE);
        }
        return Tally.of(counts);
    }
}
