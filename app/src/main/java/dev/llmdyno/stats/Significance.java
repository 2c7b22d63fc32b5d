package dev.llmdyno.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Tests of significance: Mann-Whitney U and Holm's correction for several comparisons. */
public final class Significance {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    /**
     * The normal approximation with tie correction and continuity correction. The exact test would be chosen by
     * the library for small samples without ties, but its p-values are coarser than the sequential boundaries
     * assume, and latency samples are large.
     */
    private static final MannWhitneyUTest MANN_WHITNEY = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

    private Significance() {
    }

    /** The two-sided p-value of Mann-Whitney U for samples {@code a} and {@code b}; NaN when either is empty. */
    public static double mannWhitney(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        return MANN_WHITNEY.test(a, b).getPValue();
    }

    /**
     * Holm's step-down adjustment: each p-value multiplied by the number of hypotheses not yet rejected (NaN, untested, is left out), kept
     * monotone, capped at 1. Controls the family-wise error rate at the same alpha.
     */
    public static double[] holm(double[] pValues) {
        int m = (int) Arrays.stream(pValues).filter(p -> !Double.isNaN(p)).count();
        var order = IntStream.range(0, pValues.length).boxed()
                .sorted(Comparator.comparingDouble(i -> Double.isNaN(pValues[i]) ? 1 : pValues[i]))
                .mapToInt(Integer::intValue).toArray();
        var adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** The z such that a two-sided test at {@code alpha} rejects beyond it (1.96 for 0.05). */
    public static double zForTwoSided(double alpha) {
        return STANDARD_NORMAL.inverseSurvivalProbability(alpha / 2);
    }

    /** The two-sided tail probability beyond {@code z}. */
    public static double twoSidedP(double z) {
        return 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
    }
}
