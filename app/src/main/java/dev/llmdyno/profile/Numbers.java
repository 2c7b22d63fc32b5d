package dev.llmdyno.profile;

import java.math.BigDecimal;

/** Numbers as people write them: 2 rather than 2.0, 0.7 rather than 0.7000000000000001. */
public final class Numbers {

    private Numbers() {
    }

    public static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
