package dev.llmdyno.sim;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

/**
 * The simulator's own series under vLLM's names, labels ({@code model_name}, {@code engine}) and bucket
 * boundaries, so that dashboards and alerts written for a vLLM server read the simulator unchanged (checked
 * against vLLM's {@code vllm/v1/metrics/loggers.py}, which also keeps {@code time_per_output_token} beside the
 * newer {@code inter_token_latency}). Served at {@code /metrics} on the simulator's own port, as vLLM serves it.
 */
final class ServerMetrics {

    private static final double NANOS = 1e9;
    private static final String[] LABELS = {"model_name", "engine"};
    private static final String ENGINE = "0";
    private static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] PER_TOKEN = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] REQUEST = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
            60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    /** vLLM's 1-2-5 steps up to the model's length; the simulator's models take up to a million tokens. */
    private static final double[] TOKENS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000,
            50_000, 100_000, 200_000, 500_000, 1_000_000};

    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram timeToFirstToken = histogram("vllm:time_to_first_token_seconds",
            "Histogram of time to first token in seconds.", TTFT);
    private final Histogram interTokenLatency = histogram("vllm:inter_token_latency_seconds",
            "Histogram of inter-token latency in seconds.", PER_TOKEN);
    private final Histogram timePerOutputToken = histogram("vllm:time_per_output_token_seconds",
            "Histogram of time per output token in seconds (the older name of the inter-token latency).", PER_TOKEN);
    private final Histogram e2e = histogram("vllm:e2e_request_latency_seconds",
            "Histogram of e2e request latency in seconds.", REQUEST);
    private final Histogram queue = histogram("vllm:request_queue_time_seconds",
            "Histogram of time spent in WAITING phase for request.", REQUEST);
    private final Histogram promptTokensPerRequest = histogram("vllm:request_prompt_tokens",
            "Number of prefill tokens processed.", TOKENS);
    private final Histogram generationTokensPerRequest = histogram("vllm:request_generation_tokens",
            "Number of generation tokens processed.", TOKENS);
    private final Counter promptTokens = counter("vllm:prompt_tokens", "Number of prefill tokens processed.");
    private final Counter generationTokens = counter("vllm:generation_tokens", "Number of generation tokens processed.");
    private final Counter prefixQueries = counter("vllm:prefix_cache_queries",
            "Prefix cache queries, in terms of number of queried tokens.");
    private final Counter prefixHits = counter("vllm:prefix_cache_hits",
            "Prefix cache hits, in terms of number of cached tokens.");
    private final Counter success = Counter.builder().name("vllm:request_success")
            .help("Count of successfully processed requests.").labelNames("model_name", "engine", "finished_reason")
            .register(registry);

    ServerMetrics(Collection<SimulatedModel> models) {
        GaugeWithCallback.builder().name("vllm:num_requests_running")
                .help("Number of requests in model execution batches.")
                .labelNames(LABELS).callback(callback -> models.forEach(model ->
                        callback.call(model.running(), model.spec().id(), ENGINE))).register(registry);
        GaugeWithCallback.builder().name("vllm:num_requests_waiting")
                .help("Number of requests waiting to be processed.")
                .labelNames(LABELS).callback(callback -> models.forEach(model ->
                        callback.call(model.waiting(), model.spec().id(), ENGINE))).register(registry);
    }

    /** One request's timings, from its arrival ({@link System#nanoTime()}). */
    Request request(String model, long arrivedNanos) {
        return new Request(model, arrivedNanos);
    }

    void write(OutputStream out) throws IOException {
        WRITER.write(out, registry.scrape());
    }

    private Histogram histogram(String name, String help, double[] bounds) {
        return Histogram.builder().name(name).help(help).labelNames(LABELS).classicUpperBounds(bounds).classicOnly()
                .register(registry);
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames(LABELS).register(registry);
    }

    /** Told as a request moves: admitted to a slot, each piece sent, finished. Pieces arrive on one thread. */
    final class Request {
        private final String model;
        private final long arrived;
        /** Looked up once: these two are observed for every token, on the pacer's threads. */
        private final DistributionDataPoint perToken;
        private final DistributionDataPoint perTokenOldName;
        private long lastPiece;

        private Request(String model, long arrived) {
            this.model = model;
            this.arrived = arrived;
            this.perToken = interTokenLatency.labelValues(model, ENGINE);
            this.perTokenOldName = timePerOutputToken.labelValues(model, ENGINE);
        }

        /**
         * It waited for a sequence slot from {@code queued} until {@code nanos}, and is counted as vLLM counts a
         * scheduled prompt.
         */
        void scheduled(long queued, long nanos, Plan plan) {
            queue.labelValues(model, ENGINE).observe((nanos - queued) / NANOS);
            promptTokens.labelValues(model, ENGINE).inc(plan.promptTokens());
            prefixQueries.labelValues(model, ENGINE).inc(plan.promptTokens());
            prefixHits.labelValues(model, ENGINE).inc(plan.cachedTokens());
            promptTokensPerRequest.labelValues(model, ENGINE).observe(plan.promptTokens());
        }

        /** A piece of {@code tokens} tokens went out at {@code nanos}: the first token's time, or the gaps. */
        void sent(long nanos, int tokens) {
            if (lastPiece == 0) {
                timeToFirstToken.labelValues(model, ENGINE).observe((nanos - arrived) / NANOS);
            } else {
                double gap = (nanos - lastPiece) / NANOS / tokens;
                for (int i = 0; i < tokens; i++) {
                    perToken.observe(gap);
                    perTokenOldName.observe(gap);
                }
            }
            lastPiece = nanos;
        }

        /** The answer has ended well at {@code nanos}. */
        void finished(long nanos, Plan plan) {
            e2e.labelValues(model, ENGINE).observe((nanos - arrived) / NANOS);
            generationTokens.labelValues(model, ENGINE).inc(plan.outputTokens());
            generationTokensPerRequest.labelValues(model, ENGINE).observe(plan.outputTokens());
            success.labelValues(model, ENGINE, plan.finishReason().name().toLowerCase()).inc();
        }
    }
}
