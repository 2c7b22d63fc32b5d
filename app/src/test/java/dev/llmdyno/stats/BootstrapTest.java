package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {

    @Test
    void quantileOfCountsEqualsQuantileOfTheExpandedResample() {
        var random = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(30);
            var sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = random.nextInt(20);
            }
            Arrays.sort(sorted);
            var counts = new int[n];
            var expanded = new double[n];
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                counts[pick]++;
                expanded[i] = sorted[pick];
            }
            for (double q : new double[]{0, 0.25, 0.5, 0.9, 0.95, 1}) {
                assertThat(Quantiles.ofCounts(sorted, counts, n, q)).isCloseTo(Quantiles.of(expanded, q), within(1e-9));
            }
        }
    }

    @Test
    void intervalForADifferenceOfMediansCoversTheTrueShift() {
        var random = new SplittableRandom(11);
        var a = lognormal(random, 400, 500);
        var b = lognormal(random, 400, 380);
        var intervals = new Bootstrap(5).quantileDifferences(a, b, 0.5, 0.95);
        var median = intervals[0];
        assertThat(median.estimate()).isCloseTo(-120, within(25.0));
        assertThat(median.lower()).isLessThan(-120).isGreaterThan(-200);
        assertThat(median.upper()).isGreaterThan(-120).isLessThan(-40);
        assertThat(median.excludesZero()).isTrue();
        assertThat(intervals[1].lower()).isLessThan(intervals[1].estimate());
    }

    @Test
    void noShiftGivesAnIntervalAroundZero() {
        var random = new SplittableRandom(12);
        var interval = new Bootstrap(5).quantileDifferences(lognormal(random, 300, 500), lognormal(random, 300, 500), 0.5)[0];
        assertThat(interval.lower()).isNegative();
        assertThat(interval.upper()).isPositive();
    }

    @Test
    void ratioOfSumsAndMeanHaveIntervalsAroundTheirEstimates() {
        var cost = new double[]{0.001, 0.002, 0.0015, 0.0012, 0.0018, 0.0011};
        var tokens = new double[]{100, 210, 150, 118, 176, 109};
        var perThousand = new Bootstrap(1).ratio(cost, tokens, 1000);
        assertThat(perThousand.estimate()).isCloseTo(1000 * 0.0086 / 863, within(1e-9));
        assertThat(perThousand.lower()).isLessThanOrEqualTo(perThousand.estimate());
        assertThat(perThousand.upper()).isGreaterThanOrEqualTo(perThousand.estimate());
        var mean = new Bootstrap(1).mean(tokens);
        assertThat(mean.estimate()).isCloseTo(143.833, within(0.001));
        assertThat(mean.upper() - mean.lower()).isPositive();
    }

    @Test
    void deltaMethodRatioAgreesWithTheBootstrapWhereBothRun() {
        var random = new SplittableRandom(21);
        int n = Bootstrap.RATIO_RESAMPLED_UP_TO;
        var tokens = new double[n];
        var cost = new double[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = 20 + random.nextInt(400);
            cost[i] = tokens[i] * 0.000_6 / 1000 + 0.000_01 * random.nextDouble();
        }
        var bootstrap = new Bootstrap(3);
        var resampled = bootstrap.ratio(cost, tokens, 1000);
        var delta = bootstrap.deltaMethodRatio(cost, tokens, 1000);
        assertThat(delta.estimate()).isCloseTo(resampled.estimate(), within(1e-12));
        double width = resampled.upper() - resampled.lower();
        assertThat(width).isPositive();
        assertThat(delta.lower()).isCloseTo(resampled.lower(), within(0.1 * width));
        assertThat(delta.upper()).isCloseTo(resampled.upper(), within(0.1 * width));
        // One pair more and ratio takes the delta method's interval.
        var more = bootstrap.ratio(java.util.Arrays.copyOf(cost, n + 1), java.util.Arrays.copyOf(tokens, n + 1), 1000);
        assertThat(more.upper() - more.lower()).isCloseTo(width, within(0.15 * width));
    }

    @Test
    void tooLittleDataGivesAnEstimateWithoutBounds() {
        var interval = new Bootstrap(1).quantileDifferences(new double[]{1}, new double[]{2, 3}, 0.5)[0];
        assertThat(interval.estimate()).isEqualTo(1.5);
        assertThat(interval.lower()).isNaN();
        assertThat(interval.excludesZero()).isFalse();
    }

    static double[] lognormal(SplittableRandom random, int n, double median) {
        var values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = median * Math.exp(0.3 * gaussian(random));
        }
        return values;
    }

    static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
