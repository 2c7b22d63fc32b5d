package dev.llmdyno.metrics;

/**
 * Histogram bucket boundaries chosen for LLM calls (docs/monitoring.md explains them). A quantile computed from
 * buckets is only as exact as the bucket it falls in, so the boundaries are close where LLM latencies cluster
 * (a first token in 50 ms to 2 s, a chunk every 5 to 50 ms) and wide in the tails, where a minute-long call needs
 * a bucket but not a fine one.
 */
final class Buckets {

    /** Whole calls and client-side waits: 10 ms to 5 minutes. */
    static final double[] DURATION_SECONDS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.65, 0.8, 1,
            1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60, 120, 300};

    /** Time to the first token: 5 ms to 1 minute, finest between 50 ms and 1 s. */
    static final double[] FIRST_TOKEN_SECONDS = {0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3,
            0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 20, 60};

    /** Gaps between streamed chunks (and tokens): 0.5 ms to 2.5 s. */
    static final double[] CHUNK_GAP_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.02, 0.025,
            0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5};

    /** Token counts, as the OpenTelemetry GenAI conventions advise for {@code gen_ai.client.token.usage}. */
    static final double[] TOKENS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
            67108864};

    private Buckets() {
    }
}
