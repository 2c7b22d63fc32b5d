package dev.llmdyno.experiment;

import java.util.Locale;

/** Words for a sweep's answer. */
public final class Sweeps {

    private Sweeps() {
    }

    /** Where the knee is: the best throughput that meets the p95 objective, or that none does. */
    public static String kneeSentence(Results results) {
        if (results.sloP95Ms() == null || results.sweep() == null) {
            return "";
        }
        var knee = results.knee();
        if (knee == null) {
            return String.format(Locale.ROOT, "No level kept p95 latency within %.0f ms without errors.", results.sloP95Ms());
        }
        return String.format(Locale.ROOT, "Knee: %s gives the best throughput within a p95 latency of %.0f ms: "
                        + "%.2f requests/s, %.0f output tokens/s, p95 %.0f ms.", knee.pace(), results.sloP95Ms(),
                knee.requestsPerSecond(), knee.outputTokensPerSecond(), knee.p95LatencyMs());
    }
}
