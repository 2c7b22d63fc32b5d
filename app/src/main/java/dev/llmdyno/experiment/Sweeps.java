package dev.llmdyno.experiment;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A sweep's answer: where its knee is, in words and as a row. */
public final class Sweeps {

    private Sweeps() {
    }

    /** One variant's sweep rows, from the lowest level to the highest. */
    public static List<Results.SweepRow> rowsOf(Results results, String variant) {
        return results.sweep() == null ? List.of() : results.sweep().stream().filter(row -> row.variant().equals(variant))
                .sorted(Comparator.comparingDouble(Results.SweepRow::level)).toList();
    }

    /**
     * Where {@code rows} (one variant, by level) bend: the level after which p95 latency climbs faster than
     * throughput grows ({@link Curves#kneeIndex}); empty when the curve has no bend.
     */
    public static Optional<Results.SweepRow> bend(List<Results.SweepRow> rows) {
        var x = rows.stream().mapToDouble(Results.SweepRow::requestsPerSecond).toArray();
        var y = rows.stream().mapToDouble(Results.SweepRow::p95LatencyMs).toArray();
        int knee = Curves.kneeIndex(x, y);
        return knee < 0 ? Optional.empty() : Optional.of(rows.get(knee));
    }

    /**
     * Where the knee is: with an SLO, the best throughput whose estimates all meet it (or that none does); without
     * one, where the baseline's latency bends.
     */
    public static String kneeSentence(Results results) {
        if (results.sweep() == null || results.variants().isEmpty()) {
            return "";
        }
        if (results.slo() == null) {
            return bend(rowsOf(results, results.variants().getFirst().variant())).map(knee -> String.format(Locale.ROOT,
                    "Knee: %s, after which p95 latency climbs faster than throughput grows: %.2f requests/s, "
                            + "%.0f output tokens/s, p95 %.0f ms. Set an SLO to pick the level by latency.",
                    knee.pace(), knee.requestsPerSecond(), knee.outputTokensPerSecond(), knee.p95LatencyMs())).orElse("");
        }
        var knee = results.knee();
        if (knee == null) {
            return "No level met the SLO (" + results.slo().describe() + ").";
        }
        return String.format(Locale.ROOT, "Knee: %s gives the best throughput within the SLO (%s): "
                        + "%.2f requests/s, %.0f output tokens/s, p95 latency %.0f ms.", knee.pace(),
                results.slo().describe(), knee.requestsPerSecond(), knee.outputTokensPerSecond(), knee.p95LatencyMs());
    }
}
