package dev.llmdyno.experiment;

import dev.llmdyno.stats.Bootstrap;
import dev.llmdyno.stats.Significance;
import dev.llmdyno.stats.StoppingRule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stopping rule watching a run: the decision metric's values per variant in the order they arrive, and at each
 * planned look (when every variant has {@code k / looks} of its planned samples) whether every comparison with the
 * baseline is already clear, and where the plan has an SLO, whether every variant's standing against it is. An
 * interim SLO judgement uses a 1 − 0.05 / looks interval (Bonferroni over the looks), so stopping on it keeps the
 * final 95% verdict's error rate where it says.
 */
final class Looks {

    private final StoppingRule rule;
    private final SampleMetric metric;
    private final int planned;
    private final double[][] values;
    private final int[] counts;
    private final Slo slo;
    private final List<List<Sample>> judged;
    private final double sloConfidence;
    private int nextLook = 1;

    Looks(Experiment experiment) {
        var analysis = experiment.plan().analysis();
        this.rule = new StoppingRule(analysis.looks(), analysis.alpha());
        this.metric = analysis.metric();
        this.planned = Schedule.measuredPerVariant(experiment);
        int variants = experiment.variants().size();
        this.values = new double[variants][planned];
        this.counts = new int[variants];
        this.slo = experiment.plan().slo();
        this.judged = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            judged.add(new ArrayList<>());
        }
        this.sloConfidence = 1 - (1 - SloJudge.CONFIDENCE) / analysis.looks();
    }

    /**
     * Adds a measured sample; returns the look (1-based) at which every comparison became clear, or 0. Only looks
     * before the last stop a run early: at the last look the run is ending anyway.
     */
    int add(Sample sample) {
        if (slo != null) {
            judged.get(sample.variant()).add(sample);
        }
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
        int comparisons = values.length - 1;
        if (comparisons < 1 && slo == null) {
            return false;
        }
        return (comparisons < 1 || comparisonsClear(look)) && (slo == null || sloClear());
    }

    private boolean sloClear() {
        for (var samples : judged) {
            var costs = Analyzer.values(samples.stream().filter(Sample::ok).toList(), SampleMetric.COST);
            var costPerRequest = new Bootstrap(Bootstrap.DEFAULT_RESAMPLES, 0, sloConfidence).mean(costs);
            if (SloJudge.judge(slo, samples, 0, costPerRequest, sloConfidence).standing() == Results.Standing.UNCLEAR) {
                return false;
            }
        }
        return true;
    }

    private boolean comparisonsClear(int look) {
        int n = size(look);
        int comparisons = values.length - 1;
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
