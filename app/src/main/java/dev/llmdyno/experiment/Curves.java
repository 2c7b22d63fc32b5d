package dev.llmdyno.experiment;

/** Shapes of measured curves: a moving average for rates over time, and where a rising curve bends (its knee). */
public final class Curves {

    private Curves() {
    }

    /**
     * The centred moving average of {@code values} over {@code window} points (fewer at the ends), so a
     * per-second count reads as a rate rather than a sawtooth of whole requests.
     */
    public static double[] movingAverage(double[] values, int window) {
        var out = new double[values.length];
        int half = Math.max(0, window / 2);
        for (int i = 0; i < values.length; i++) {
            int from = Math.max(0, i - half);
            int to = Math.min(values.length - 1, i + half);
            double sum = 0;
            for (int j = from; j <= to; j++) {
                sum += values[j];
            }
            out[i] = sum / (to - from + 1);
        }
        return out;
    }

    /**
     * The knee of a curve that rises faster and faster (latency against throughput in a sweep), by the Kneedle
     * method (Satopää et al., 2011): with both axes scaled to 0..1, the point farthest below the line from the first
     * point to the last. Points are taken in the order given. -1 with fewer than three points or no bend.
     */
    public static int kneeIndex(double[] x, double[] y) {
        int n = x.length;
        if (n < 3 || y.length != n) {
            return -1;
        }
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, x[i]);
            maxX = Math.max(maxX, x[i]);
            minY = Math.min(minY, y[i]);
            maxY = Math.max(maxY, y[i]);
        }
        if (!(maxX > minX) || !(maxY > minY)) {
            return -1;
        }
        double x0 = (x[0] - minX) / (maxX - minX), y0 = (y[0] - minY) / (maxY - minY);
        double x1 = (x[n - 1] - minX) / (maxX - minX), y1 = (y[n - 1] - minY) / (maxY - minY);
        int best = -1;
        double bestGap = 1e-9;
        for (int i = 1; i < n - 1; i++) {
            double xi = (x[i] - minX) / (maxX - minX), yi = (y[i] - minY) / (maxY - minY);
            // Below the chord by the vertical gap at xi (the chord's height there minus the point's).
            double t = x1 == x0 ? 0 : (xi - x0) / (x1 - x0);
            double gap = y0 + t * (y1 - y0) - yi;
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return best;
    }
}
