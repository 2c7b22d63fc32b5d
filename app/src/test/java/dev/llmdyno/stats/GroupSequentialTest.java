package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroupSequentialTest {

    /** Jennison and Turnbull, Group Sequential Methods (2000), Table 2.3: C_B(K, alpha) for O'Brien-Fleming tests. */
    @ParameterizedTest
    @CsvSource({"1, 0.05, 1.960", "2, 0.05, 1.977", "3, 0.05, 2.004", "4, 0.05, 2.024", "5, 0.05, 2.040",
            "10, 0.05, 2.087", "5, 0.01, 2.621"})
    void constantsMatchThePublishedTable(int looks, double alpha, double expected) {
        assertThat(GroupSequential.obrienFleming(looks, alpha).constant()).isCloseTo(expected, within(0.002));
    }

    @Test
    void earlyLooksNeedFarStrongerEvidenceThanTheLast() {
        var boundary = GroupSequential.obrienFleming(5, 0.05);
        assertThat(boundary.criticalZ(1)).isCloseTo(2.040 * Math.sqrt(5), within(0.005));
        assertThat(boundary.nominalAlpha(1)).isLessThan(0.00001);
        assertThat(boundary.nominalAlpha(5)).isBetween(0.04, 0.05);
        assertThat(boundary.rejects(5, 0.03)).isTrue();
        assertThat(boundary.rejects(1, 0.03)).isFalse();
        assertThat(boundary.rejects(5, Double.NaN)).isFalse();
    }

    @Test
    void refusesLooksAndAlphasOutsideTheirRange() {
        assertThatThrownBy(() -> GroupSequential.obrienFleming(0, 0.05)).hasMessageContaining("looks");
        assertThatThrownBy(() -> GroupSequential.obrienFleming(5, 0.7)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> GroupSequential.obrienFleming(5, 0.05).criticalZ(6)).hasMessageContaining("look");
    }
}
