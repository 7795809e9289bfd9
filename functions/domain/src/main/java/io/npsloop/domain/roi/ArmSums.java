package io.npsloop.domain.roi;

/**
 * One arm of an experiment summed over its randomized units (a B2B account, or a customer without
 * one): with nₖ the members of unit k counted in the arm and yₖ the events among them (churned
 * contacts; or leads, conversions, converted value per promoter), the sums below. Every field is a
 * plain sum over units, so daily counters add up to a period's ({@link #plus}); the squares and the
 * cross product are what the intervals need to see how much units' members move together.
 *
 * <p>Any arm is non-negative. An arm of proportions (yₖ ≤ nₖ in every unit, as churned contacts
 * among contacts) also has Σy ≤ Σn and Σy² ≤ Σyn ≤ Σn²: {@link #isProportion()} says whether the
 * sums allow that, {@link #requireProportion(String)} refuses them otherwise.
 *
 * @param units K, the number of randomized units with at least one member in the arm
 * @param members Σnₖ
 * @param events Σyₖ
 * @param membersSquared Σnₖ²
 * @param eventsSquared Σyₖ²
 * @param eventsTimesMembers Σyₖnₖ
 */
public record ArmSums(long units, double members, double events, double membersSquared, double eventsSquared,
                      double eventsTimesMembers) {

    public static final ArmSums EMPTY = new ArmSums(0, 0, 0, 0, 0, 0);

    public ArmSums {
        if (units < 0) {
            throw new IllegalArgumentException("units must not be negative: " + units);
        }
        requireNonNegative("members", members);
        requireNonNegative("events", events);
        requireNonNegative("membersSquared", membersSquared);
        requireNonNegative("eventsSquared", eventsSquared);
        requireNonNegative("eventsTimesMembers", eventsTimesMembers);
        if (units == 0 && (members > 0 || events > 0 || membersSquared > 0 || eventsSquared > 0 || eventsTimesMembers > 0)) {
            throw new IllegalArgumentException("an arm without units has no members or events: " + this);
        }
    }

    /** One unit's contribution: {@code members} of it in the arm, {@code events} among them. */
    public static ArmSums unit(double members, double events) {
        return new ArmSums(1, members, events, members * members, events * events, events * members);
    }

    /** One unit of an arm of proportions, refused when it has more events than members. */
    public static ArmSums proportionUnit(long members, long events) {
        return unit(members, events).requireProportion("unit");
    }

    /** The two arms' units together, as when summing days. */
    public ArmSums plus(ArmSums other) {
        return new ArmSums(units + other.units, members + other.members, events + other.events,
                membersSquared + other.membersSquared, eventsSquared + other.eventsSquared,
                eventsTimesMembers + other.eventsTimesMembers);
    }

    /** Σy / Σn: the churn rate of an arm of proportions, or the mean per member (leads per promoter). */
    public double rate() {
        if (members <= 0) {
            throw new IllegalStateException("no members in the arm, so no rate: " + this);
        }
        return events / members;
    }

    /** Σ(yₖ − r nₖ)² for a rate r, from the sums alone; never below 0 (rounding can leave −1e-12). */
    double squaredResiduals(double r) {
        return Math.max(0, eventsSquared - 2 * r * eventsTimesMembers + r * r * membersSquared);
    }

    /** Whether the sums can come from units with no more events than members. */
    public boolean isProportion() {
        return events <= members && eventsSquared <= eventsTimesMembers && eventsTimesMembers <= membersSquared;
    }

    /** This arm, if it can be an arm of proportions; {@code name} says which arm in the message. */
    public ArmSums requireProportion(String name) {
        if (!isProportion()) {
            throw new IllegalArgumentException(name + " is not an arm of proportions (more events than members in some unit): "
                    + this);
        }
        return this;
    }

    private static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, not negative: " + value);
        }
    }
}
