package dev.llmdyno.stats;

import org.apache.commons.statistics.interval.BinomialConfidenceInterval;

/** Shares of a count (requests that failed, requests within an SLO) with their confidence intervals. */
public final class Proportions {

    private Proportions() {
    }

    /**
     * {@code hits} of {@code n} with the Wilson score interval, which keeps its coverage near 0 and 1 where the
     * normal approximation gives bounds below 0 or an interval of width 0 (Brown, Cai &amp; DasGupta, 2001).
     */
    public static Interval wilson(int hits, int n, double confidence) {
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        var interval = BinomialConfidenceInterval.WILSON_SCORE.fromErrorRate(n, hits, 1 - confidence);
        return new Interval((double) hits / n, interval.getLowerBound(), interval.getUpperBound());
    }
}
