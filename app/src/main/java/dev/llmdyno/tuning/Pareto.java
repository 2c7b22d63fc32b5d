package dev.llmdyno.tuning;

import java.util.Comparator;
import java.util.List;

/** The candidates no other beats on both cost per request and the latency percentile. */
final class Pareto {

    private Pareto() {
    }

    static List<SearchResult.Trial> front(List<SearchResult.Trial> trials) {
        var measured = trials.stream().filter(t -> !Double.isNaN(t.costPerRequestUsd()) && !Double.isNaN(t.latencyMs()))
                .toList();
        return measured.stream().filter(t -> measured.stream().noneMatch(other -> dominates(other, t)))
                .sorted(Comparator.comparingDouble(SearchResult.Trial::costPerRequestUsd)).toList();
    }

    private static boolean dominates(SearchResult.Trial a, SearchResult.Trial b) {
        return a.costPerRequestUsd() <= b.costPerRequestUsd() && a.latencyMs() <= b.latencyMs()
                && (a.costPerRequestUsd() < b.costPerRequestUsd() || a.latencyMs() < b.latencyMs());
    }
}
