package dev.llmdyno.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmdyno.stats.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a conversation run found per variant (docs/conversations.md): per turn number, what the turns carried and
 * cost and how soon they answered; per session, the totals with the summary calls counted apart; and how input
 * tokens, TTFT and cost grow with each turn (least-squares slopes over the turns).
 */
public final class ConversationReport {

    private ConversationReport() {
    }

    /** The turn table and the session totals. */
    public record Result(List<TurnRow> turns, List<SessionRow> sessions) {

        /** One line per variant: "all (1 concurrent): per turn, input +212 tokens, TTFT +4.1 ms, cost +$0.000031". */
        public List<String> growthLines() {
            return sessions.stream().map(row -> String.format(java.util.Locale.ROOT,
                    "%s (%s): per turn, input %s tokens, TTFT %s, cost %s", row.variant(), row.pace(),
                    Double.isNaN(row.inputTokensPerTurn()) ? "n/a"
                            : String.format(java.util.Locale.ROOT, "%+.0f", row.inputTokensPerTurn()),
                    signed(SampleMetric.TTFT, row.ttftMsPerTurn()), signed(SampleMetric.COST, row.costUsdPerTurn())))
                    .toList();
        }

        /** One line per variant: "all (12 concurrent): 4 sessions, 4 whole; a session 28602 input tokens, $0.014322". */
        public List<String> sessionLines() {
            return sessions.stream().map(row -> String.format(java.util.Locale.ROOT,
                    "%s (%s): %d sessions, %d answered every turn; a session carried %.0f input tokens and cost %s%s",
                    row.variant(), row.pace(), row.sessions(), row.completed(), row.meanInputTokens(),
                    SampleMetric.COST.format(row.meanCostUsd()), row.summaryCalls() == 0 ? ""
                            : " (" + SampleMetric.COST.format(row.meanSummaryCostUsd()) + " of it summaries)")).toList();
        }

        private static String signed(SampleMetric metric, double value) {
            return Double.isNaN(value) ? "n/a" : (value >= 0 ? "+" : "") + metric.format(value);
        }
    }

    /**
     * One turn number of one variant over its sessions: how many were answered of those sent, the mean input tokens
     * and the mean of them read from the provider's prompt cache, the median TTFT, the mean cost of the turn itself, the summary calls made before it and their cost, and where
     * the plan checks answers, the share that passed every check (null without checks).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TurnRow(String variant, String pace, int turn, int requests, int succeeded, double meanInputTokens,
                          double meanCachedInputTokens, Double p50TtftMs, double meanCostUsd, int summaryCalls,
                          double summaryCostUsd,
                          Double passRate) {
    }

    /**
     * One variant's sessions: how many, how many answered every turn, the mean per session of input tokens and of
     * cost (summary calls included, and apart), the summary calls, and the growth per turn of input tokens, median
     * TTFT and mean cost (NaN with fewer than two turn numbers).
     */
    public record SessionRow(String variant, String pace, int sessions, int completed, double meanInputTokens,
                             double meanCostUsd, double meanSummaryCostUsd, int summaryCalls,
                             double inputTokensPerTurn, double ttftMsPerTurn, double costUsdPerTurn) {
    }

    /** The report of a conversation run's samples (warm-ups left out); null for a plan of single calls. */
    static Result of(Experiment experiment, List<Sample> samples) {
        if (!experiment.conversational()) {
            return null;
        }
        var paces = experiment.plan().arrival().paces();
        var turns = new ArrayList<TurnRow>();
        var sessions = new ArrayList<SessionRow>();
        boolean checked = !experiment.plan().checks().isEmpty();
        for (int level = 0; level < paces.size(); level++) {
            for (int v = 0; v < experiment.variants().size(); v++) {
                int variant = v;
                int pace = level;
                var own = samples.stream().filter(s -> !s.warmup() && s.variant() == variant && s.level() == pace
                        && s.turn() != null).toList();
                var name = experiment.variants().get(v).name();
                var paceName = experiment.paceName(level);
                var rows = turnRows(name, paceName, own, checked);
                turns.addAll(rows);
                sessions.add(sessionRow(experiment, name, paceName, own, rows));
            }
        }
        return new Result(turns, sessions);
    }

    private static List<TurnRow> turnRows(String variant, String pace, List<Sample> own, boolean checked) {
        Map<Integer, List<Sample>> byTurn = own.stream().collect(Collectors.groupingBy(Sample::turn,
                java.util.TreeMap::new, Collectors.toList()));
        var rows = new ArrayList<TurnRow>();
        byTurn.forEach((turn, all) -> {
            var calls = all.stream().filter(s -> !s.summary()).toList();
            var summaries = all.stream().filter(Sample::summary).toList();
            var answered = calls.stream().filter(Sample::ok).toList();
            var ttft = Analyzer.values(answered, SampleMetric.TTFT);
            var passed = answered.stream().map(s -> s.failedChecks() == null ? null : s.failedChecks().isEmpty())
                    .filter(Objects::nonNull).toList();
            rows.add(new TurnRow(variant, pace, turn, calls.size(), answered.size(),
                    answered.stream().mapToDouble(s -> orZero(s.inputTokens())).average().orElse(Double.NaN),
                    answered.stream().mapToDouble(s -> orZero(s.cachedInputTokens())).average().orElse(Double.NaN),
                    ttft.length == 0 ? null : Summary.of(ttft).p50(),
                    answered.stream().mapToDouble(s -> orZero(s.costUsd())).average().orElse(Double.NaN),
                    summaries.size(), calls.isEmpty() ? 0
                            : summaries.stream().mapToDouble(s -> orZero(s.costUsd())).sum() / calls.size(),
                    !checked || passed.isEmpty() ? null
                            : (double) passed.stream().filter(Boolean::booleanValue).count() / passed.size()));
        });
        return rows;
    }

    private static SessionRow sessionRow(Experiment experiment, String variant, String pace, List<Sample> own,
                                         List<TurnRow> rows) {
        Map<List<Integer>, List<Sample>> bySession = own.stream().collect(Collectors.groupingBy(
                s -> List.of(s.row(), s.repetition())));
        int completed = 0;
        double input = 0;
        double cost = 0;
        double summaryCost = 0;
        int summaryCalls = 0;
        for (var entry : bySession.entrySet()) {
            var calls = entry.getValue().stream().filter(s -> !s.summary()).toList();
            int length = experiment.conversations().get(entry.getKey().getFirst()).turns().size();
            if (calls.size() == length && calls.stream().allMatch(Sample::ok)) {
                completed++;
            }
            for (var sample : entry.getValue()) {
                cost += orZero(sample.costUsd());
                if (sample.summary()) {
                    summaryCalls++;
                    summaryCost += orZero(sample.costUsd());
                } else {
                    input += orZero(sample.inputTokens());
                }
            }
        }
        int count = bySession.size();
        return new SessionRow(variant, pace, count, completed, count == 0 ? Double.NaN : input / count,
                count == 0 ? Double.NaN : cost / count, count == 0 ? Double.NaN : summaryCost / count, summaryCalls,
                slope(rows, TurnRow::meanInputTokens), slope(rows, r -> r.p50TtftMs() == null ? Double.NaN : r.p50TtftMs()),
                slope(rows, r -> r.meanCostUsd() + r.summaryCostUsd()));
    }

    /** The least-squares slope of {@code value} over the turn numbers (rows without a value left out). */
    private static double slope(List<TurnRow> rows, java.util.function.ToDoubleFunction<TurnRow> value) {
        var points = rows.stream().filter(r -> !Double.isNaN(value.applyAsDouble(r))).toList();
        if (points.size() < 2) {
            return Double.NaN;
        }
        double meanX = points.stream().mapToDouble(TurnRow::turn).average().orElseThrow();
        double meanY = points.stream().mapToDouble(value).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (var point : points) {
            covariance += (point.turn() - meanX) * (value.applyAsDouble(point) - meanY);
            variance += (point.turn() - meanX) * (point.turn() - meanX);
        }
        return covariance / variance;
    }

    private static double orZero(Number value) {
        return value == null ? 0 : value.doubleValue();
    }
}
