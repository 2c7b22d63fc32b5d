package dev.llmdyno.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;

import java.util.Arrays;

/** Exact sample quantiles, interpolated between order statistics (type 7, the default of R and NumPy). */
public final class Quantiles {

    private Quantiles() {
    }

    public static double of(double[] values, double q) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    /**
     * The quantile with a distribution-free confidence interval between two order statistics: the number of values
     * below the true quantile is Binomial(n, q), so [x(l), x(u)] covers it with at least the given confidence
     * (Hahn &amp; Meeker, Statistical Intervals, 2nd ed., section 5.2). A bound the sample is too small to give is NaN:
     * 20 values cannot show where p99 lies above, however they fall.
     */
    public static Interval interval(double[] values, double q, double confidence) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        var below = BinomialDistribution.of(n, q);
        double tail = (1 - confidence) / 2;
        int lower = below.inverseCumulativeProbability(tail);
        int upper = below.inverseCumulativeProbability(1 - tail) + 1;
        // The smallest k with P(B <= k) >= p: P(B < lower) < tail and P(B >= upper) <= tail.
        return new Interval(ofSorted(sorted, q), lower >= 1 ? sorted[lower - 1] : Double.NaN,
                upper <= n ? sorted[upper - 1] : Double.NaN);
    }

    /**
     * The fewest values for which {@link #interval} has an upper bound: below it, even a sample whose every value is
     * under a limit cannot show that the quantile is (72 values for p95, 368 for p99, at 95%).
     */
    public static int neededForUpperBound(double q, double confidence) {
        return (int) Math.ceil(Math.log((1 - confidence) / 2) / Math.log(q));
    }

    static double ofSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = (sorted.length - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /**
     * The same quantile of a resample given as how many times each element of {@code sorted} was drawn, found in
     * one pass instead of a sort.
     */
    static double ofCounts(double[] sorted, int[] counts, int total, double q) {
        double position = (total - 1) * q;
        long below = (long) Math.floor(position);
        double fraction = position - below;
        double lowValue = Double.NaN;
        long seen = 0;
        for (int i = 0; i < sorted.length; i++) {
            seen += counts[i];
            if (Double.isNaN(lowValue) && seen > below) {
                lowValue = sorted[i];
                if (fraction == 0 || seen > below + 1) {
                    return lowValue + fraction * (sorted[i] - lowValue);
                }
            } else if (!Double.isNaN(lowValue) && counts[i] > 0) {
                return lowValue + fraction * (sorted[i] - lowValue);
            }
        }
        return lowValue;
    }
}
