package dev.llmdyno.call;

import dev.llmdyno.catalog.Cost;
import dev.llmdyno.catalog.ModelInfo;
import dev.llmdyno.catalog.TokenUsage;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.Tokenizer;

import java.util.ArrayList;

/** Turns what an attempt recorded into the metrics docs/metrics.md defines. */
final class MetricsBuilder {

    private MetricsBuilder() {
    }

    /**
     * What happened before the first request: when it was planned to start, how long the caller held it back after
     * that for a limit of its own (a cap on requests in flight) and how long the rate limiter held it. Those waits are
     * the queue. The rest of the way to the first request is the client's own work, preparation, apart from it:
     * handing the call to a thread, rendering and counting the prompt, building the request, and any lateness of a
     * schedule the client could not keep.
     */
    record BeforeSending(long planned, long heldNanos, long limiterWaitNanos) {
        double queueMs() {
            return NanoClock.toMillis(heldNanos + limiterWaitNanos);
        }

        double prepMs(long firstRequestStart) {
            return NanoClock.toMillis(Math.max(0, firstRequestStart - planned - heldNanos - limiterWaitNanos));
        }
    }

    static Metrics build(AttemptRunner.Outcome last, boolean streamed, BeforeSending before, long firstAttemptStart,
                         int estimatedInputTokens, Tokenizer tokenizer, ModelInfo model) {
        var answer = last.answer();
        var timeline = last.timeline();
        long start = timeline.callStart != 0 ? timeline.callStart : firstAttemptStart;
        double queueMs = before.queueMs();
        double prepMs = before.prepMs(firstAttemptStart);
        double retryMs = NanoClock.toMillis(Math.max(0, start - firstAttemptStart));
        double e2eMs = NanoClock.toMillis(last.endNanos() - start);
        Double ttftMs = answer.firstTokenAt == 0 ? null : NanoClock.toMillis(answer.firstTokenAt - start);
        Double ttfcMs = answer.firstContentAt == 0 ? null : NanoClock.toMillis(answer.firstContentAt - start);

        boolean answered = last.status() >= 200 && last.status() < 300;
        var billed = Billed.of(answer, answered, estimatedInputTokens, tokenizer, model);
        Integer input = billed.input();
        Integer output = billed.output();

        Double tpotMs = null;
        Double decodeTps = null;
        if (streamed && ttftMs != null && output != null && output > 1 && e2eMs > ttftMs) {
            tpotMs = (e2eMs - ttftMs) / (output - 1);
            decodeTps = (output - 1) / (e2eMs - ttftMs) * 1000;
        }
        var gaps = new ArrayList<Double>();
        for (int i = 1; i < answer.chunkTimes.size(); i++) {
            gaps.add(NanoClock.toMillis(answer.chunkTimes.get(i) - answer.chunkTimes.get(i - 1)));
        }
        var tokensPerChunk = answer.chunkTexts.stream().map(tokenizer::count).toList();
        return new Metrics(queueMs, prepMs, retryMs, timeline.dnsMs(), timeline.connectMs(), timeline.tlsMs(),
                timeline.ttfbMs(), ttftMs, ttfcMs, e2eMs, queueMs + prepMs + retryMs + e2eMs, input, billed.cached(),
                billed.written(), output, answer.reasoningTokens, billed.source(), tpotMs, decodeTps, billed.costUsd(),
                timeline.connectionReused(), timeline.httpVersion(), gaps, tokensPerChunk);
    }

    /**
     * The tokens an answer is billed for and their price: the server's usage where it reported it, the prompt's
     * estimate and the tokenizer's count over the whole output where it did not. A call that got no answer was not
     * billed. {@code cached} and {@code written} are the server's prompt-cache counts as reported (0 when absent);
     * the price charges at most the input there was.
     */
    record Billed(Integer input, int cached, int written, Integer output, Metrics.TokenSource source, Double costUsd) {

        static Billed of(Answer answer, boolean answered, int estimatedInputTokens, Tokenizer tokenizer,
                         ModelInfo model) {
            Integer output = answer.outputTokens;
            var source = Metrics.TokenSource.USAGE;
            if (output == null && !answered) {
                source = null;
            } else if (output == null) {
                output = tokenizer.count(answer.reasoning.toString()) + tokenizer.count(answer.text.toString())
                        + tokenizer.count(answer.toolCalls.toString());
                source = Metrics.TokenSource.TOKENIZER;
            }
            Integer input = answer.inputTokens != null ? answer.inputTokens : answered ? estimatedInputTokens : null;
            int cached = answer.cachedInputTokens == null ? 0 : answer.cachedInputTokens;
            int written = answer.cacheWriteTokens == null ? 0 : answer.cacheWriteTokens;
            int billedCached = input == null ? 0 : Math.min(cached, input);
            int billedWritten = input == null ? 0 : Math.min(written, input - billedCached);
            var cost = model == null || input == null || output == null ? null : Cost.usd(model, new TokenUsage(input,
                    billedCached, billedWritten, output, answer.reasoningTokens == null ? 0 : answer.reasoningTokens));
            return new Billed(input, cached, written, output, source,
                    cost == null || cost.isEmpty() ? null : cost.getAsDouble());
        }
    }
}
