package dev.llmdyno.tuning;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.experiment.Html;
import dev.llmdyno.experiment.SvgChart;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A search's folder: search.json (the plan and every round with its requests, rewritten after each round so a
 * stopped search resumes), pareto.json, report.html, and recommended.yaml once a candidate is confirmed.
 */
public final class TuningFiles {

    public static final String SEARCH = "search.json";
    public static final String PARETO = "pareto.json";
    public static final String REPORT = "report.html";
    public static final String RECOMMENDED = "recommended.yaml";

    private TuningFiles() {
    }

    /** What search.json holds: the plan it searched, and what it found so far. */
    public record Saved(TuningPlan plan, SearchResult result) {
    }

    /** The search this folder holds for {@code tuning}'s plan; empty when none. Another plan's search is refused. */
    public static java.util.Optional<SearchResult> previous(Path dir, Tuning tuning) throws IOException {
        var file = dir.resolve(SEARCH);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            var saved = Mappers.json().readTree(Files.readString(file));
            // Through text, as the file went: a tree built from values has a LongNode where one read back has an IntNode.
            JsonNode plan = Mappers.json().readTree(Mappers.json().writeValueAsString(tuning.plan()));
            if (!plan.equals(saved.get("plan"))) {
                throw new IOException(file + " holds the search of another plan: give another --out, or delete it "
                        + "to start again");
            }
            return java.util.Optional.of(Mappers.json().treeToValue(saved.get("result"), SearchResult.class));
        } catch (JacksonException e) {
            throw new IOException(file + " cannot be read (" + e.getOriginalMessage() + "): delete it to start again");
        }
    }

    /** Writes what the search has found so far; the recommendation only once it is confirmed. */
    public static void write(Path dir, Tuning tuning, SearchResult result) throws IOException {
        var json = Mappers.json().writerWithDefaultPrettyPrinter();
        ProfileIO.writeAtomically(dir.resolve(SEARCH), writer -> json.writeValue(writer, new Saved(tuning.plan(), result)));
        ProfileIO.writeAtomically(dir.resolve(PARETO), writer -> json.writeValue(writer, result.pareto()));
        ProfileIO.writeAtomically(dir.resolve(REPORT), report(result));
        var recommended = dir.resolve(RECOMMENDED);
        if (result.status() == SearchResult.Status.RECOMMENDED) {
            ProfileIO.write(recommended(tuning, result), recommended);
        } else {
            Files.deleteIfExists(recommended);
        }
    }

    /** The confirmed candidate's whole profile, named for the search: exportable as it is. */
    public static Profile recommended(Tuning tuning, SearchResult result) {
        var name = result.best().candidate();
        return tuning.ledger().variants().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow()
                .profile().withName((tuning.plan().name() == null ? "Tuned" : tuning.plan().name()) + ": " + name);
    }

    static String report(SearchResult result) {
        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(result.name())).append(" - LLM Dyno tuning</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:32px;color:#111827;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:8px 0 24px}td,th{padding:4px 10px;border-bottom:1px solid ")
                .append("#e5e7eb;text-align:right}td:first-child,th:first-child{text-align:left}th{background:#f3f4f6}")
                .append(".muted{color:#6b7280}.missed{color:#b91c1c}.met{color:#047857}</style></head><body>");
        html.append("<h1>").append(Html.escape(result.name())).append("</h1><p>").append(Html.escape(result.status().id()))
                .append(": ").append(Html.escape(result.reason())).append(".</p><p class=\"muted\">Minimising the ")
                .append(Html.escape(result.objective().describe())).append(result.slo() == null ? "" : " within the SLO "
                        + Html.escape(result.slo())).append(String.format(Locale.ROOT, "; %d requests, $%.4f, %.0f s.",
                        result.spent().requests(), result.spent().usd(), result.spent().seconds())).append("</p>");
        if (result.confirmation() != null && result.confirmation().evidence() != null) {
            html.append("<h2>Confirmation</h2><p>").append(Html.escape(result.confirmation().evidence())).append("</p>");
        }
        var latest = new java.util.LinkedHashMap<String, SearchResult.Trial>();
        result.trials().forEach(t -> latest.put(t.candidate(), t));
        html.append("<h2>Candidates</h2><table><tr><th>candidate</th><th>last round</th><th>requests</th><th>standing</th>")
                .append("<th>objective</th><th>$ / request</th><th>").append(Html.escape(latencyLabel(result)))
                .append("</th></tr>");
        for (var t : latest.values()) {
            var slo = t.standing() == null ? "-" : t.standing().id();
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td class=\"%s\">%s</td>"
                            + "<td>%s</td><td>$%.6f</td><td>%.0f ms</td></tr>", Html.escape(t.candidate()), t.round(),
                    t.requests(), slo, slo, result.objective().format(t.objective()), t.costPerRequestUsd(),
                    t.latencyMs()));
        }
        html.append("</table><h2>Cost against latency</h2>");
        var all = List.copyOf(latest.values());
        html.append(SvgChart.render("cost per request ($)", latencyLabel(result) + " (ms)", List.of(
                new SvgChart.Series("candidates", costs(all), latencies(all), false),
                new SvgChart.Series("Pareto front", costs(result.pareto()), latencies(result.pareto()), true)), null, null));
        return html.append("</body></html>").toString();
    }

    /** The front's other axis: the objective's timing, or p95 latency when the objective is cost. */
    public static String latencyLabel(SearchResult result) {
        return result.objective().cost() ? "p95 latency" : result.objective().describe();
    }

    private static double[] costs(List<SearchResult.Trial> trials) {
        return trials.stream().filter(t -> !Double.isNaN(t.latencyMs())).mapToDouble(SearchResult.Trial::costPerRequestUsd).toArray();
    }

    private static double[] latencies(List<SearchResult.Trial> trials) {
        return trials.stream().filter(t -> !Double.isNaN(t.latencyMs())).mapToDouble(SearchResult.Trial::latencyMs).toArray();
    }
}
