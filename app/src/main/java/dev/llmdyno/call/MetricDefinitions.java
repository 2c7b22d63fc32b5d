package dev.llmdyno.call;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place metric definitions live, in the words docs/metrics.md uses; the desktop shows them as tooltips
 * on every number.
 */
public final class MetricDefinitions {

    private static final Map<String, String> DEFINITIONS = new LinkedHashMap<>();

    static {
        DEFINITIONS.put("queueMs", "Queue: time the call waited before it was prepared and sent — for its planned "
                + "start, a concurrency limit or the client-side rate limiter. 0 when nothing held it. Part of the latency.");
        DEFINITIONS.put("prepMs", "Prep: LLM Dyno's own work before the request (rendering the prompt, counting its "
                + "tokens, building the request). Not queue and not network. Part of the latency.");
        DEFINITIONS.put("retryMs", "Retries: time spent in failed attempts and waiting between them. Part of the latency.");
        DEFINITIONS.put("dnsMs", "DNS: looking up the server's address. 0 on a reused connection.");
        DEFINITIONS.put("connectMs", "Connect: opening the TCP connection, TLS included. 0 on a reused connection.");
        DEFINITIONS.put("tlsMs", "TLS: the TLS handshake (part of connect). 0 for plain HTTP and reused connections.");
        DEFINITIONS.put("ttfbMs", "TTFB: request start to the first byte of the response headers.");
        DEFINITIONS.put("ttftMs", "TTFT, time to first token: request start to the first chunk that carries a generated "
                + "token (answer text, reasoning or a tool call). Role-only and empty chunks do not count.");
        DEFINITIONS.put("ttfcMs", "TTFC, time to first content: request start to the first visible answer text. "
                + "Reasoning models show a short TTFT and a longer TTFC.");
        DEFINITIONS.put("e2eMs", "Total: request start to the end of the stream (or body).");
        DEFINITIONS.put("latencyMs", "Latency: queue + prep + retries + total — what the caller waited.");
        DEFINITIONS.put("tpotMs", "TPOT, time per output token after the first: (total − TTFT) / (output tokens − 1).");
        DEFINITIONS.put("decodeTps", "Decode speed: (output tokens − 1) / (total − TTFT), in tokens per second.");
        DEFINITIONS.put("inputTokens", "Tokens in: prompt tokens from the server's usage report.");
        DEFINITIONS.put("cachedInputTokens", "Cached: prompt tokens the provider served from its prompt cache, "
                + "billed at the cached price.");
        DEFINITIONS.put("cacheWriteTokens", "Cache written: prompt tokens the provider wrote to its prompt cache "
                + "(Anthropic's cache_creation_input_tokens), billed at the cache-write price.");
        DEFINITIONS.put("outputTokens", "Tokens out: from the server's usage report when it gives one, otherwise "
                + "counted with the model's tokenizer over the whole answer — never one per chunk.");
        DEFINITIONS.put("costUsd", "Cost: catalog prices × tokens (uncached input, cached input, cache writes, output; reasoning "
                + "billed as output). Unknown, not $0, when the model's price is not known.");
        DEFINITIONS.put("attempts", "Attempts: how many times the request was sent (retries after 429, 5xx, timeouts).");
        DEFINITIONS.put("finishReason", "Finish: why the answer ended, as the server said (stop or end_turn: the model "
                + "finished; length or max_tokens: cut off at max_tokens; stop_sequence; content_filter; tool calls).");
        DEFINITIONS.put("target", "Target: where the last attempt went, the endpoint's name or address; every "
                + "attempt's target is in the result's attempts.");
        DEFINITIONS.put("generation", "Generation: from the first token to the end of the answer (total − TTFT).");
        DEFINITIONS.put("wait", "Wait for first token: after the connection is ready, until the first token arrives — "
                + "the server's queue and prefill.");
    }

    private MetricDefinitions() {
    }

    /** The definition of a metric by its name ({@code ttftMs}), or an empty string. */
    public static String of(String metric) {
        return DEFINITIONS.getOrDefault(metric, "");
    }
}
