package io.npsloop.domain.roi;

/** A two-sided confidence interval, lower bound first. */
public record Interval(double lower, double upper) {

    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("not an interval: [" + lower + ", " + upper + "]");
        }
    }

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /**
     * Wilson's score interval for a proportion of {@code events} in {@code trials}; it stays inside
     * [0, 1] and behaves at 0 and at {@code trials}, where the textbook (Wald) interval does not.
     */
    public static Interval wilson(long events, long trials, double z) {
        if (trials <= 0 || events < 0 || events > trials) {
            throw new IllegalArgumentException(events + " of " + trials);
        }
        double n = trials;
        double p = events / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // At 0 and at all, the bound is exactly 0 or 1; rounding would otherwise leave 1e-17 off.
        double lower = events == 0 ? 0 : Math.max(0, centre - half);
        double upper = events == trials ? 1 : Math.min(1, centre + half);
        return new Interval(lower, upper);
    }

    /**
     * Newcombe's hybrid score interval (his method 10, 1998) for the difference p1 − p2 of two
     * independent proportions, built from each one's Wilson interval.
     */
    public static Interval newcombeDifference(long events1, long trials1, long events2, long trials2, double z) {
        double p1 = (double) events1 / trials1;
        double p2 = (double) events2 / trials2;
        var w1 = wilson(events1, trials1, z);
        var w2 = wilson(events2, trials2, z);
        double difference = p1 - p2;
        double lower = difference - Math.sqrt(square(p1 - w1.lower()) + square(w2.upper() - p2));
        double upper = difference + Math.sqrt(square(w1.upper() - p1) + square(p2 - w2.lower()));
        return new Interval(lower, upper);
    }

    private static double square(double x) {
        return x * x;
    }
}
