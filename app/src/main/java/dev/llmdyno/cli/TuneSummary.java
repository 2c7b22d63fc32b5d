package dev.llmdyno.cli;

import dev.llmdyno.tuning.SearchResult;
import dev.llmdyno.tuning.TuningFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** The text a search ends with: how it ended, each candidate where it stopped, the front and the confirmation. */
final class TuneSummary {

    private TuneSummary() {
    }

    static String render(SearchResult result) {
        var out = new StringBuilder();
        out.append(TerminalText.safe(result.name())).append(": ").append(result.status().id()).append(" (")
                .append(TerminalText.safe(result.reason())).append(")\n");
        out.append(String.format(Locale.ROOT, "minimising the %s%s; spent %d requests, $%.4f, %.0f s%n%n",
                result.objective().describe(), result.slo() == null ? "" : " within " + result.slo(), result.spent().requests(),
                result.spent().usd(), result.spent().seconds()));
        var latest = new LinkedHashMap<String, SearchResult.Trial>();
        result.trials().forEach(t -> latest.put(t.candidate(), t));
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("candidate", "rounds", "requests", "standing", "objective", "$/request",
                TuningFiles.latencyLabel(result), "front"));
        for (var t : latest.values()) {
            boolean best = result.best() != null && result.best().candidate().equals(t.candidate());
            rows.add(List.of(TerminalText.safe(t.candidate()) + (best ? " *" : ""), String.valueOf(t.round()),
                    String.valueOf(t.requests()), t.standing() == null ? "-" : t.standing().id(),
                    result.objective().format(t.objective()),
                    String.format(Locale.ROOT, "$%.6f", t.costPerRequestUsd()),
                    Double.isNaN(t.latencyMs()) ? "-" : String.format(Locale.ROOT, "%.0f ms", t.latencyMs()),
                    result.pareto().stream().anyMatch(p -> p.candidate().equals(t.candidate())) ? "yes" : ""));
        }
        out.append(TextTable.render(rows));
        if (result.confirmation() != null) {
            var c = result.confirmation();
            out.append(String.format(Locale.ROOT, "%nconfirmation of %s (%d requests, seed %d): objective %s%s%n",
                    TerminalText.safe(c.candidate()), c.requests(), c.seed(), result.objective().format(c.objective()),
                    c.evidence() == null ? "" : "\n- " + TerminalText.safe(c.evidence())));
        }
        return out.toString();
    }
}
