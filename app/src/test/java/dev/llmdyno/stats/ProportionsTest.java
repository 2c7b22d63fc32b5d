package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProportionsTest {

    @Test
    void noFailuresInTwentyStillLeavesAboutSixteenPercentPossible() {
        // Wilson 95% for 0 of 20: upper z²/(n + z²) = 3.8415 / 23.8415 = 0.1611 (Newcombe 1998, method 3).
        var interval = Proportions.wilson(0, 20, 0.95);
        assertThat(interval.estimate()).isZero();
        assertThat(interval.lower()).isCloseTo(0, within(1e-9));
        assertThat(interval.upper()).isCloseTo(0.1611, within(0.0005));
    }

    @Test
    void eightyOfOneHundredMatchesThePublishedWilsonBounds() {
        // Wilson 95% for 80/100: 0.7112 to 0.8666.
        var interval = Proportions.wilson(80, 100, 0.95);
        assertThat(interval.lower()).isCloseTo(0.7112, within(0.0005));
        assertThat(interval.upper()).isCloseTo(0.8666, within(0.0005));
    }

    @Test
    void nothingCountedHasNoInterval() {
        assertThat(Proportions.wilson(0, 0, 0.95).estimate()).isNaN();
    }
}
