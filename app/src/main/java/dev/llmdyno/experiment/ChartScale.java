package dev.llmdyno.experiment;

import java.util.Locale;

/** Round axis ranges and tick labels, shared by the report's charts and the desktop's. */
public final class ChartScale {

    private ChartScale() {
    }

    /** The smallest of 1, 2, 2.5, 5 or 10 times a power of ten at or above {@code value}, so ticks are round. */
    public static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * power >= value * 0.999999) {
                return step * power;
            }
        }
        return 10 * power;
    }

    /** A tick label with as many decimals as its size needs. */
    public static String tick(double value) {
        double magnitude = Math.abs(value);
        return magnitude >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : magnitude >= 1 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2g", value);
    }
}
