package dev.llmdyno.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * O'Brien-Fleming group-sequential boundaries: a test that looks at the data {@code looks} times, at equally spaced
 * sample sizes, and stops at the first look whose statistic crosses the boundary, while its overall false-positive
 * rate stays at {@code alpha}. Early looks need overwhelming evidence; the last look is close to a fixed-size test.
 *
 * <p>With {@code Z_k} the standardised statistic at look {@code k} of {@code K}, the test rejects when
 * {@code |Z_k| >= c * sqrt(K / k)}. Under the null hypothesis the partial sums {@code S_k = Z_k * sqrt(k)} form a
 * Gaussian random walk, so the boundary is the constant {@code c * sqrt(K)} on {@code S}, and {@code c} is found by
 * propagating the walk's density across the looks numerically (Armitage, McPherson and Rowe's recursion) and solving
 * for an overall crossing probability of {@code alpha}.
 */
public final class GroupSequential {

    private static final double GRID_STEP = 0.02;
    private static final Map<String, GroupSequential> CACHE = new ConcurrentHashMap<>();

    private final int looks;
    private final double alpha;
    private final double constant;

    private GroupSequential(int looks, double alpha, double constant) {
        this.looks = looks;
        this.alpha = alpha;
        this.constant = constant;
    }

    public static GroupSequential obrienFleming(int looks, double alpha) {
        if (looks < 1 || looks > 50) {
            throw new IllegalArgumentException("looks must be between 1 and 50, got " + looks);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be between 0 and 0.5, got " + alpha);
        }
        return CACHE.computeIfAbsent(looks + "/" + alpha,
                key -> new GroupSequential(looks, alpha, solveConstant(looks, alpha)));
    }

    public int looks() {
        return looks;
    }

    public double alpha() {
        return alpha;
    }

    /** The constant {@code c} of the boundary (2.040 for five looks at alpha 0.05). */
    public double constant() {
        return constant;
    }

    /** The |z| a statistic must reach at look {@code look} (1-based) to stop. */
    public double criticalZ(int look) {
        checkLook(look);
        return constant * Math.sqrt((double) looks / look);
    }

    /** The nominal two-sided p-value threshold at look {@code look}: a p-value at or below it stops the test. */
    public double nominalAlpha(int look) {
        return Significance.twoSidedP(criticalZ(look));
    }

    public boolean rejects(int look, double pValue) {
        return !Double.isNaN(pValue) && pValue <= nominalAlpha(look);
    }

    private void checkLook(int look) {
        if (look < 1 || look > looks) {
            throw new IllegalArgumentException("look must be between 1 and " + looks + ", got " + look);
        }
    }

    private static double solveConstant(int looks, double alpha) {
        double low = 0.5;
        double high = 8;
        for (int i = 0; i < 40; i++) {
            double middle = (low + high) / 2;
            if (crossingProbability(looks, middle * Math.sqrt(looks)) > alpha) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /** The probability that a standard Gaussian random walk leaves (-b, b) within {@code looks} steps. */
    static double crossingProbability(int looks, double b) {
        int points = 2 * (int) Math.ceil(b / GRID_STEP) + 1;
        double h = 2 * b / (points - 1);
        var x = new double[points];
        var density = new double[points];
        var weights = simpsonWeights(points, h);
        for (int i = 0; i < points; i++) {
            x[i] = -b + i * h;
            density[i] = phi(x[i]);
        }
        var kernel = new double[2 * points - 1];
        for (int d = -(points - 1); d < points; d++) {
            kernel[d + points - 1] = phi(d * h);
        }
        for (int step = 2; step <= looks; step++) {
            var next = new double[points];
            for (int j = 0; j < points; j++) {
                double total = 0;
                int offset = j + points - 1;
                for (int i = 0; i < points; i++) {
                    total += weights[i] * density[i] * kernel[offset - i];
                }
                next[j] = total;
            }
            density = next;
        }
        double staying = 0;
        for (int i = 0; i < points; i++) {
            staying += weights[i] * density[i];
        }
        return 1 - staying;
    }

    private static double[] simpsonWeights(int points, double h) {
        var weights = new double[points];
        for (int i = 0; i < points; i++) {
            weights[i] = (i == 0 || i == points - 1 ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
        }
        return weights;
    }

    private static double phi(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }
}
