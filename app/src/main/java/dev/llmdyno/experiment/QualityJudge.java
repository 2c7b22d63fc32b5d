package dev.llmdyno.experiment;

import dev.llmdyno.checks.Check;
import dev.llmdyno.stats.Proportions;
import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.FisherExactTest;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan's checks over a variant's answers: pass rates with Wilson intervals, and against the baseline Fisher's
 * exact test on passing every check, so that a variant that is faster but answers worse is named, never crowned.
 */
final class QualityJudge {

    private QualityJudge() {
    }

    /** {@code baseline} is null for the baseline itself; the result is null when the plan has no checks. */
    static Results.Quality of(List<Check> checks, List<Sample> samples, List<Sample> baseline, double alpha) {
        if (checks.isEmpty()) {
            return null;
        }
        var answered = checked(samples);
        int passedAll = passedAll(answered);
        var rates = new ArrayList<Results.CheckRate>();
        for (int i = 0; i < checks.size(); i++) {
            int index = i;
            int passed = (int) answered.stream().filter(s -> s.passed(index)).count();
            rates.add(new Results.CheckRate(checks.get(i).label(), passed, answered.size(),
                    Proportions.wilson(passed, answered.size(), SloJudge.CONFIDENCE)));
        }
        Double p = null;
        Boolean worse = null;
        if (baseline != null) {
            var base = checked(baseline);
            int basePassed = passedAll(base);
            if (!answered.isEmpty() && !base.isEmpty()) {
                p = FisherExactTest.withDefaults().with(AlternativeHypothesis.TWO_SIDED).test(new int[][]{
                        {passedAll, answered.size() - passedAll}, {basePassed, base.size() - basePassed}}).getPValue();
                worse = p <= alpha && (double) passedAll / answered.size() < (double) basePassed / base.size();
            }
        }
        return new Results.Quality(answered.size(), passedAll, Proportions.wilson(passedAll, answered.size(),
                SloJudge.CONFIDENCE), rates, p, worse);
    }

    /**
     * A sentence for each variant that passes fewer checks than the baseline, saying so more loudly where the
     * decision metric would otherwise have made it the winner.
     */
    static List<String> verdicts(List<Results.VariantResult> variants, List<Results.Comparison> comparisons) {
        if (variants.isEmpty() || variants.getFirst().quality() == null) {
            return List.of();
        }
        var baseline = variants.getFirst();
        var lines = new ArrayList<String>();
        for (var variant : variants.subList(1, variants.size())) {
            var quality = variant.quality();
            if (!variant.answersWorse()) {
                continue;
            }
            var faster = comparisons.stream().filter(c -> c.variant().equals(variant.variant()) && c.decides()
                    && c.significant() && c.medianDifference().estimate() < 0).findFirst();
            var rates = share(quality) + " of its answers passed every check against " + share(baseline.quality())
                    + " of " + baseline.variant() + "'s (Fisher's exact " + Verdicts.formatP(quality.p()) + ")";
            lines.add(faster.map(c -> variant.variant() + " is faster on " + c.metric().label() + " but answers "
                    + "worse: " + rates + "; it is not the winner until its answers pass.")
                    .orElse(variant.variant() + " answers worse than " + baseline.variant() + ": " + rates + "."));
        }
        return lines;
    }

    private static String share(Results.Quality quality) {
        return Slo.percent(quality.answered() == 0 ? Double.NaN : (double) quality.passedAll() / quality.answered());
    }

    private static List<Sample> checked(List<Sample> samples) {
        return samples.stream().filter(s -> s.failedChecks() != null).toList();
    }

    private static int passedAll(List<Sample> answered) {
        return (int) answered.stream().filter(s -> s.failedChecks().isEmpty()).count();
    }
}
