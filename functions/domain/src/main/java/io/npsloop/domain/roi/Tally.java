package io.npsloop.domain.roi;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A set of counter values, e.g. one day's, or what one stored item adds to its day. Immutable. */
public final class Tally {

    public static final Tally EMPTY = new Tally(new EnumMap<>(Counter.class));

    private final EnumMap<Counter, BigDecimal> values;

    private Tally(EnumMap<Counter, BigDecimal> values) {
        this.values = values;
    }

    public static Tally of(Map<Counter, BigDecimal> values) {
        var copy = new EnumMap<Counter, BigDecimal>(Counter.class);
        values.forEach((counter, value) -> {
            Objects.requireNonNull(value, counter.wireName());
            if (value.signum() != 0) {
                copy.put(counter, value);
            }
        });
        return new Tally(copy);
    }

    public static Tally of(Counter counter, long count) {
        return of(Map.of(counter, BigDecimal.valueOf(count)));
    }

    public BigDecimal get(Counter counter) {
        return values.getOrDefault(counter, BigDecimal.ZERO);
    }

    public long count(Counter counter) {
        return get(counter).longValueExact();
    }

    public Tally with(Counter counter, BigDecimal amount) {
        return plus(of(Map.of(counter, amount)));
    }

    public Tally plus(Tally other) {
        if (other.values.isEmpty()) {
            return this;
        }
        var sum = new EnumMap<>(values);
        other.values.forEach((counter, value) -> sum.merge(counter, value, BigDecimal::add));
        sum.values().removeIf(value -> value.signum() == 0);
        return new Tally(sum);
    }

    public Tally negate() {
        var negated = new EnumMap<Counter, BigDecimal>(Counter.class);
        values.forEach((counter, value) -> negated.put(counter, value.negate()));
        return new Tally(negated);
    }

    public Tally minus(Tally other) {
        return plus(other.negate());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The non-zero counters. */
    public Map<Counter, BigDecimal> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Tally that) || that.values.size() != values.size()) {
            return false;
        }
        for (var entry : values.entrySet()) {
            var theirs = that.values.get(entry.getKey());
            if (theirs == null || theirs.compareTo(entry.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (var entry : values.entrySet()) {
            hash += entry.getKey().hashCode() ^ entry.getValue().stripTrailingZeros().hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
