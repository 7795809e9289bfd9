package io.npsloop.domain.roi;

import io.npsloop.domain.policy.Action;
import io.npsloop.domain.policy.Arm;
import io.npsloop.domain.roi.Counter.Measure;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Objects;

/**
 * A unit cohort as counted: its members and what happened to them. It adds to the counters of the
 * day it started; as members join and outcomes arrive, the change between two of its states is
 * what the counters take, so squares and products stay exact sums over cohorts.
 *
 * @param members customers of the unit counted in the cohort
 * @param memberValue the sum of their annual values
 * @param churned members who left (all of them when the account left)
 * @param renewed members who renewed (all of them when the account renewed)
 * @param contacted members a person was asked to follow up (treated cohorts only)
 */
public record CohortCount(Action action, Arm arm, LocalDate day, long members, BigDecimal memberValue, long churned,
                          long renewed, BigDecimal concessions, long leads, long conversions, BigDecimal convertedValue,
                          long contacted) {

    /** A cohort with no member contacted, as held-out cohorts always are. */
    public CohortCount(Action action, Arm arm, LocalDate day, long members, BigDecimal memberValue, long churned,
                       long renewed, BigDecimal concessions, long leads, long conversions, BigDecimal convertedValue) {
        this(action, arm, day, members, memberValue, churned, renewed, concessions, leads, conversions, convertedValue, 0);
    }

    public CohortCount {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(memberValue, "memberValue");
        Objects.requireNonNull(concessions, "concessions");
        Objects.requireNonNull(convertedValue, "convertedValue");
    }

    /** What the cohort adds to its day's counters. */
    public Tally counts() {
        var counts = new EnumMap<Counter, BigDecimal>(Counter.class);
        var n = BigDecimal.valueOf(members);
        put(counts, Measure.UNITS, BigDecimal.ONE);
        put(counts, Measure.MEMBERS, n);
        put(counts, Measure.MEMBERS_SQUARED, n.multiply(n));
        if (arm == Arm.TREATMENT) {
            put(counts, Measure.CONTACTED_MEMBERS, BigDecimal.valueOf(contacted));
        }
        if (action == Action.REFERRAL) {
            measure(counts, n, BigDecimal.valueOf(leads), Measure.COHORT_LEADS, Measure.COHORT_LEADS_SQUARED, Measure.COHORT_LEADS_BY_MEMBERS);
            put(counts, Measure.COHORT_CONVERSIONS, BigDecimal.valueOf(conversions));
            measure(counts, n, convertedValue, Measure.COHORT_CONVERTED_VALUE, Measure.COHORT_CONVERTED_VALUE_SQUARED,
                    Measure.COHORT_CONVERTED_VALUE_BY_MEMBERS);
        } else {
            put(counts, Measure.MEMBER_VALUE, memberValue);
            measure(counts, n, BigDecimal.valueOf(churned), Measure.CHURNED_MEMBERS, Measure.CHURNED_MEMBERS_SQUARED,
                    Measure.CHURNED_BY_MEMBERS);
            put(counts, Measure.RENEWED_MEMBERS, BigDecimal.valueOf(renewed));
            if (action == Action.RECOVERY) {
                put(counts, Measure.COHORT_CONCESSIONS, concessions);
            }
        }
        return Tally.of(counts);
    }

    private void measure(EnumMap<Counter, BigDecimal> counts, BigDecimal members, BigDecimal value, Measure sum, Measure squared,
                         Measure byMembers) {
        put(counts, sum, value);
        put(counts, squared, value.multiply(value));
        put(counts, byMembers, value.multiply(members));
    }

    private void put(EnumMap<Counter, BigDecimal> counts, Measure measure, BigDecimal value) {
        counts.put(Counter.of(action, arm, measure), value);
    }
}
