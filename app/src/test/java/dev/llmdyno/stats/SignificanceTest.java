package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SignificanceTest {

    @Test
    void holmMultipliesByTheHypothesesLeftAndStaysMonotone() {
        var adjusted = Significance.holm(new double[]{0.01, 0.04, 0.03, Double.NaN});
        assertThat(adjusted[0]).isCloseTo(0.03, within(1e-12));
        assertThat(adjusted[2]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[1]).isCloseTo(0.06, within(1e-12));
        assertThat(adjusted[3]).isNaN();
    }

    @Test
    void mannWhitneySeparatesShiftedSamplesAndNotEqualOnes() {
        var random = new SplittableRandom(7);
        var a = new double[200];
        var b = new double[200];
        var c = new double[200];
        for (int i = 0; i < 200; i++) {
            a[i] = 300 + 50 * random.nextDouble();
            b[i] = 320 + 50 * random.nextDouble();
            c[i] = 300 + 50 * random.nextDouble();
        }
        assertThat(Significance.mannWhitney(a, b)).isLessThan(1e-6);
        assertThat(Significance.mannWhitney(a, c)).isGreaterThan(0.01);
        assertThat(Significance.mannWhitney(a, new double[0])).isNaN();
    }

    @Test
    void tiedValuesAreHandled() {
        var a = new double[]{1, 1, 1, 2, 2, 3, 3, 3, 3, 4};
        var b = new double[]{3, 3, 4, 4, 4, 5, 5, 5, 6, 6};
        double p = Significance.mannWhitney(a, b);
        assertThat(p).isBetween(0.0001, 0.01);
    }

    @Test
    void normalQuantilesRoundTrip() {
        assertThat(Significance.zForTwoSided(0.05)).isCloseTo(1.959964, within(1e-5));
        assertThat(Significance.twoSidedP(1.959964)).isCloseTo(0.05, within(1e-6));
    }
}
