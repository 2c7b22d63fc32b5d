package dev.llmdyno.experiment;

import dev.llmdyno.stats.Interval;

/** The sentences that say what a comparison found, in the metric's own unit. */
final class Verdicts {

    private Verdicts() {
    }

    static String of(Results.Comparison comparison) {
        var metric = comparison.metric();
        var median = comparison.medianDifference();
        if (comparison.n() < 2 || comparison.baselineN() < 2 || Double.isNaN(comparison.p())) {
            return "Not enough successful requests to compare " + metric.label() + " (" + comparison.variant() + ": "
                    + comparison.n() + ", " + comparison.baseline() + ": " + comparison.baselineN() + ").";
        }
        var p = formatP(comparison.pAdjusted());
        if (!comparison.significant()) {
            return "No detectable difference in median " + metric.label() + " between " + comparison.variant()
                    + " and " + comparison.baseline() + " (difference " + signed(metric, median.estimate())
                    + ", 95% CI " + signed(metric, median.lower()) + " to " + signed(metric, median.upper()) + ", " + p
                    + ")." + shortOfTheBoundary(comparison);
        }
        boolean lower = median.estimate() < 0;
        return comparison.variant() + "'s median " + metric.label() + " is "
                + metric.format(Math.abs(median.estimate())) + (lower ? " lower" : " higher") + " than "
                + comparison.baseline() + "'s (95% CI " + magnitudes(metric, median, lower) + ", " + p + ").";
    }

    /**
     * Why an interval that leaves out 0 is still no verdict: the decision is the stopping rule's, whose boundary at a
     * look is stricter than alpha so that looking several times does not add false positives, and the interval is
     * the plain 95% one. Said, so the two figures do not read as a contradiction.
     */
    private static String shortOfTheBoundary(Results.Comparison comparison) {
        var median = comparison.medianDifference();
        boolean leavesOutZero = median.lower() > 0 || median.upper() < 0;
        if (!comparison.decides() || !leavesOutZero || Double.isNaN(comparison.boundary())) {
            return "";
        }
        var p = comparison.p() == comparison.pAdjusted() ? formatP(comparison.p())
                : "the unadjusted " + formatP(comparison.p());
        return " The interval leaves out 0, but " + p + " is above the "
                + String.format(java.util.Locale.ROOT, comparison.boundary() < 0.001 ? "%.2g" : "%.3f",
                comparison.boundary())
                + " the stopping rule asks for at this look, stricter than alpha so that looking several times adds "
                + "no false positives: more requests would settle it.";
    }

    private static String magnitudes(SampleMetric metric, Interval interval, boolean lower) {
        double near = lower ? -interval.upper() : interval.lower();
        double far = lower ? -interval.lower() : interval.upper();
        return number(metric, near) + " to " + metric.format(far);
    }

    private static String number(SampleMetric metric, double value) {
        var formatted = metric.format(value);
        int space = formatted.indexOf(' ');
        return space < 0 ? formatted : formatted.substring(0, space);
    }

    private static String signed(SampleMetric metric, double value) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        return (value > 0 ? "+" : value < 0 ? "-" : "") + metric.format(Math.abs(value));
    }

    /** "p=0.042", "p<0.001", or "p not computed" where the test had nothing to compare (NaN). */
    static String formatP(double p) {
        if (Double.isNaN(p)) {
            return "p not computed";
        }
        return p < 0.001 ? "p<0.001" : String.format(java.util.Locale.ROOT, "p=%.3f", p);
    }
}
