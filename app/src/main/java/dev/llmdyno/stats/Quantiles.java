package dev.llmdyno.stats;

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
