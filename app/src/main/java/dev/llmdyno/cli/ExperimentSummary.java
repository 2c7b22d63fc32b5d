package dev.llmdyno.cli;

import dev.llmdyno.experiment.ConversationReport;
import dev.llmdyno.experiment.Results;
import dev.llmdyno.experiment.SampleMetric;
import dev.llmdyno.experiment.Slo;
import dev.llmdyno.experiment.SloVerdicts;
import dev.llmdyno.experiment.Sweeps;
import dev.llmdyno.experiment.UsersReport;
import dev.llmdyno.metrics.ServerWindow;
import dev.llmdyno.stats.Interval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text an experiment ends with: how it ended, a table per variant, the sweep table and the verdicts. */
final class ExperimentSummary {

    private ExperimentSummary() {
    }

    static String render(Results results) {
        var out = new StringBuilder();
        out.append(results.name()).append(": ").append(results.status().id()).append(" (").append(results.reason())
                .append(")\n\n");
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("variant", "pace", "n", "errors", "TTFT p50", "TTFT p95", "latency p50", "latency p95",
                "TPOT p50", "req/s", "out tok/s", "$/request"));
        for (var v : results.variants()) {
            rows.add(List.of(v.variant(), v.pace(), String.valueOf(v.requests()), String.valueOf(v.requests() - v.succeeded()),
                    ms(v.metrics().get(SampleMetric.TTFT).p50()), ms(v.metrics().get(SampleMetric.TTFT).p95()),
                    ms(v.metrics().get(SampleMetric.LATENCY).p50()), ms(v.metrics().get(SampleMetric.LATENCY).p95()),
                    ms(v.metrics().get(SampleMetric.TPOT).p50()), String.format(Locale.ROOT, "%.2f", v.requestsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", v.outputTokensPerSecond()), usd(v.costPerRequestUsd())));
        }
        out.append(TextTable.render(rows));
        results.variants().stream().filter(v -> !v.errors().isEmpty()).forEach(v ->
                out.append("errors in ").append(v.variant()).append(" (").append(v.pace()).append("): ")
                        .append(v.errors()).append('\n'));
        // Answers from the response cache have no provider timings: their share says how far TTFT speaks for all.
        results.variants().stream().filter(v -> v.cacheHits() > 0).forEach(v ->
                out.append(String.format(Locale.ROOT, "cache hits in %s (%s): %d of %d answers (%.0f%%), not in TTFT, "
                        + "TPOT or e2e%n", v.variant(), v.pace(), v.cacheHits(), v.succeeded(),
                        100.0 * v.cacheHits() / Math.max(1, v.succeeded()))));
        if (results.slo() != null) {
            out.append(slo(results));
        }
        if (results.variants().stream().anyMatch(v -> v.promptCache() != null && v.promptCache().used())) {
            out.append("\nprovider prompt cache (hit: a request that read part of its prompt from it):\n");
            var table = new ArrayList<List<String>>();
            table.add(List.of("variant", "pace", "hits", "tokens read", "tokens written", "TTFT p50 hit",
                    "TTFT p50 miss"));
            for (var v : results.variants()) {
                var cache = v.promptCache();
                table.add(List.of(v.variant(), v.pace(), cache.hits() + " of " + cache.requests(),
                        String.format(Locale.ROOT, "%d (%.0f%%)", cache.cachedTokens(), 100 * cache.tokenHitRatio()),
                        String.valueOf(cache.writtenTokens()), ms(orNaN(cache.p50TtftHitMs())),
                        ms(orNaN(cache.p50TtftMissMs()))));
            }
            out.append(TextTable.render(table));
        }
        if (results.targets() != null && !results.targets().isEmpty()) {
            out.append("\nper target (where a variant's requests went to several):\n");
            var table = new ArrayList<List<String>>();
            table.add(List.of("variant", "pace", "target", "n", "errors", "TTFT p50", "TTFT p95", "latency p50",
                    "latency p95"));
            for (var row : results.targets()) {
                table.add(List.of(row.variant(), row.pace(), TerminalText.safe(row.target()), String.valueOf(row.requests()),
                        String.valueOf(row.failed()), ms(row.p50TtftMs()), ms(row.p95TtftMs()), ms(row.p50LatencyMs()),
                        ms(row.p95LatencyMs())));
            }
            out.append(TextTable.render(table));
        }
        if (results.server() != null) {
            out.append(server(results.server()));
        }
        if (results.sweep() != null) {
            out.append('\n');
            var sweep = new ArrayList<List<String>>();
            sweep.add(List.of("variant", "pace", "req/s", "out tok/s", "mean latency", "p95 latency", "TTFT p50",
                    "errors", "wall ms/request"));
            for (var row : results.sweep()) {
                sweep.add(List.of(row.variant() + (row.equals(results.knee()) ? " *" : ""), row.pace(),
                        String.format(Locale.ROOT, "%.2f", row.requestsPerSecond()),
                        String.format(Locale.ROOT, "%.1f", row.outputTokensPerSecond()), ms(row.meanLatencyMs()),
                        ms(row.p95LatencyMs()), ms(row.p50TtftMs()),
                        String.format(Locale.ROOT, "%.1f%%", 100 * row.errorRate()),
                        String.format(Locale.ROOT, "%.0f", row.wallMsPerRequest())));
            }
            out.append(TextTable.render(sweep));
            var knee = Sweeps.kneeSentence(results);
            if (!knee.isEmpty()) {
                out.append(knee).append('\n');
            }
        }
        if (results.conversation() != null) {
            out.append(conversation(results.conversation()));
        }
        if (results.users() != null) {
            out.append(users(results.users()));
        }
        results.qualityLine().ifPresent(line -> out.append('\n').append(TerminalText.safe(line)).append('\n'));
        var advice = results.adviceLines();
        if (!advice.isEmpty()) {
            out.append("\nadvice:\n");
            advice.forEach(line -> out.append("- ").append(TerminalText.safe(line)).append('\n'));
        }
        if (!results.verdicts().isEmpty()) {
            out.append('\n');
            results.verdicts().forEach(verdict -> out.append("- ").append(verdict).append('\n'));
            out.append(String.format(Locale.ROOT, "(decided on %s at look %d of %d, alpha %.2f; other metrics "
                    + "listed only where they differ)%n", results.decisionMetric().id(), results.look(),
                    results.looks(), results.alpha()));
        }
        return out.toString();
    }

    /**
     * A conversation run: per turn number and variant what the turn carried, how soon it answered and what it cost
     * (summary calls apart), then the session totals and the growth per turn.
     */
    private static String conversation(ConversationReport.Result report) {
        var out = new StringBuilder("\nper turn (means over the sessions that reached it: input tokens, those read from "
                + "the provider's prompt cache, cost; summary calls made before the turn are counted apart):\n");
        boolean checked = report.turns().stream().anyMatch(row -> row.passRate() != null);
        var header = new ArrayList<>(List.of("variant", "pace", "turn", "n", "errors", "input tokens", "cached",
                "TTFT p50",
                "$/turn", "summaries", "summary $"));
        if (checked) {
            header.add("checks passed");
        }
        var table = new ArrayList<List<String>>();
        table.add(header);
        for (var row : report.turns()) {
            var cells = new ArrayList<>(List.of(row.variant(), row.pace(), String.valueOf(row.turn() + 1),
                    String.valueOf(row.requests()), String.valueOf(row.requests() - row.succeeded()),
                    String.format(Locale.ROOT, "%.0f", row.meanInputTokens()),
                    String.format(Locale.ROOT, "%.0f", row.meanCachedInputTokens()), ms(orNaN(row.p50TtftMs())),
                    String.format(Locale.ROOT, "$%.6f", row.meanCostUsd()), String.valueOf(row.summaryCalls()),
                    String.format(Locale.ROOT, "$%.6f", row.summaryCostUsd())));
            if (checked) {
                cells.add(row.passRate() == null ? "-" : Slo.percent(row.passRate()));
            }
            table.add(cells);
        }
        out.append(TextTable.render(table)).append("\nper session:\n");
        var sessions = new ArrayList<List<String>>();
        sessions.add(List.of("variant", "pace", "sessions", "completed", "input tokens", "$/session",
                "of it summaries", "summary calls"));
        for (var row : report.sessions()) {
            sessions.add(List.of(row.variant(), row.pace(), String.valueOf(row.sessions()),
                    String.valueOf(row.completed()), String.format(Locale.ROOT, "%.0f", row.meanInputTokens()),
                    String.format(Locale.ROOT, "$%.6f", row.meanCostUsd()),
                    String.format(Locale.ROOT, "$%.6f", row.meanSummaryCostUsd()), String.valueOf(row.summaryCalls())));
        }
        out.append(TextTable.render(sessions));
        report.growthLines().forEach(line -> out.append("- ").append(TerminalText.safe(line)).append('\n'));
        return out.toString();
    }

    /**
     * A users run: per variant and class of users how their requests fared and how long they waited on the client,
     * then how evenly each variant served all its users (results.json has every user's own row).
     */
    private static String users(UsersReport.Result report) {
        var out = new StringBuilder("\nper class of users (latency includes the queue: the class's bucket and the "
                + "priority gate; fairness is Jain's index over the class's users' throughput):\n");
        var table = new ArrayList<List<String>>();
        table.add(List.of("variant", "class", "priority", "users", "n", "errors", "latency p50", "latency p95",
                "TTFT p95", "queue mean", "req/s", "fairness"));
        for (var row : report.classes()) {
            table.add(List.of(row.variant(), row.userClass(), String.valueOf(row.priority()),
                    String.valueOf(row.users()), String.valueOf(row.requests()),
                    String.valueOf(row.requests() - row.succeeded()), ms(row.p50LatencyMs()), ms(row.p95LatencyMs()),
                    ms(row.p95TtftMs()), ms(row.meanQueueMs()),
                    String.format(Locale.ROOT, "%.2f", row.requestsPerSecond()),
                    String.format(Locale.ROOT, "%.2f", row.fairness())));
        }
        out.append(TextTable.render(table));
        report.variants().forEach(row -> out.append(String.format(Locale.ROOT,
                "- %s: fairness over all %d users %.2f%n", TerminalText.safe(row.variant()), row.users(),
                row.fairness())));
        return out.toString();
    }

    /** The SLO: a table of each variant's standing, attainment and goodput, then the evidence in words. */
    private static String slo(Results results) {
        var lines = SloVerdicts.lines(results);
        var out = new StringBuilder("\n").append(lines.getFirst()).append('\n');
        var table = new ArrayList<List<String>>();
        table.add(List.of("variant", "pace", "SLO", "within SLO", "95% CI", "goodput req/s"));
        for (var v : results.variants()) {
            var attainment = v.slo().attainment();
            table.add(List.of(v.variant(), v.pace(), SloVerdicts.standing(v), v.slo().attained() + " of "
                    + v.slo().requests(), Slo.percent(attainment.lower()) + " to " + Slo.percent(attainment.upper()),
                    String.format(Locale.ROOT, "%.2f", v.slo().goodput())));
        }
        out.append(TextTable.render(table));
        lines.stream().skip(1).forEach(line -> out.append("- ").append(TerminalText.safe(line)).append('\n'));
        return out.toString();
    }

    /** The server's own figures over the run, beside the client's. */
    private static String server(ServerWindow server) {
        var out = new StringBuilder(String.format(Locale.ROOT, "%nserver %s: %d scrapes over %.1f s%n",
                TerminalText.safe(server.url()), server.scrapes(), server.seconds()));
        if (!server.models().isEmpty()) {
            var table = new ArrayList<List<String>>();
            table.add(ServerWindow.ModelWindow.COLUMNS);
            for (var model : server.models()) {
                table.add(model.cells().stream().map(TerminalText::safe).toList());
            }
            out.append(TextTable.render(table));
        }
        if (server.problem() != null) {
            out.append("warning: ").append(TerminalText.safe(server.problem())).append('\n');
        }
        return out.toString();
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f ms", value);
    }

    private static String usd(Interval interval) {
        return Double.isNaN(interval.estimate()) ? "-" : String.format(Locale.ROOT, "$%.6f", interval.estimate());
    }
}
