package dev.llmdyno.call;

import java.util.List;

/**
 * The measured numbers of one call, named and defined as in docs/metrics.md. Times are milliseconds; a null time
 * was not measured (a cached answer, or a phase the call never reached). {@code prepMs} is the engine's own work
 * before the request (rendering, counting, building it), kept out of the queue and of every network phase. Timing fields describe the last attempt;
 * {@code retryMs} is the time spent in earlier attempts and waiting between them.
 */
public record Metrics(
        Double queueMs, Double prepMs, Double retryMs, Double dnsMs, Double connectMs, Double tlsMs, Double ttfbMs, Double ttftMs,
        Double ttfcMs, Double e2eMs, Double latencyMs, Integer inputTokens, Integer cachedInputTokens,
        Integer cacheWriteTokens, Integer outputTokens, Integer reasoningTokens, TokenSource outputTokensSource, Double tpotMs,
        Double decodeTps, Double costUsd, Boolean connectionReused, String httpVersion, List<Double> chunkGapsMs,
        List<Integer> tokensPerChunk) {

    /** Where {@code outputTokens} came from. */
    public enum TokenSource {
        /** The server's usage report. */
        USAGE,
        /** Counted with the model's tokenizer over the whole output, when the server reported no usage. */
        TOKENIZER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase();
        }
    }

    public Metrics {
        chunkGapsMs = chunkGapsMs == null ? List.of() : List.copyOf(chunkGapsMs);
        tokensPerChunk = tokensPerChunk == null ? List.of() : List.copyOf(tokensPerChunk);
    }
}
