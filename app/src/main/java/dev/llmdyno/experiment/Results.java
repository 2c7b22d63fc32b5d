package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.llmdyno.metrics.ServerWindow;
import dev.llmdyno.stats.Interval;
import dev.llmdyno.stats.Summary;
import dev.llmdyno.advice.Advice;

import java.util.List;
import java.util.Map;

/**
 * What an experiment found: per variant (per pace in a sweep) the summaries of every metric, throughput and cost;
 * the comparisons with the baseline and their verdicts; for sweeps the table and the knee; and what the server
 * under test reported over the run, where the plan names its metrics; for a conversation run, the turn table and
 * the session totals ({@link ConversationReport}); for a users run, per class and per user ({@link UsersReport}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Results(String name, Outcome.Status status, String reason, SampleMetric decisionMetric, double alpha,
                      int look, int looks, List<VariantResult> variants, List<Comparison> comparisons,
                      List<String> verdicts, List<SweepRow> sweep, SweepRow knee, Double sloP95Ms,
                      List<TargetRow> targets, ServerWindow server, Slo slo,
                      ConversationReport.Result conversation, UsersReport.Result users) {

    /**
     * Where the plan checks answers, the share of each variant's that passed every check: "Answers passing every
     * check: whole (sequential) 100% (95% CI 83.9% to 100%), cut (sequential) 0% (95% CI 0% to 16.1%)."
     */
    public java.util.Optional<String> qualityLine() {
        if (variants.isEmpty() || variants.getFirst().quality() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("Answers passing every check: " + variants.stream().map(v -> {
            var rate = v.quality().passRate();
            return v.variant() + " (" + v.pace() + ") " + Slo.percent(rate.estimate()) + " (95% CI "
                    + Slo.percent(rate.lower()) + " to " + Slo.percent(rate.upper()) + ")";
        }).collect(java.util.stream.Collectors.joining(", ")) + ".");
    }

    /** The advisor's findings for every variant, each as "variant (pace): finding: change". */
    public List<String> adviceLines() {
        return variants.stream().flatMap(v -> v.advice().stream()
                .map(advice -> v.variant() + " (" + v.pace() + "): " + advice.sentence())).toList();
    }

    /**
     * One variant at one pace. {@code throughput} is over the measured window (warm-ups excluded); {@code advice} is
     * what the advisor's rules found in its medians (docs/tuning.md).
     */
    public record VariantResult(String variant, String pace, int requests, int succeeded,
                                Map<String, Integer> errors, Map<SampleMetric, Summary> metrics,
                                double windowSeconds, double requestsPerSecond, double outputTokensPerSecond,
                                Interval costPerRequestUsd, Interval costPer1kOutputTokensUsd, int cacheHits,
                                PromptCacheUse promptCache, SloResult slo, List<Advice> advice, Quality quality) {

        /** Whether its answers passed fewer checks than the baseline's, which bars it from being the winner. */
        public boolean answersWorse() {
            return quality != null && Boolean.TRUE.equals(quality.worseThanBaseline());
        }

        public double errorRate() {
            return requests == 0 ? 0 : (double) (requests - succeeded) / requests;
        }
    }

    /**
     * A variant against the baseline on one metric: differences of medians and of p95 with bootstrap intervals,
     * the Mann-Whitney p-value (Holm-adjusted when there are several variants), and whether it is significant. On
     * the deciding metric, {@code boundary} is the unadjusted p-value the stopping rule asked for at the look that
     * judged it (NaN on the other metrics, which are held to alpha after Holm's adjustment).
     */
    public record Comparison(String variant, String baseline, SampleMetric metric, int n, int baselineN,
                             Interval medianDifference, Interval p95Difference, double p, double pAdjusted,
                             boolean significant, boolean decides, double boundary) {
    }

    /**
     * How a variant's answers did on the plan's checks: of the {@code answered} requests, how many passed every check
     * (with a Wilson interval), each check's own pass rate, and against the baseline (null for the baseline itself)
     * Fisher's exact p-value for the difference in passing every check and whether it is worse at the plan's alpha.
     */
    public record Quality(int answered, int passedAll, Interval passRate, List<CheckRate> checks, Double p,
                          Boolean worseThanBaseline) {
    }

    /** One check's pass rate over a variant's answers. */
    public record CheckRate(String check, int passed, int answered, Interval passRate) {
    }

    /** Where a limit of the SLO, or a variant as a whole, stands: shown with confidence either way, or not yet. */
    public enum Standing {
        MET, MISSED, UNCLEAR;

        @JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A variant against the SLO: {@code standing} is missed when any limit is missed with confidence, met when all
     * are met with it, else unclear; {@code estimatesWithin} says whether every point estimate is within its limit
     * (what a sweep's best level is chosen by). {@code attained} of {@code requests} were good one by one (the rule
     * in docs/experiments.md); {@code goodput} is those per second of the measured window.
     */
    public record SloResult(Standing standing, boolean estimatesWithin, int attained, int requests,
                            Interval attainment, double goodput, List<SloCheck> checks) {
    }

    /**
     * One limit: what it bounds ("p95 TTFT") in which unit ({@code ms}, {@code share} or {@code usd}), the bound,
     * over how many values, the estimate with its 95% interval; {@code needed} is how many values it takes before
     * the interval has an upper bound at all (0 where any number does).
     */
    public record SloCheck(String figure, String unit, double limit, int n, Interval observed, Standing standing,
                           int needed) {
    }

    /**
     * What the provider's prompt cache did for one variant's answered requests (response-cache hits left out):
     * {@code hits} read some of their prompt from it, {@code writes} wrote to it; {@code tokenHitRatio} is the share
     * of input tokens read from it; the median TTFT of the requests that read it and of those that did not (null
     * where there were none).
     */
    public record PromptCacheUse(int requests, int hits, int writes, long inputTokens, long cachedTokens,
                                 long writtenTokens, double tokenHitRatio, Double p50TtftHitMs, Double p50TtftMissMs) {

        public boolean used() {
            return hits > 0 || writes > 0;
        }
    }

    /**
     * One variant's requests that ended at one target, where a variant's requests went to more than one (routing):
     * how many, how many failed, and the median and p95 of TTFT and latency there.
     */
    public record TargetRow(String variant, String pace, String target, int requests, int failed, double p50TtftMs,
                            double p95TtftMs, double p50LatencyMs, double p95LatencyMs) {
    }

    /** One row of a sweep table: a pace, what it achieved and at what latency. */
    public record SweepRow(String variant, String pace, double level, int requests, double requestsPerSecond,
                           double outputTokensPerSecond, double meanLatencyMs, double p95LatencyMs,
                           double p50TtftMs, double errorRate, double wallMsPerRequest) {
    }
}
