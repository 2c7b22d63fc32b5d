package dev.llmdyno.ui.playground;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.call.MetricDefinitions;
import dev.llmdyno.catalog.Cost;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** A result's numbers as labelled text, each with its definition; shared by the metrics panel and the comparison. */
final class MetricRows {

    record Row(String label, String metric, String value) {
        String definition() {
            return MetricDefinitions.of(metric);
        }
    }

    private MetricRows() {
    }

    static List<Row> of(CallResult result) {
        var m = result == null ? null : result.metrics();
        if (m == null) {
            return List.of();
        }
        return List.of(
                new Row("TTFT", "ttftMs", ms(m.ttftMs())),
                new Row("TTFC", "ttfcMs", ms(m.ttfcMs())),
                new Row("TPOT", "tpotMs", ms(m.tpotMs())),
                new Row("Decode", "decodeTps", m.decodeTps() == null ? "-" : String.format(Locale.ROOT, "%.1f tok/s", m.decodeTps())),
                new Row("Total", "e2eMs", ms(m.e2eMs())),
                new Row("Latency", "latencyMs", ms(m.latencyMs())),
                new Row("Queue", "queueMs", ms(m.queueMs())),
                new Row("Prep", "prepMs", ms(m.prepMs())),
                new Row("Tokens in", "inputTokens", count(m.inputTokens())),
                new Row("Cached", "cachedInputTokens", count(m.cachedInputTokens())),
                new Row("Cache written", "cacheWriteTokens", count(m.cacheWriteTokens())),
                new Row("Tokens out", "outputTokens", count(m.outputTokens())
                        + (m.outputTokensSource() == null ? "" : " (" + m.outputTokensSource().id() + ")")),
                new Row("Cost", "costUsd", Cost.format(m.costUsd() == null ? OptionalDouble.empty() : OptionalDouble.of(m.costUsd()))),
                new Row("Attempts", "attempts", String.valueOf(result.attempts().size())),
                new Row("Finish", "finishReason", finish(result.finishReason())),
                new Row("Target", "target", targets(result)));
    }

    /**
     * Where the call went: the last attempt's target, and before it, in order, each earlier attempt's target with
     * how it failed ("east (after west: 503)").
     */
    static String targets(dev.llmdyno.call.CallResult result) {
        var attempts = result.attempts();
        if (attempts.isEmpty() || attempts.getLast().target() == null) {
            return "-";
        }
        var last = attempts.getLast().target();
        var failed = attempts.subList(0, attempts.size() - 1).stream()
                .map(attempt -> attempt.target() + ": " + (attempt.status() > 0 ? String.valueOf(attempt.status())
                        : attempt.error() == null ? "failed" : attempt.error().type().id()))
                .toList();
        return failed.isEmpty() ? last : last + " (after " + String.join(", ", failed) + ")";
    }

    /** The server's finish reason, with what it means where that is not obvious. */
    static String finish(String reason) {
        if (reason == null) {
            return "-";
        }
        return switch (reason) {
            case "length", "max_tokens" -> reason + " (cut off)";
            default -> reason;
        };
    }

    static String ms(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.0f ms", value);
    }

    private static String count(Integer value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
    }
}
