package dev.llmdyno.stats;

import java.util.Arrays;

/**
 * The empirical cumulative distribution of a sample as points to draw: value, and the fraction of the sample at or
 * below it. Large samples are thinned to at most {@code maxPoints} evenly spaced in rank, which keeps the shape.
 */
public record Ecdf(double[] values, double[] fractions) {

    public static Ecdf of(double[] sample, int maxPoints) {
        var sorted = sample.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int points = Math.min(n, Math.max(2, maxPoints));
        var values = new double[n == 0 ? 0 : points];
        var fractions = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int rank = points == 1 ? n - 1 : (int) Math.round((double) i * (n - 1) / (points - 1));
            values[i] = sorted[rank];
            fractions[i] = (rank + 1.0) / n;
        }
        return new Ecdf(values, fractions);
    }
}
