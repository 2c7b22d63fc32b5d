package dev.llmdyno.metrics;

import dev.llmdyno.call.Attempt;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The engine's calls as Prometheus series ({@link ClientMetric} names them): hung on the engine as its
 * {@link CallObserver}, it records each call when it ends, from the same {@link dev.llmdyno.call.Metrics} the
 * results show, so a dashboard and a report read the same numbers. Recording is a few lock-free increments on the
 * calling thread, after the call's clock has stopped.
 */
public final class ClientMetrics implements CallObserver {

    private static final double MS = 1_000.0;

    private final Map<ClientMetric, Histogram> histograms = new EnumMap<>(ClientMetric.class);
    private final Map<ClientMetric, Counter> counters = new EnumMap<>(ClientMetric.class);
    private final Gauge inFlight;

    /** Registers the series {@code naming} selects on {@code registry}. */
    public ClientMetrics(PrometheusRegistry registry, ClientMetric.Naming naming) {
        Gauge gauge = null;
        for (var metric : ClientMetric.of(naming)) {
            var labels = metric.labels().toArray(String[]::new);
            switch (metric.kind()) {
                case HISTOGRAM -> {
                    var builder = Histogram.builder().name(metric.prometheusBase()).help(metric.help())
                            .labelNames(labels).classicUpperBounds(metric.buckets()).classicOnly();
                    if (metric.seconds()) {
                        builder.unit(Unit.SECONDS);
                    }
                    histograms.put(metric, builder.register(registry));
                }
                case COUNTER -> counters.put(metric, Counter.builder().name(metric.prometheusBase()).help(metric.help())
                        .labelNames(labels).register(registry));
                case GAUGE -> gauge = Gauge.builder().name(metric.prometheusBase()).help(metric.help())
                        .labelNames(labels).register(registry);
            }
        }
        this.inFlight = gauge;
    }

    @Override
    public void callStart(Profile profile, CallOptions options) {
        inFlight.labelValues(CallLabels.started(profile, options)).inc();
    }

    @Override
    public void callEnd(Profile profile, CallOptions options, CallResult result) {
        inFlight.labelValues(CallLabels.started(profile, options)).dec();
        var call = CallLabels.ended(profile, options, result);
        var metrics = result.metrics();
        var error = result.error();
        var outcome = error != null ? "error" : result.cached() ? "cached" : "ok";
        counter(ClientMetric.REQUESTS, call, outcome).inc();
        if (error != null) {
            counter(ClientMetric.ERRORS, call, error.type().id()).inc();
        }
        for (Attempt attempt : result.attempts()) {
            if (attempt.error() != null) {
                counter(ClientMetric.ATTEMPT_ERRORS, call, attempt.error().type().id(),
                        attempt.status() == 0 ? "" : String.valueOf(attempt.status())).inc();
            }
        }
        if (result.attempts().size() > 1) {
            counter(ClientMetric.RETRIES, call).inc(result.attempts().size() - 1);
        }
        if (metrics == null) {
            return;
        }
        if (metrics.e2eMs() != null) {
            histogram(ClientMetric.OPERATION_DURATION, call, error == null ? "" : error.type().id())
                    .observe(metrics.e2eMs() / MS);
        }
        if (metrics.queueMs() != null) {
            histogram(ClientMetric.QUEUE, call).observe(metrics.queueMs() / MS);
        }
        if (profile.params().streaming() && !result.cached()) {
            if (metrics.ttftMs() != null) {
                histogram(ClientMetric.TIME_TO_FIRST_CHUNK, call).observe(metrics.ttftMs() / MS);
            }
            var gaps = histogram(ClientMetric.TIME_PER_OUTPUT_CHUNK, call);
            metrics.chunkGapsMs().forEach(gap -> gaps.observe(gap / MS));
        }
        if (!result.cached()) {
            tokens(call, metrics.inputTokens(), metrics.outputTokens(), metrics.cachedInputTokens(),
                    metrics.cacheWriteTokens());
        }
        if (metrics.costUsd() != null) {
            counter(ClientMetric.COST, call).inc(metrics.costUsd());
        }
    }

    /** Tokens the provider billed; a call the response cache answered cost none. */
    private void tokens(String[] call, Integer input, Integer output, Integer cacheRead, Integer cacheWrite) {
        if (histograms.containsKey(ClientMetric.TOKEN_USAGE)) {
            if (input != null) {
                histogram(ClientMetric.TOKEN_USAGE, call, "input").observe(input);
            }
            if (output != null) {
                histogram(ClientMetric.TOKEN_USAGE, call, "output").observe(output);
            }
            add(ClientMetric.CACHED_INPUT_TOKENS, call, cacheRead);
            return;
        }
        if (input != null) {
            histogram(ClientMetric.INPUT_TOKENS, call).observe(input);
        }
        if (output != null) {
            histogram(ClientMetric.OUTPUT_TOKENS, call).observe(output);
        }
        add(ClientMetric.INPUT_TOKENS_USED, call, input);
        add(ClientMetric.OUTPUT_TOKENS_USED, call, output);
        add(ClientMetric.CACHE_READ_TOKENS_USED, call, cacheRead);
        add(ClientMetric.CACHE_WRITE_TOKENS_USED, call, cacheWrite);
    }

    private void add(ClientMetric metric, String[] call, Integer tokens) {
        if (tokens != null) { // zero too: a series that exists from the first call has a rate from the first call
            counter(metric, call).inc(tokens);
        }
    }

    private DistributionDataPoint histogram(ClientMetric metric, String[] call, String... extra) {
        return histograms.get(metric).labelValues(values(call, extra));
    }

    private CounterDataPoint counter(ClientMetric metric, String[] call, String... extra) {
        return counters.get(metric).labelValues(values(call, extra));
    }

    private static String[] values(String[] call, String[] extra) {
        return extra.length == 0 ? call : Stream.concat(Stream.of(call), Stream.of(extra)).toArray(String[]::new);
    }
}
