package io.npsloop.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Order statistics over a sample; nearest-rank percentiles, no interpolation. */
public record Stats(int count, double min, double median, double p95, double max, double mean) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Stats(sorted.length, sorted[0], median(sorted), percentile(sorted, 95), sorted[sorted.length - 1],
                Arrays.stream(sorted).average().orElse(Double.NaN));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public String minMedianMax() {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", min, median, max);
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
