package dev.llmdyno.metrics;

import dev.llmdyno.call.Attempt;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.CallResult;
import dev.llmdyno.profile.Profile;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.stream.Stream;

/**
 * The engine's calls as the client's series ({@link ClientMetric} names them): hung on the engine as its
 * {@link CallObserver}, it records each call when it ends, from the same {@link dev.llmdyno.call.Metrics} the
 * results show, so a dashboard and a report read the same numbers. The series go to Prometheus's registry or to
 * OpenTelemetry's meter ({@link MetricSink}). Recording is a few increments on the calling thread, after the call's
 * clock has stopped.
 */
public final class ClientMetrics implements CallObserver {

    private static final double MS = 1_000.0;

    private final MetricSink sink;

    /** Registers the series {@code naming} selects on {@code registry}. */
    public ClientMetrics(PrometheusRegistry registry, ClientMetric.Naming naming) {
        this(new PrometheusSink(registry, ClientMetric.of(naming)));
    }

    ClientMetrics(MetricSink sink) {
        this.sink = sink;
    }

    @Override
    public void callStart(Profile profile, CallOptions options) {
        sink.inFlight(CallLabels.started(profile, options), 1);
    }

    @Override
    public void callEnd(Profile profile, CallOptions options, CallResult result) {
        sink.inFlight(CallLabels.started(profile, options), -1);
        var call = CallLabels.ended(profile, options, result);
        var metrics = result.metrics();
        var error = result.error();
        var outcome = error != null ? "error" : result.cached() ? "cached" : "ok";
        sink.add(ClientMetric.REQUESTS, values(call, outcome), 1);
        if (error != null) {
            sink.add(ClientMetric.ERRORS, values(call, error.type().id()), 1);
        }
        for (Attempt attempt : result.attempts()) {
            if (attempt.error() != null) {
                sink.add(ClientMetric.ATTEMPT_ERRORS, values(call, attempt.error().type().id(),
                        attempt.status() == 0 ? "" : String.valueOf(attempt.status())), 1);
            }
        }
        if (result.attempts().size() > 1) {
            sink.add(ClientMetric.RETRIES, call, result.attempts().size() - 1);
        }
        if (metrics == null) {
            return;
        }
        if (metrics.e2eMs() != null) {
            sink.observe(ClientMetric.OPERATION_DURATION, values(call, error == null ? "" : error.type().id()),
                    metrics.e2eMs() / MS);
        }
        if (metrics.queueMs() != null) {
            sink.observe(ClientMetric.QUEUE, call, metrics.queueMs() / MS);
        }
        if (profile.params().streaming() && !result.cached()) {
            if (metrics.ttftMs() != null) {
                sink.observe(ClientMetric.TIME_TO_FIRST_CHUNK, call, metrics.ttftMs() / MS);
            }
            metrics.chunkGapsMs().forEach(gap -> sink.observe(ClientMetric.TIME_PER_OUTPUT_CHUNK, call, gap / MS));
        }
        if (!result.cached()) {
            tokens(call, metrics.inputTokens(), metrics.outputTokens(), metrics.cachedInputTokens(),
                    metrics.cacheWriteTokens());
        }
        if (metrics.costUsd() != null) {
            sink.add(ClientMetric.COST, call, metrics.costUsd());
        }
    }

    /** Tokens the provider billed; a call the response cache answered cost none. */
    private void tokens(String[] call, Integer input, Integer output, Integer cacheRead, Integer cacheWrite) {
        if (sink.has(ClientMetric.TOKEN_USAGE)) {
            if (input != null) {
                sink.observe(ClientMetric.TOKEN_USAGE, values(call, "input"), input);
            }
            if (output != null) {
                sink.observe(ClientMetric.TOKEN_USAGE, values(call, "output"), output);
            }
            add(ClientMetric.CACHED_INPUT_TOKENS, call, cacheRead);
            return;
        }
        if (input != null) {
            sink.observe(ClientMetric.INPUT_TOKENS, call, input);
        }
        if (output != null) {
            sink.observe(ClientMetric.OUTPUT_TOKENS, call, output);
        }
        add(ClientMetric.INPUT_TOKENS_USED, call, input);
        add(ClientMetric.OUTPUT_TOKENS_USED, call, output);
        add(ClientMetric.CACHE_READ_TOKENS_USED, call, cacheRead);
        add(ClientMetric.CACHE_WRITE_TOKENS_USED, call, cacheWrite);
    }

    private void add(ClientMetric metric, String[] call, Integer tokens) {
        if (tokens != null) { // zero too: a series that exists from the first call has a rate from the first call
            sink.add(metric, call, tokens);
        }
    }

    private static String[] values(String[] call, String... extra) {
        return extra.length == 0 ? call : Stream.concat(Stream.of(call), Stream.of(extra)).toArray(String[]::new);
    }
}
