package dev.llmdyno.experiment;

import dev.llmdyno.metrics.ServerWindow;
import dev.llmdyno.stats.Ecdf;
import dev.llmdyno.stats.Interval;
import dev.llmdyno.stats.Summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report that opens in any browser with nothing else beside it: verdicts, the results table, the latency
 * distribution per variant (ECDF), latency over time, and for sweeps the throughput-latency curve.
 */
public final class HtmlReport {

    private static final int MAX_POINTS = 2_000;

    private HtmlReport() {
    }

    public static String render(Experiment experiment, Results results, List<Sample> samples) {
        var metric = results.decisionMetric();
        var measured = samples.stream().filter(Sample::measured).toList();
        var html = new StringBuilder();
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(results.name())).append(" - LLM Dyno</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:32px;color:#111827;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:8px 0 24px}td,th{padding:4px 10px;border-bottom:1px solid #e5e7eb;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f3f4f6}")
                .append(".verdict{font-size:15px;margin:4px 0}.slo-met{color:#047857}.slo-missed{color:#b91c1c;font-weight:bold}")
                .append(".slo-unclear{color:#92400e}.muted{color:#6b7280}h2{margin-top:32px}</style></head><body>");
        html.append("<h1>").append(Html.escape(results.name())).append("</h1><p class=\"muted\">")
                .append(Html.escape(results.status().id())).append(": ").append(Html.escape(results.reason()))
                .append(". ").append(measured.size()).append(" measured requests; decision metric ")
                .append(Html.escape(metric.id())).append(", alpha ").append(results.alpha()).append(", look ")
                .append(results.look()).append(" of ").append(results.looks()).append(".</p>");
        if (!results.verdicts().isEmpty()) {
            html.append("<h2>Verdicts</h2>");
            results.verdicts().forEach(v -> html.append("<p class=\"verdict\">").append(Html.escape(v)).append("</p>"));
        }
        variantsTable(html, experiment, results);
        sloSection(html, results);
        qualitySection(html, results);
        var advice = results.adviceLines();
        if (!advice.isEmpty()) {
            html.append("<h2>Advice</h2>");
            advice.forEach(line -> html.append("<p class=\"verdict\">").append(Html.escape(line)).append("</p>"));
        }
        comparisonsTable(html, results);
        if (results.targets() != null && !results.targets().isEmpty()) {
            targetsTable(html, results);
        }
        if (results.server() != null) {
            serverTable(html, results.server());
        }
        if (results.sweep() != null) {
            sweep(html, results);
        }
        if (results.conversation() != null) {
            conversation(html, results.conversation());
        }
        if (results.users() != null) {
            users(html, results.users());
        }
        html.append("<h2>").append(Html.escape(metric.label())).append(" distribution (ECDF)</h2>");
        html.append(SvgChart.render(metric.label() + " (" + unit(metric) + ")", "fraction of requests at or below",
                ecdfs(experiment, measured, metric), null, null));
        html.append("<h2>Latency over time</h2>");
        html.append(SvgChart.render("seconds since start", "latency (ms)", overTime(experiment, measured), null, null));
        return html.append("</body></html>").toString();
    }

    private static void variantsTable(StringBuilder html, Experiment experiment, Results results) {
        html.append("<h2>Results</h2><table><tr><th>variant</th><th>pace</th><th>changes</th><th>n</th><th>errors</th>")
                .append("<th>TTFT p50</th><th>TTFT p95</th><th>latency p50</th><th>latency p95</th><th>TPOT p50</th>")
                .append("<th>req/s</th><th>out tok/s</th><th>$ / request (95% CI)</th><th>$ / 1k out tokens</th></tr>");
        for (var v : results.variants()) {
            var overrides = experiment.variants().stream().filter(x -> x.name().equals(v.variant())).findFirst()
                    .map(x -> String.join("; ", Overrides.describe(x.overrides()))).orElse("");
            html.append("<tr><td>").append(Html.escape(v.variant())).append("</td><td>").append(Html.escape(v.pace()))
                    .append("</td><td class=\"muted\">").append(Html.escape(overrides.isEmpty() ? "baseline" : overrides))
                    .append("</td><td>").append(v.requests()).append("</td><td>").append(v.requests() - v.succeeded())
                    .append("</td>");
            cell(html, v.metrics().get(SampleMetric.TTFT), true);
            cell(html, v.metrics().get(SampleMetric.TTFT), false);
            cell(html, v.metrics().get(SampleMetric.LATENCY), true);
            cell(html, v.metrics().get(SampleMetric.LATENCY), false);
            cell(html, v.metrics().get(SampleMetric.TPOT), true);
            html.append(String.format(Locale.ROOT, "<td>%.2f</td><td>%.1f</td><td>%s</td><td>%s</td></tr>",
                    v.requestsPerSecond(), v.outputTokensPerSecond(), usd(v.costPerRequestUsd()),
                    usd(v.costPer1kOutputTokensUsd())));
        }
        html.append("</table>");
    }

    /** Each variant against the SLO: standing, requests within it, goodput, then every limit with its evidence. */
    private static void sloSection(StringBuilder html, Results results) {
        var lines = SloVerdicts.lines(results);
        if (lines.isEmpty()) {
            return;
        }
        html.append("<h2>Service-level objective</h2><p>").append(Html.escape(lines.getFirst())).append("</p>")
                .append("<table><tr><th>variant</th><th>pace</th><th>standing</th><th>within SLO (95% CI)</th>")
                .append("<th>goodput req/s</th>");
        results.variants().getFirst().slo().checks().forEach(check ->
                html.append("<th>").append(Html.escape(check.figure())).append(" (95% CI)</th>"));
        html.append("</tr>");
        for (var v : results.variants()) {
            var slo = v.slo();
            var attainment = slo.attainment();
            html.append("<tr><td>").append(Html.escape(v.variant())).append("</td><td>").append(Html.escape(v.pace()))
                    .append("</td><td class=\"slo-").append(slo.standing().id()).append("\">")
                    .append(slo.standing().id()).append("</td><td>")
                    .append(slo.attained()).append(" of ").append(slo.requests()).append(" (")
                    .append(Slo.percent(attainment.lower())).append(" to ").append(Slo.percent(attainment.upper())).append(")")
                    .append(String.format(Locale.ROOT, "</td><td>%.2f</td>", slo.goodput()));
            slo.checks().forEach(check -> html.append("<td class=\"slo-").append(check.standing().id()).append("\">")
                    .append(Html.escape(SloVerdicts.estimate(check)))
                    .append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
        lines.stream().skip(1).forEach(line -> html.append("<p class=\"verdict\">").append(Html.escape(line)).append("</p>"));
    }

    /** The plan's checks: each variant's share of answers passing every check, and each check's own. */
    private static void qualitySection(StringBuilder html, Results results) {
        if (results.variants().isEmpty() || results.variants().getFirst().quality() == null) {
            return;
        }
        html.append("<h2>Answer checks</h2><table><tr><th>variant</th><th>pace</th><th>answers</th>")
                .append("<th>passed every check (95% CI)</th>");
        results.variants().getFirst().quality().checks().forEach(check ->
                html.append("<th>").append(Html.escape(check.check())).append("</th>"));
        html.append("</tr>");
        for (var v : results.variants()) {
            var q = v.quality();
            html.append("<tr><td>").append(Html.escape(v.variant())).append("</td><td>").append(Html.escape(v.pace()))
                    .append("</td><td>").append(q.answered()).append("</td><td")
                    .append(v.answersWorse() ? " class=\"slo-missed\">" : ">").append(rate(q.passRate()))
                    .append("</td>");
            q.checks().forEach(check -> html.append("<td>").append(rate(check.passRate())).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private static String rate(Interval rate) {
        return Slo.percent(rate.estimate()) + " (" + Slo.percent(rate.lower()) + " to " + Slo.percent(rate.upper()) + ")";
    }

    private static void comparisonsTable(StringBuilder html, Results results) {
        if (results.comparisons().isEmpty()) {
            return;
        }
        html.append("<h2>Differences from the baseline</h2><table><tr><th>variant</th><th>metric</th>")
                .append("<th>median diff (95% CI)</th><th>p95 diff (95% CI)</th><th>p</th><th>significant</th></tr>");
        for (var c : results.comparisons()) {
            html.append("<tr><td>").append(Html.escape(c.variant())).append("</td><td>")
                    .append(Html.escape(c.metric().id())).append(c.decides() ? " (decides)" : "").append("</td><td>")
                    .append(interval(c.metric(), c.medianDifference())).append("</td><td>")
                    .append(interval(c.metric(), c.p95Difference())).append("</td><td>")
                    .append(Verdicts.formatP(c.pAdjusted())).append("</td><td>").append(c.significant() ? "yes" : "no")
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Where a variant's requests went to several targets: each target's share and figures. */
    private static void targetsTable(StringBuilder html, Results results) {
        html.append("<h2>Per target</h2><table><tr><th>variant</th><th>pace</th><th>target</th><th>n</th><th>errors</th>")
                .append("<th>TTFT p50</th><th>TTFT p95</th><th>latency p50</th><th>latency p95</th></tr>");
        for (var row : results.targets()) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td>"
                            + "<td>%.0f ms</td><td>%.0f ms</td><td>%.0f ms</td><td>%.0f ms</td></tr>",
                    Html.escape(row.variant()), Html.escape(row.pace()), Html.escape(row.target()), row.requests(),
                    row.failed(), row.p50TtftMs(), row.p95TtftMs(), row.p50LatencyMs(), row.p95LatencyMs()));
        }
        html.append("</table>");
    }

    /** What the server under test reported over the run, under vLLM's names: its queue beside the client's. */
    private static void serverTable(StringBuilder html, ServerWindow server) {
        html.append("<h2>On the server</h2><p class=\"muted\">").append(Html.escape(server.url()))
                .append(String.format(Locale.ROOT, ": %d scrapes over %.1f s; means are exact, a p95 is the bucket it "
                        + "lies in.</p>", server.scrapes(), server.seconds()));
        if (server.problem() != null) {
            html.append("<p>").append(Html.escape(server.problem())).append("</p>");
        }
        if (server.models().isEmpty()) {
            return;
        }
        html.append("<table><tr>");
        ServerWindow.ModelWindow.COLUMNS.forEach(column -> html.append("<th>").append(column).append("</th>"));
        html.append("</tr>");
        for (var model : server.models()) {
            html.append("<tr>");
            model.cells().forEach(cell -> html.append("<td>").append(Html.escape(cell)).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private static void sweep(StringBuilder html, Results results) {
        html.append("<h2>Sweep</h2><table><tr><th>variant</th><th>pace</th><th>n</th><th>req/s</th><th>out tok/s</th>")
                .append("<th>mean latency</th><th>p95 latency</th><th>TTFT p50</th><th>errors</th><th>wall ms / request</th></tr>");
        for (var row : results.sweep()) {
            html.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s</td><td>%d</td><td>%.2f</td><td>%.1f</td>"
                            + "<td>%.0f ms</td><td>%.0f ms</td><td>%.0f ms</td><td>%.1f%%</td><td>%.0f</td></tr>",
                    row.equals(results.knee()) ? " style=\"font-weight:bold\"" : "", Html.escape(row.variant()),
                    Html.escape(row.pace()), row.requests(), row.requestsPerSecond(), row.outputTokensPerSecond(),
                    row.meanLatencyMs(), row.p95LatencyMs(), row.p50TtftMs(), 100 * row.errorRate(), row.wallMsPerRequest()));
        }
        html.append("</table>");
        var knee = Sweeps.kneeSentence(results);
        if (!knee.isEmpty()) {
            html.append("<p>").append(Html.escape(knee)).append("</p>");
        }
        var curves = new ArrayList<SvgChart.Series>();
        results.sweep().stream().map(Results.SweepRow::variant).distinct().forEach(variant -> {
            var rows = results.sweep().stream().filter(r -> r.variant().equals(variant)).toList();
            curves.add(new SvgChart.Series(variant, rows.stream().mapToDouble(Results.SweepRow::requestsPerSecond).toArray(),
                    rows.stream().mapToDouble(Results.SweepRow::p95LatencyMs).toArray(), true));
        });
        html.append(SvgChart.render("throughput (requests/s)", "p95 latency (ms)", curves, results.sloP95Ms(),
                results.sloP95Ms() == null ? null : "SLO p95 " + results.sloP95Ms().intValue() + " ms"));
    }

    private static List<SvgChart.Series> ecdfs(Experiment experiment, List<Sample> measured, SampleMetric metric) {
        var series = new ArrayList<SvgChart.Series>();
        for (int v = 0; v < experiment.variants().size(); v++) {
            int variant = v;
            var ecdf = Ecdf.of(Analyzer.values(measured.stream().filter(s -> s.variant() == variant).toList(), metric),
                    MAX_POINTS);
            series.add(new SvgChart.Series(experiment.variants().get(v).name(), ecdf.values(), ecdf.fractions(), true));
        }
        return series;
    }

    private static List<SvgChart.Series> overTime(Experiment experiment, List<Sample> measured) {
        var series = new ArrayList<SvgChart.Series>();
        for (int v = 0; v < experiment.variants().size(); v++) {
            int variant = v;
            var points = measured.stream().filter(s -> s.variant() == variant && s.latencyMs() != null).toList();
            int stride = Math.max(1, points.size() / MAX_POINTS);
            var kept = new ArrayList<Sample>();
            for (int i = 0; i < points.size(); i += stride) {
                kept.add(points.get(i));
            }
            series.add(new SvgChart.Series(experiment.variants().get(v).name(),
                    kept.stream().mapToDouble(s -> s.endedMs() / 1000).toArray(),
                    kept.stream().mapToDouble(Sample::latencyMs).toArray(), false));
        }
        return series;
    }

    /** How input tokens, TTFT and cost grow with the turn number, one line per variant, and the session totals. */
    private static void conversation(StringBuilder html, ConversationReport.Result report) {
        html.append("<h2>Conversations</h2><table><tr><th>variant</th><th>pace</th><th>sessions</th><th>completed</th>")
                .append("<th>input tokens / session</th><th>$ / session</th><th>of it summaries</th>")
                .append("<th>summary calls</th></tr>");
        for (var row : report.sessions()) {
            html.append("<tr><td>").append(Html.escape(row.variant())).append("</td><td>").append(Html.escape(row.pace()))
                    .append("</td><td>").append(row.sessions()).append("</td><td>").append(row.completed())
                    .append("</td><td>").append(String.format(java.util.Locale.ROOT, "%.0f", row.meanInputTokens()))
                    .append("</td><td>").append(SampleMetric.COST.format(row.meanCostUsd())).append("</td><td>")
                    .append(SampleMetric.COST.format(row.meanSummaryCostUsd())).append("</td><td>")
                    .append(row.summaryCalls()).append("</td></tr>");
        }
        html.append("</table>");
        report.growthLines().forEach(line -> html.append("<p class=\"verdict\">").append(Html.escape(line)).append("</p>"));
        html.append("<h3>Input tokens by turn</h3>").append(SvgChart.render("turn", "mean input tokens",
                byTurn(report, ConversationReport.TurnRow::meanInputTokens), null, null));
        html.append("<h3>TTFT by turn</h3>").append(SvgChart.render("turn", "median TTFT (ms)",
                byTurn(report, row -> row.p50TtftMs() == null ? Double.NaN : row.p50TtftMs()), null, null));
    }

    /** A users run: per variant and class of users, then each variant's fairness over all its users. */
    private static void users(StringBuilder html, UsersReport.Result report) {
        html.append("<h2>Users</h2><table><tr><th>variant</th><th>class</th><th>priority</th><th>users</th>")
                .append("<th>n</th><th>errors</th><th>latency p50</th><th>latency p95</th><th>TTFT p95</th>")
                .append("<th>queue mean</th><th>req/s</th><th>fairness</th></tr>");
        for (var row : report.classes()) {
            html.append("<tr><td>").append(Html.escape(row.variant())).append("</td><td>")
                    .append(Html.escape(row.userClass())).append("</td><td>").append(row.priority())
                    .append("</td><td>").append(row.users()).append("</td><td>").append(row.requests())
                    .append("</td><td>").append(row.requests() - row.succeeded()).append("</td>");
            for (double ms : new double[] {row.p50LatencyMs(), row.p95LatencyMs(), row.p95TtftMs(), row.meanQueueMs()}) {
                html.append("<td>").append(Double.isNaN(ms) ? "-" : SampleMetric.LATENCY.format(ms)).append("</td>");
            }
            html.append(String.format(Locale.ROOT, "<td>%.2f</td><td>%.2f</td></tr>", row.requestsPerSecond(),
                    row.fairness()));
        }
        html.append("</table>");
        report.variants().forEach(row -> html.append("<p class=\"verdict\">").append(Html.escape(String.format(
                Locale.ROOT, "%s: fairness over all %d users (Jain's index) %.2f", row.variant(), row.users(),
                row.fairness()))).append("</p>"));
    }

    private static List<SvgChart.Series> byTurn(ConversationReport.Result report,
                                                java.util.function.ToDoubleFunction<ConversationReport.TurnRow> value) {
        return report.sessions().stream().map(session -> {
            var rows = report.turns().stream().filter(row -> row.variant().equals(session.variant())
                    && row.pace().equals(session.pace()) && !Double.isNaN(value.applyAsDouble(row))).toList();
            return new SvgChart.Series(session.variant() + " (" + session.pace() + ")",
                    rows.stream().mapToDouble(row -> row.turn() + 1).toArray(), rows.stream().mapToDouble(value).toArray(),
                    true);
        }).toList();
    }

    private static void cell(StringBuilder html, Summary summary, boolean median) {
        double value = median ? summary.p50() : summary.p95();
        html.append("<td>").append(Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f ms", value)).append("</td>");
    }

    private static String interval(SampleMetric metric, Interval interval) {
        if (Double.isNaN(interval.estimate())) {
            return "-";
        }
        var text = metric.format(interval.estimate());
        return Double.isNaN(interval.lower()) ? text
                : text + " (" + metric.format(interval.lower()) + " to " + metric.format(interval.upper()) + ")";
    }

    private static String usd(Interval interval) {
        if (Double.isNaN(interval.estimate())) {
            return "-";
        }
        var usd = SampleMetric.COST;
        return Double.isNaN(interval.lower()) ? usd.format(interval.estimate())
                : usd.format(interval.estimate()) + " (" + usd.format(interval.lower()) + " to "
                + usd.format(interval.upper()) + ")";
    }

    private static String unit(SampleMetric metric) {
        return switch (metric.unit()) {
            case MS -> "ms";
            case TOKENS -> "tokens";
            case USD -> "USD";
        };
    }
}
