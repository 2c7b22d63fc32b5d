package dev.llmdyno.experiment;

import dev.llmdyno.stats.Significance;
import dev.llmdyno.stats.StoppingRule;

import java.util.Arrays;

/**
 * The stopping rule watching a run: the decision metric's values per variant in the order they arrive, and at each
 * planned look (when every variant has {@code k / looks} of its planned samples) whether every comparison with the
 * baseline is already clear.
 */
final class Looks {

    private final StoppingRule rule;
    private final SampleMetric metric;
    private final int planned;
    private final double[][] values;
    private final int[] counts;
    private int nextLook = 1;

    Looks(Experiment experiment) {
        var analysis = experiment.plan().analysis();
        this.rule = new StoppingRule(analysis.looks(), analysis.alpha());
        this.metric = analysis.metric();
        this.planned = Schedule.measuredPerVariant(experiment);
        int variants = experiment.variants().size();
        this.values = new double[variants][planned];
        this.counts = new int[variants];
    }

    /**
     * Adds a measured sample; returns the look (1-based) at which every comparison became clear, or 0. Only looks
     * before the last stop a run early: at the last look the run is ending anyway.
     */
    int add(Sample sample) {
        var value = metric.of(sample);
        if (value == null || counts[sample.variant()] >= planned) {
            return 0;
        }
        values[sample.variant()][counts[sample.variant()]++] = value;
        int available = Arrays.stream(counts).min().orElse(0);
        int clearAt = 0;
        while (nextLook < rule.looks() && available >= size(nextLook)) {
            if (clearAt == 0 && allClear(nextLook)) {
                clearAt = nextLook;
            }
            nextLook++;
        }
        return clearAt;
    }

    private int size(int look) {
        return (int) Math.ceil((double) look * planned / rule.looks());
    }

    private boolean allClear(int look) {
        int n = size(look);
        int comparisons = values.length - 1;
        if (comparisons < 1) {
            return false;
        }
        var p = new double[comparisons];
        var baseline = Arrays.copyOf(values[0], n);
        for (int v = 1; v < values.length; v++) {
            p[v - 1] = Significance.mannWhitney(baseline, Arrays.copyOf(values[v], n));
        }
        for (boolean rejected : rule.rejected(look, p)) {
            if (!rejected) {
                return false;
            }
        }
        return true;
    }
}
