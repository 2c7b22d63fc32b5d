package dev.llmdyno.stats;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * When an experiment may stop: after {@code looks} equally spaced looks at the data, each comparison with the
 * baseline is tested against O'Brien-Fleming boundaries, and with several comparisons Holm's step-down decides which
 * boundaries apply (the smallest p-value faces the boundary for {@code alpha / m}, the next {@code alpha / (m - 1)},
 * and so on, stopping at the first that fails). The family-wise false-positive rate stays at {@code alpha} however
 * early the experiment stops.
 */
public final class StoppingRule {

    private final int looks;
    private final double alpha;

    public StoppingRule(int looks, double alpha) {
        GroupSequential.obrienFleming(looks, alpha);
        this.looks = looks;
        this.alpha = alpha;
    }

    public int looks() {
        return looks;
    }

    public double alpha() {
        return alpha;
    }

    /** Which comparisons are significant at look {@code look} (1-based), given their unadjusted p-values. */
    public boolean[] rejected(int look, double[] pValues) {
        var boundaries = boundaries(look, pValues);
        var order = smallestFirst(pValues);
        var rejected = new boolean[pValues.length];
        for (int i : order) {
            if (Double.isNaN(pValues[i]) || pValues[i] > boundaries[i]) {
                break;
            }
            rejected[i] = true;
        }
        return rejected;
    }

    /**
     * The unadjusted p-value each comparison must reach at look {@code look}: the boundary of its place in Holm's
     * order (the smallest p-value faces {@code alpha / m}'s, the next {@code alpha / (m - 1)}'s, ...).
     */
    public double[] boundaries(int look, double[] pValues) {
        int m = pValues.length;
        var order = smallestFirst(pValues);
        var boundaries = new double[m];
        for (int rank = 0; rank < m; rank++) {
            boundaries[order[rank]] = GroupSequential.obrienFleming(looks, alpha / (m - rank)).nominalAlpha(look);
        }
        return boundaries;
    }

    private static int[] smallestFirst(double[] pValues) {
        return IntStream.range(0, pValues.length).boxed()
                .sorted(Comparator.comparingDouble(i -> Double.isNaN(pValues[i]) ? 2 : pValues[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The nominal p-value a single comparison needs at look {@code look}. */
    public double nominalAlpha(int look) {
        return GroupSequential.obrienFleming(looks, alpha).nominalAlpha(look);
    }
}
