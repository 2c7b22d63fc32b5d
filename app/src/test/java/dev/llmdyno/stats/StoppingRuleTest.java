package dev.llmdyno.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The honesty checks: the stopping rule, applied to Mann-Whitney p-values at five looks, keeps its promise on
 * synthetic latency samples.
 */
class StoppingRuleTest {

    private static final int PER_ARM = 200;
    private static final StoppingRule RULE = new StoppingRule(5, 0.05);

    @Test
    void aaExperimentsDeclareADifferenceAboutFivePercentOfTheTime() {
        var random = new SplittableRandom(20261123);
        int falsePositives = 0;
        for (int experiment = 0; experiment < 1_000; experiment++) {
            var a = BootstrapTest.lognormal(random, PER_ARM, 400);
            var b = BootstrapTest.lognormal(random, PER_ARM, 400);
            if (stoppingLook(a, b) > 0) {
                falsePositives++;
            }
        }
        assertThat(falsePositives / 1000.0).isBetween(0.035, 0.065);
    }

    @Test
    void aRealEffectIsFoundAndUsuallyEarly() {
        var random = new SplittableRandom(99);
        int found = 0;
        int early = 0;
        for (int experiment = 0; experiment < 200; experiment++) {
            var a = BootstrapTest.lognormal(random, PER_ARM, 400);
            var b = BootstrapTest.lognormal(random, PER_ARM, 340);
            int look = stoppingLook(a, b);
            if (look > 0) {
                found++;
                if (look < RULE.looks()) {
                    early++;
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(196);
        assertThat(early).isGreaterThan(150);
    }

    @Test
    void holmLetsOnlyTheClearComparisonThroughWhenTheOtherIsNoise() {
        var rejected = RULE.rejected(5, new double[]{0.0001, 0.6, 0.02});
        assertThat(rejected).containsExactly(true, false, true);
        assertThat(RULE.rejected(5, new double[]{0.03, 0.03, 0.03})).containsExactly(false, false, false);
    }

    /** The look (1-based) at which the rule stops with a difference, or 0 when it runs to the end without one. */
    private static int stoppingLook(double[] a, double[] b) {
        for (int look = 1; look <= RULE.looks(); look++) {
            int n = PER_ARM * look / RULE.looks();
            double p = Significance.mannWhitney(Arrays.copyOf(a, n), Arrays.copyOf(b, n));
            if (RULE.rejected(look, new double[]{p})[0]) {
                return look;
            }
        }
        return 0;
    }

    @Test
    void eachComparisonsBoundaryIsThatOfItsPlaceInHolmsOrderAndDecidesAsRejectedDoes() {
        double single = RULE.nominalAlpha(5);
        // O'Brien-Fleming spends little early: the last of five looks asks for less than alpha, more than a Bonferroni half.
        assertThat(single).isBetween(0.03, 0.05);
        assertThat(RULE.boundaries(5, new double[]{0.045})).containsExactly(single);
        var p = new double[]{0.04, 0.01};
        var boundaries = RULE.boundaries(5, p);
        assertThat(boundaries[1]).isEqualTo(new StoppingRule(5, 0.025).nominalAlpha(5));
        assertThat(boundaries[0]).isEqualTo(single);
        var rejected = RULE.rejected(5, p);
        assertThat(rejected[1]).isEqualTo(p[1] <= boundaries[1]);
        assertThat(rejected[0]).isEqualTo(rejected[1] && p[0] <= boundaries[0]);
    }
}
