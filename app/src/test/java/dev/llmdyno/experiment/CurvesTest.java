package dev.llmdyno.experiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CurvesTest {

    @Test
    void theKneeOfALatencyCurveIsWhereItStartsToClimb() {
        // Throughput grows with concurrency until the server saturates at about 40 req/s; latency then climbs.
        double[] rps = {9.8, 19.5, 38.0, 40.5, 41.0};
        double[] p95 = {110, 115, 140, 420, 900};
        assertThat(Curves.kneeIndex(rps, p95)).isEqualTo(2);
    }

    @Test
    void aStraightLineOrTooFewPointsHasNoKnee() {
        assertThat(Curves.kneeIndex(new double[]{1, 2, 3, 4}, new double[]{10, 20, 30, 40})).isEqualTo(-1);
        assertThat(Curves.kneeIndex(new double[]{1, 2}, new double[]{10, 500})).isEqualTo(-1);
        assertThat(Curves.kneeIndex(new double[]{1, 2, 3}, new double[]{5, 5, 5})).isEqualTo(-1);
    }

    @Test
    void aMovingAverageTurnsAPerSecondSawtoothIntoItsRate() {
        double[] counts = {12, 0, 12, 0, 12, 0, 12, 0, 12};
        var smooth = Curves.movingAverage(counts, 5);
        assertThat(smooth[4]).isCloseTo(7.2, within(1e-9));
        assertThat(smooth[0]).isCloseTo(8.0, within(1e-9)); // three points at the edge
        for (int i = 2; i < 7; i++) {
            assertThat(smooth[i]).isBetween(4.0, 8.0);
        }
    }
}
