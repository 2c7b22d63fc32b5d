package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SummaryTest {

    @Test
    void describesASampleWithPercentilesWithinAThousandth() {
        var values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        var summary = Summary.of(values);
        assertThat(summary.n()).isEqualTo(1000);
        assertThat(summary.mean()).isEqualTo(500.5);
        assertThat(summary.sd()).isCloseTo(288.8194, within(1e-4));
        assertThat(summary.p50()).isCloseTo(500, within(0.5));
        assertThat(summary.p95()).isCloseTo(950, within(1.0));
        assertThat(summary.p99()).isCloseTo(990, within(1.0));
        assertThat(summary.min()).isEqualTo(1);
        assertThat(summary.max()).isEqualTo(1000);
    }

    @Test
    void smallValuesSuchAsCostsKeepTheirPrecision() {
        var summary = Summary.of(new double[]{0.000123, 0.000124, 0.000125});
        assertThat(summary.p50()).isCloseTo(0.000124, within(0.0000002));
        assertThat(Summary.of(new double[0]).n()).isZero();
    }
}
