package dev.llmdyno.experiment;

import dev.llmdyno.stats.Bootstrap;
import dev.llmdyno.stats.Interval;
import dev.llmdyno.stats.Quantiles;
import dev.llmdyno.stats.Significance;
import dev.llmdyno.stats.StoppingRule;
import dev.llmdyno.stats.Summary;
import dev.llmdyno.advice.Advisor;
import dev.llmdyno.advice.Observation;
import dev.llmdyno.advice.Trend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns samples into {@link Results}. The decision metric is judged by the stopping rule at the look the run
 * reached, so stopping early costs no false positives; the other metrics get fixed-sample Mann-Whitney tests with
 * Holm's correction across variants and are a description, not the decision.
 */
public final class Analyzer {

    private static final double[] QUANTILES = {0.5, 0.95};

    private Analyzer() {
    }

    public static Results analyze(Experiment experiment, Outcome outcome) {
        var plan = experiment.plan();
        var analysis = plan.analysis();
        var paces = plan.arrival().paces();
        var measured = outcome.samples().stream().filter(Sample::measured).toList();
        var slo = objective(plan);
        var perVariant = new ArrayList<Results.VariantResult>();
        for (int level = 0; level < paces.size(); level++) {
            for (int v = 0; v < experiment.variants().size(); v++) {
                int variant = v;
                int pace = level;
                var atPace = measured.stream().filter(s -> s.level() == pace).toList();
                var own = atPace.stream().filter(s -> s.variant() == variant).toList();
                var quality = QualityJudge.of(plan.checks(), own,
                        v == 0 ? null : atPace.stream().filter(s -> s.variant() == 0).toList(), analysis.alpha());
                // The variants of a replay or of users run one pass after another: each one's throughput is over its own pass.
                perVariant.add(variantResult(experiment.variants().get(v), experiment.paceName(level), own,
                        windowSeconds(experiment.replaying() || experiment.crowded() ? own : atPace), plan.seed(), slo, quality));
            }
        }
        var comparisons = paces.size() == 1 ? compare(experiment, measured, outcome.look()) : List.<Results.Comparison>of();
        // A variant that answers worse is said first: no speed-up is read before it.
        var verdicts = new ArrayList<>(paces.size() == 1 ? QualityJudge.verdicts(perVariant, comparisons)
                : List.<String>of());
        comparisons.stream().filter(c -> c.decides() || c.significant()).map(Verdicts::of).forEach(verdicts::add);
        List<Results.SweepRow> sweep = paces.size() > 1 ? sweepRows(experiment, perVariant) : null;
        return new Results(experiment.name(), outcome.status(), outcome.reason(), analysis.metric(), analysis.alpha(),
                effectiveLook(experiment, measured, outcome.look()), analysis.looks(), perVariant, comparisons,
                verdicts, sweep, knee(sweep, perVariant, slo), p95LatencyObjective(plan),
                targetRows(experiment, measured, paces), outcome.server(), slo,
                ConversationReport.of(experiment, outcome.samples()), UsersReport.of(experiment, outcome.samples()));
    }

    /** The plan's SLO; where it has none, what {@code analysis.sloP95Ms} has always meant (p95 latency, no errors). */
    private static Slo objective(ExperimentPlan plan) {
        if (plan.slo() != null) {
            return plan.slo();
        }
        return plan.analysis().sloP95Ms() == null ? null : Slo.p95Latency(plan.analysis().sloP95Ms());
    }

    /** The line a sweep's chart draws: the p95 latency bound, where the objective has one. */
    private static Double p95LatencyObjective(ExperimentPlan plan) {
        var slo = objective(plan);
        return slo == null ? null : slo.latencyMs().get("p95");
    }

    /**
     * A sweep's knee under an SLO: the baseline's level with the best throughput whose estimates are all within the
     * SLO. The rows are in the same order as the variant results they were made from.
     */
    private static Results.SweepRow knee(List<Results.SweepRow> sweep, List<Results.VariantResult> perVariant, Slo slo) {
        if (sweep == null || slo == null) {
            return null;
        }
        var baseline = perVariant.getFirst().variant();
        Results.SweepRow best = null;
        for (int i = 0; i < sweep.size(); i++) {
            var row = sweep.get(i);
            if (row.variant().equals(baseline) && perVariant.get(i).slo().estimatesWithin()
                    && (best == null || row.requestsPerSecond() > best.requestsPerSecond())) {
                best = row;
            }
        }
        return best;
    }

    /** Per variant, pace and target, for the variants whose requests went to more than one target; else none. */
    private static List<Results.TargetRow> targetRows(Experiment experiment, List<Sample> measured,
                                                      List<Arrival.Pace> paces) {
        var rows = new ArrayList<Results.TargetRow>();
        for (int level = 0; level < paces.size(); level++) {
            for (int v = 0; v < experiment.variants().size(); v++) {
                int variant = v;
                int pace = level;
                var byTarget = new java.util.TreeMap<String, List<Sample>>();
                measured.stream().filter(s -> s.variant() == variant && s.level() == pace && s.target() != null)
                        .forEach(s -> byTarget.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s));
                if (byTarget.size() < 2) {
                    continue;
                }
                byTarget.forEach((target, samples) -> {
                    var ok = samples.stream().filter(Sample::ok).toList();
                    var ttft = dev.llmdyno.stats.Summary.of(ok.stream().map(Sample::ttftMs).filter(java.util.Objects::nonNull)
                            .mapToDouble(Double::doubleValue).toArray());
                    var latency = dev.llmdyno.stats.Summary.of(ok.stream().map(Sample::latencyMs)
                            .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray());
                    rows.add(new Results.TargetRow(experiment.variants().get(variant).name(), experiment.paceName(pace),
                            target, samples.size(), samples.size() - ok.size(), ttft.p50(), ttft.p95(), latency.p50(),
                            latency.p95()));
                });
            }
        }
        return rows;
    }

    private static Results.VariantResult variantResult(Variant variant, String pace, List<Sample> samples,
                                                       double windowSeconds, long seed, Slo slo,
                                                       Results.Quality quality) {
        var errors = new TreeMap<String, Integer>();
        samples.stream().filter(s -> !s.ok()).forEach(s -> errors.merge(s.error(), 1, Integer::sum));
        var metrics = new EnumMap<SampleMetric, Summary>(SampleMetric.class);
        for (var metric : SampleMetric.values()) {
            metrics.put(metric, Summary.of(values(samples, metric)));
        }
        var ok = samples.stream().filter(Sample::ok).toList();
        var bootstrap = new Bootstrap(seed);
        var costs = values(ok, SampleMetric.COST);
        var priced = ok.stream().filter(s -> s.costUsd() != null && s.outputTokens() != null).toList();
        double outputTokens = ok.stream().map(Sample::outputTokens).filter(Objects::nonNull).mapToInt(i -> i).sum();
        var costPerRequest = bootstrap.mean(costs);
        return new Results.VariantResult(variant.name(), pace, samples.size(), ok.size(), errors, metrics, windowSeconds,
                windowSeconds > 0 ? ok.size() / windowSeconds : 0, windowSeconds > 0 ? outputTokens / windowSeconds : 0,
                costPerRequest,
                bootstrap.ratio(priced.stream().mapToDouble(Sample::costUsd).toArray(),
                        priced.stream().mapToDouble(s -> s.outputTokens()).toArray(), 1000),
                (int) ok.stream().filter(Sample::cached).count(), promptCacheUse(ok),
                slo == null ? null : SloJudge.judge(slo, samples, windowSeconds, costPerRequest),
                ok.isEmpty() ? List.of() : Advisor.advise(observation(variant, samples, ok, metrics)), quality);
    }

    /** What the advisor reads of a variant: the medians, and the counts its rules weigh. */
    private static Observation observation(Variant variant, List<Sample> samples, List<Sample> ok,
                                           Map<SampleMetric, Summary> metrics) {
        int maxTokens = variant.profile().params().maxTokens();
        var prompted = ok.stream().filter(s -> s.inputTokens() != null && s.ttftMs() != null).toList();
        return new Observation(variant.profile(), samples.size(), median(ok, Sample::queueMs),
                metrics.get(SampleMetric.LATENCY).p50(), null, null, null, median(ok, Sample::ttftMs),
                median(ok, Sample::e2eMs), median(ok, Sample::tpotMs), wholeMedian(ok, Sample::inputTokens),
                wholeMedian(ok, Sample::cachedInputTokens), wholeMedian(ok, Sample::outputTokens),
                (int) samples.stream().filter(s -> s.status() == 429).count(),
                (int) ok.stream().filter(s -> s.outputTokens() != null && s.outputTokens() >= maxTokens).count(),
                Trend.of(prompted.stream().mapToDouble(Analyzer::uncachedInputTokens).toArray(),
                        prompted.stream().mapToDouble(Sample::ttftMs).toArray()));
    }

    /** The prompt the server had to prefill: what it read from its prompt cache costs next to nothing. */
    private static double uncachedInputTokens(Sample sample) {
        return sample.inputTokens() - orZero(sample.cachedInputTokens());
    }

    private static Double median(List<Sample> samples, java.util.function.Function<Sample, Double> figure) {
        var values = samples.stream().map(figure).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        return values.length == 0 ? null : Quantiles.of(values, 0.5);
    }

    private static Integer wholeMedian(List<Sample> samples, java.util.function.Function<Sample, Integer> figure) {
        var median = median(samples, s -> figure.apply(s) == null ? null : figure.apply(s).doubleValue());
        return median == null ? null : (int) Math.round(median);
    }

    private static Results.PromptCacheUse promptCacheUse(List<Sample> ok) {
        var answered = ok.stream().filter(s -> !s.cached() && s.inputTokens() != null).toList();
        var hits = answered.stream().filter(s -> orZero(s.cachedInputTokens()) > 0).toList();
        var misses = answered.stream().filter(s -> orZero(s.cachedInputTokens()) == 0).toList();
        long input = answered.stream().mapToLong(Sample::inputTokens).sum();
        long cached = answered.stream().mapToLong(s -> orZero(s.cachedInputTokens())).sum();
        return new Results.PromptCacheUse(answered.size(), hits.size(),
                (int) answered.stream().filter(s -> orZero(s.cacheWriteTokens()) > 0).count(), input, cached,
                answered.stream().mapToLong(s -> orZero(s.cacheWriteTokens())).sum(),
                input == 0 ? 0 : (double) cached / input, medianTtft(hits), medianTtft(misses));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static Double medianTtft(List<Sample> samples) {
        var ttft = values(samples, SampleMetric.TTFT);
        return ttft.length == 0 ? null : Summary.of(ttft).p50();
    }

    private static List<Results.Comparison> compare(Experiment experiment, List<Sample> measured, int stoppedAt) {
        var analysis = experiment.plan().analysis();
        var variants = experiment.variants();
        var out = new ArrayList<Results.Comparison>();
        if (variants.size() < 2) {
            return out;
        }
        var rule = new StoppingRule(analysis.looks(), analysis.alpha());
        int look = effectiveLook(experiment, measured, stoppedAt);
        var bootstrap = new Bootstrap(experiment.plan().seed());
        for (var metric : SampleMetric.values()) {
            var baseline = values(of(measured, 0), metric);
            var p = new double[variants.size() - 1];
            var intervals = new Interval[variants.size() - 1][];
            var samples = new double[variants.size() - 1][];
            for (int v = 1; v < variants.size(); v++) {
                samples[v - 1] = values(of(measured, v), metric);
                p[v - 1] = Significance.mannWhitney(baseline, samples[v - 1]);
                intervals[v - 1] = bootstrap.quantileDifferences(baseline, samples[v - 1], QUANTILES);
            }
            boolean decides = metric == analysis.metric();
            var adjusted = Significance.holm(p);
            var rejected = decides ? rule.rejected(look, p) : null;
            var boundaries = decides ? rule.boundaries(look, p) : null;
            for (int v = 1; v < variants.size(); v++) {
                int i = v - 1;
                boolean significant = decides ? rejected[i] : adjusted[i] <= analysis.alpha();
                out.add(new Results.Comparison(variants.get(v).name(), variants.getFirst().name(), metric,
                        samples[i].length, baseline.length, intervals[i][0], intervals[i][1], p[i],
                        adjusted[i], significant, decides, decides ? boundaries[i] : Double.NaN));
            }
        }
        return out;
    }

    /**
     * The look whose boundary judges the final data: where the rule stopped the run; the last look when every
     * planned sample is in; otherwise the look the data had reached when a limit ended the run.
     */
    static int effectiveLook(Experiment experiment, List<Sample> measured, int stoppedAt) {
        int looks = experiment.plan().analysis().looks();
        if (stoppedAt > 0) {
            return stoppedAt;
        }
        int planned = Schedule.measuredPerVariant(experiment);
        int fewest = Integer.MAX_VALUE;
        for (int v = 0; v < experiment.variants().size(); v++) {
            fewest = Math.min(fewest, of(measured, v).size());
        }
        return Math.clamp((int) Math.ceil((double) looks * fewest / planned), 1, looks);
    }

    private static List<Results.SweepRow> sweepRows(Experiment experiment, List<Results.VariantResult> perVariant) {
        var paces = experiment.plan().arrival().paces();
        var rows = new ArrayList<Results.SweepRow>();
        int variants = experiment.variants().size();
        for (int i = 0; i < perVariant.size(); i++) {
            var result = perVariant.get(i);
            var latency = result.metrics().get(SampleMetric.LATENCY);
            rows.add(new Results.SweepRow(result.variant(), result.pace(), paces.get(i / variants).level(),
                    result.requests(), result.requestsPerSecond(), result.outputTokensPerSecond(), latency.mean(),
                    latency.p95(), result.metrics().get(SampleMetric.TTFT).p50(), result.errorRate(),
                    result.requests() == 0 ? Double.NaN : result.windowSeconds() * 1000 / result.requests()));
        }
        return rows;
    }

    /** From the first planned start to the last end: the window over which throughput is counted. */
    static double windowSeconds(List<Sample> samples) {
        double start = samples.stream().mapToDouble(Sample::plannedMs).min().orElse(0);
        double end = samples.stream().mapToDouble(Sample::endedMs).max().orElse(0);
        return Math.max(0, end - start) / 1000;
    }

    private static List<Sample> of(List<Sample> measured, int variant) {
        return measured.stream().filter(s -> s.variant() == variant).toList();
    }

    static double[] values(List<Sample> samples, SampleMetric metric) {
        return samples.stream().map(metric::of).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
    }
}
