package dev.llmdyno.advice;

/**
 * A least-squares line of y against x with Pearson's r: how TTFT moves with the prompt's length. {@code fromX} and
 * {@code toX} are the range the line was fitted over.
 */
public record Trend(double slope, double r, double fromX, double toX, int n) {

    /** The fitted line over paired values; null when there are fewer than three pairs or x never varies. */
    public static Trend of(double[] x, double[] y) {
        int n = x.length;
        if (n < 3 || y.length != n) {
            return null;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += x[i] / n;
            meanY += y[i] / n;
        }
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            syy += (y[i] - meanY) * (y[i] - meanY);
            sxy += (x[i] - meanX) * (y[i] - meanY);
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
        }
        if (sxx == 0) {
            return null;
        }
        return new Trend(sxy / sxx, syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy), min, max, n);
    }

    /** How much y changes across the fitted range. */
    public double rise() {
        return slope * (toX - fromX);
    }
}
