package dev.llmdyno.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals, seeded so a report can be reproduced. Resamples are drawn as counts
 * over the sorted data, which finds a resample's quantile in linear time rather than by sorting it.
 */
public final class Bootstrap {

    public static final int DEFAULT_RESAMPLES = 2_000;

    /** The most pairs {@link #ratio} resamples; beyond, its interval comes from the delta method. */
    public static final int RATIO_RESAMPLED_UP_TO = 5_000;

    private final int resamples;
    private final long seed;
    private final double level;

    public Bootstrap(int resamples, long seed, double level) {
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 resamples are needed, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    public Bootstrap(long seed) {
        this(DEFAULT_RESAMPLES, seed, 0.95);
    }

    /** The difference {@code quantile(b) - quantile(a)} for each requested quantile, with its interval. */
    public Interval[] quantileDifferences(double[] a, double[] b, double... quantiles) {
        var result = new Interval[quantiles.length];
        if (a.length < 2 || b.length < 2) {
            for (int j = 0; j < quantiles.length; j++) {
                result[j] = new Interval(a.length == 0 || b.length == 0 ? Double.NaN
                        : Quantiles.of(b, quantiles[j]) - Quantiles.of(a, quantiles[j]), Double.NaN, Double.NaN);
            }
            return result;
        }
        var sortedA = sorted(a);
        var sortedB = sorted(b);
        var random = new SplittableRandom(seed);
        var countsA = new int[a.length];
        var countsB = new int[b.length];
        var differences = new double[quantiles.length][resamples];
        for (int r = 0; r < resamples; r++) {
            draw(random, countsA);
            draw(random, countsB);
            for (int j = 0; j < quantiles.length; j++) {
                differences[j][r] = Quantiles.ofCounts(sortedB, countsB, b.length, quantiles[j])
                        - Quantiles.ofCounts(sortedA, countsA, a.length, quantiles[j]);
            }
        }
        for (int j = 0; j < quantiles.length; j++) {
            double estimate = Quantiles.ofSorted(sortedB, quantiles[j]) - Quantiles.ofSorted(sortedA, quantiles[j]);
            result[j] = interval(estimate, differences[j]);
        }
        return result;
    }

    /**
     * The ratio of sums {@code sum(numerator) / sum(denominator) * scale}, resampling the pairs together; past
     * {@link #RATIO_RESAMPLED_UP_TO} pairs, with the delta method's normal interval instead, which agrees with the
     * bootstrap's at such sizes and costs one pass instead of {@code resamples} (two seconds of the summary of a
     * 40,000-request run).
     */
    public Interval ratio(double[] numerator, double[] denominator, double scale) {
        int n = numerator.length;
        double estimate = scale * sum(numerator) / sum(denominator);
        if (n < 2) {
            return new Interval(n == 0 ? Double.NaN : estimate, Double.NaN, Double.NaN);
        }
        if (n > RATIO_RESAMPLED_UP_TO) {
            return deltaMethodRatio(numerator, denominator, scale);
        }
        var random = new SplittableRandom(seed);
        var ratios = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double top = 0;
            double bottom = 0;
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                top += numerator[pick];
                bottom += denominator[pick];
            }
            ratios[r] = scale * top / bottom;
        }
        return interval(estimate, ratios);
    }

    /**
     * The ratio of sums with the delta method's interval: the variance of {@code x - r y} over the pairs, divided by
     * {@code n} times the squared mean denominator.
     */
    Interval deltaMethodRatio(double[] numerator, double[] denominator, double scale) {
        int n = numerator.length;
        double meanY = sum(denominator) / n;
        double ratio = sum(numerator) / sum(denominator);
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = numerator[i] - ratio * denominator[i];
            squares += residual * residual;
        }
        double se = Math.sqrt(squares / (n - 1) / n) / meanY;
        double half = Significance.zForTwoSided(1 - level) * se;
        return new Interval(scale * ratio, scale * (ratio - half), scale * (ratio + half));
    }

    /** The mean, with a normal-theory interval (the sample sizes here are large enough for it). */
    public Interval mean(double[] values) {
        var summary = Summary.of(values);
        if (values.length < 2) {
            return new Interval(summary.mean(), Double.NaN, Double.NaN);
        }
        double z = Significance.zForTwoSided(1 - level);
        double half = z * summary.sd() / Math.sqrt(values.length);
        return new Interval(summary.mean(), summary.mean() - half, summary.mean() + half);
    }

    private Interval interval(double estimate, double[] replicates) {
        Arrays.sort(replicates);
        double tail = (1 - level) / 2;
        return new Interval(estimate, Quantiles.ofSorted(replicates, tail), Quantiles.ofSorted(replicates, 1 - tail));
    }

    private static void draw(SplittableRandom random, int[] counts) {
        Arrays.fill(counts, 0);
        for (int i = 0; i < counts.length; i++) {
            counts[random.nextInt(counts.length)]++;
        }
    }

    private static double[] sorted(double[] values) {
        var copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }
}
