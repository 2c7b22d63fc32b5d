package dev.llmdyno.cli;

import dev.llmdyno.call.CallResult;
import dev.llmdyno.catalog.Cost;

import java.util.Locale;
import java.util.OptionalDouble;

/** The one-screen summary printed after a call's answer. */
final class CallSummary {

    private CallSummary() {
    }

    static String render(CallResult result) {
        var m = result.metrics();
        var out = new StringBuilder();
        out.append("---\n");
        if (result.error() != null) {
            out.append("FAILED  ").append(TerminalText.safe(result.error().toString())).append('\n');
        }
        if (result.cached()) {
            out.append(String.format(Locale.ROOT, "answer from the response cache in %.1f ms: no provider timings%n",
                    result.metrics().latencyMs() == null ? 0.0 : result.metrics().latencyMs()));
        }
        out.append(String.format(Locale.ROOT, "model %s   finish %s   attempts %d%s   connection %s%s%n",
                result.model(), result.finishReason() == null ? "-" : TerminalText.safe(result.finishReason()), result.attempts().size(),
                targets(result),
                m.connectionReused() == null ? "-" : m.connectionReused() ? "reused" : "new",
                m.httpVersion() == null ? "" : " (" + m.httpVersion() + ")"));
        out.append(String.format(Locale.ROOT, "queue %s  prep %s  dns %s  connect %s  tls %s  headers %s%n",
                ms(m.queueMs()), ms(m.prepMs()), ms(m.dnsMs()), ms(m.connectMs()), ms(m.tlsMs()), ms(m.ttfbMs())));
        out.append(String.format(Locale.ROOT, "TTFT %s  TTFC %s  TPOT %s  decode %s tok/s  total %s  latency %s%n",
                ms(m.ttftMs()), ms(m.ttfcMs()), ms(m.tpotMs()),
                m.decodeTps() == null ? "-" : String.format(Locale.ROOT, "%.1f", m.decodeTps()), ms(m.e2eMs()),
                ms(m.latencyMs())));
        out.append(String.format(Locale.ROOT, "tokens in %s (cached %s, cache written %s)  out %s (%s)  cost %s%n",
                count(m.inputTokens()), count(m.cachedInputTokens()), count(m.cacheWriteTokens()), count(m.outputTokens()),
                m.outputTokensSource() == null ? "-" : m.outputTokensSource().id(),
                Cost.format(m.costUsd() == null ? OptionalDouble.empty() : OptionalDouble.of(m.costUsd()))));
        if (result.trim() != null) {
            out.append("context budget: dropped ").append(result.trim().droppedMessages()).append(" oldest messages (")
                    .append(result.trim().droppedTokens()).append(" tokens)\n");
        }
        return out.toString();
    }

    private static String ms(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f ms", value);
    }

    static String count(Integer value) {
        return value == null ? "-" : String.valueOf(value);
    }

    /** " to A" or, where the tries went to several targets, " to A, B": where the call went, in order. */
    private static String targets(dev.llmdyno.call.CallResult result) {
        var targets = result.attempts().stream().map(dev.llmdyno.call.Attempt::target)
                .filter(java.util.Objects::nonNull).distinct().map(TerminalText::safe).toList();
        return targets.isEmpty() ? "" : " to " + String.join(", ", targets);
    }
}
