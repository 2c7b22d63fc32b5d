package dev.llmdyno.stats;

/** A point estimate with the bounds of its confidence interval; the bounds are NaN when there was too little data. */
public record Interval(double estimate, double lower, double upper) {

    public boolean excludesZero() {
        return lower > 0 || upper < 0;
    }
}
