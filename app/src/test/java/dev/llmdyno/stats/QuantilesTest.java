package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The distribution-free quantile interval: its coverage on a known distribution, and the bounds it cannot give. */
class QuantilesTest {

    @Test
    void theP95IntervalCoversTheTrueP95AtLeastNineteenTimesInTwenty() {
        // Exponential with mean 100: the true p95 is -100 ln(0.05) = 299.57.
        double truth = -100 * Math.log(0.05);
        var random = new SplittableRandom(7);
        int trials = 2_000;
        int covered = 0;
        for (int t = 0; t < trials; t++) {
            var values = new double[200];
            for (int i = 0; i < values.length; i++) {
                values[i] = -100 * Math.log(1 - random.nextDouble());
            }
            var interval = Quantiles.interval(values, 0.95, 0.95);
            if (interval.lower() <= truth && truth <= interval.upper()) {
                covered++;
            }
        }
        // Exact order-statistic intervals are conservative: at least 95%, and not so wide they say nothing.
        assertThat((double) covered / trials).isBetween(0.94, 0.995);
    }

    @Test
    void twentyValuesCannotBoundP99FromAboveButSeventyTwoCanBoundP95() {
        var twenty = new double[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = i + 1;
        }
        var p99 = Quantiles.interval(twenty, 0.99, 0.95);
        assertThat(p99.upper()).isNaN();
        assertThat(p99.lower()).isFinite();
        assertThat(Quantiles.neededForUpperBound(0.95, 0.95)).isEqualTo(72);
        assertThat(Quantiles.neededForUpperBound(0.99, 0.95)).isEqualTo(368);
        var seventyTwo = new double[72];
        for (int i = 0; i < seventyTwo.length; i++) {
            seventyTwo[i] = i + 1;
        }
        assertThat(Quantiles.interval(seventyTwo, 0.95, 0.95).upper()).isEqualTo(72);
        assertThat(Quantiles.interval(java.util.Arrays.copyOf(seventyTwo, 71), 0.95, 0.95).upper()).isNaN();
    }

    @Test
    void theMedianOfAHundredValuesLiesBetweenTheFortiethAndSixtyFirst() {
        var values = new double[100];
        for (int i = 0; i < values.length; i++) {
            values[99 - i] = i + 1;
        }
        var median = Quantiles.interval(values, 0.5, 0.95);
        assertThat(median.estimate()).isCloseTo(50.5, within(1e-9));
        // Binomial(100, 0.5): P(B <= 39) = 0.018, P(B >= 61) = 0.018: x(40) and x(61) (Hahn & Meeker, table J.11).
        assertThat(median.lower()).isEqualTo(40);
        assertThat(median.upper()).isEqualTo(61);
    }
}
