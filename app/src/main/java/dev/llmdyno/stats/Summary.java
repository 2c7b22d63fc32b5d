package dev.llmdyno.stats;

import org.HdrHistogram.DoubleHistogram;

/**
 * The description of one sample of a metric: count, mean, standard deviation and percentiles. Percentiles come from
 * an HdrHistogram with three significant digits (so within 0.1% of the exact order statistic); mean and standard
 * deviation are exact.
 */
public record Summary(int n, double mean, double sd, double min, double p50, double p90, double p95, double p99,
                      double max) {

    public static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN);

    public static Summary of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        var histogram = histogram();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
            histogram.recordValue(Math.max(value, 0));
        }
        double sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
        return new Summary(values.length, mean, sd, min, percentile(histogram, 50, min, max),
                percentile(histogram, 90, min, max), percentile(histogram, 95, min, max),
                percentile(histogram, 99, min, max), max);
    }

    /** A histogram for non-negative values of any magnitude, three significant digits. */
    public static DoubleHistogram histogram() {
        return new DoubleHistogram(3);
    }

    /** HdrHistogram reports the top of a bucket; clamping keeps a percentile inside the data's range. */
    private static double percentile(DoubleHistogram histogram, double percentile, double min, double max) {
        return Math.clamp(histogram.getValueAtPercentile(percentile), Math.max(min, 0), max);
    }
}
