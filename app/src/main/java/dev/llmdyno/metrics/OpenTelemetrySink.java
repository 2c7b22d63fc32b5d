package dev.llmdyno.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The client's series on an OpenTelemetry meter, for OTLP: under their OpenTelemetry names
 * ({@code gen_ai.client.operation.duration}), in seconds or counts with the units the GenAI conventions give, the
 * same bucket boundaries as Prometheus's as advice, and the labels as the conventions' attributes
 * ({@code gen_ai.request.model}, {@code error.type}). A label without a value is left out, as the conventions ask.
 */
final class OpenTelemetrySink implements MetricSink {

    /** The attribute of each label; the ones the conventions do not have are ours, under {@code llm_dyno.}. */
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "gen_ai_operation_name", "gen_ai.operation.name",
            "gen_ai_provider_name", "gen_ai.provider.name",
            "gen_ai_request_model", "gen_ai.request.model",
            "gen_ai_token_type", "gen_ai.token.type",
            "error_type", "error.type",
            "http_status", "http.response.status_code",
            "variant", "llm_dyno.variant",
            "target", "llm_dyno.target",
            "outcome", "llm_dyno.outcome");

    private final Map<ClientMetric, DoubleHistogram> histograms = new EnumMap<>(ClientMetric.class);
    private final Map<ClientMetric, DoubleCounter> counters = new EnumMap<>(ClientMetric.class);
    private final Map<ClientMetric, List<AttributeKey<?>>> keys = new EnumMap<>(ClientMetric.class);
    private LongUpDownCounter inFlight;
    private List<AttributeKey<?>> inFlightKeys;

    OpenTelemetrySink(Meter meter, List<ClientMetric> series) {
        for (var metric : series) {
            List<AttributeKey<?>> attributeKeys = metric.labels().stream().map(OpenTelemetrySink::key).toList();
            switch (metric.kind()) {
                case HISTOGRAM -> histograms.put(metric, meter.histogramBuilder(metric.otelName())
                        .setDescription(metric.help()).setUnit(unit(metric))
                        .setExplicitBucketBoundariesAdvice(Arrays.stream(metric.buckets()).boxed().toList()).build());
                case COUNTER -> counters.put(metric, meter.counterBuilder(metric.otelName())
                        .setDescription(metric.help()).setUnit(unit(metric)).ofDoubles().build());
                case GAUGE -> {
                    inFlight = meter.upDownCounterBuilder(metric.otelName()).setDescription(metric.help())
                            .setUnit(unit(metric)).build();
                    inFlightKeys = attributeKeys;
                }
            }
            keys.put(metric, attributeKeys);
        }
    }

    /** The attribute of {@code label}; an HTTP status is a number there. */
    private static AttributeKey<?> key(String label) {
        var name = ATTRIBUTES.get(label);
        if (name == null) {
            throw new IllegalStateException("label " + label + " has no OpenTelemetry attribute");
        }
        return label.equals("http_status") ? AttributeKey.longKey(name) : AttributeKey.stringKey(name);
    }

    /** The unit in UCUM as the conventions write it: seconds, or an annotation saying what is counted. */
    private static String unit(ClientMetric metric) {
        if (metric.seconds()) {
            return "s";
        }
        return switch (metric) {
            case COST -> "{USD}";
            case RETRIES, ATTEMPT_ERRORS -> "{attempt}";
            case REQUESTS, ERRORS, IN_FLIGHT -> "{request}";
            default -> "{token}";
        };
    }

    @Override
    public boolean has(ClientMetric metric) {
        return histograms.containsKey(metric) || counters.containsKey(metric);
    }

    @Override
    public void observe(ClientMetric metric, String[] labels, double value) {
        histograms.get(metric).record(value, attributes(keys.get(metric), labels));
    }

    @Override
    public void add(ClientMetric metric, String[] labels, double amount) {
        counters.get(metric).add(amount, attributes(keys.get(metric), labels));
    }

    @Override
    public void inFlight(String[] labels, int change) {
        inFlight.add(change, attributes(inFlightKeys, labels));
    }

    @SuppressWarnings("unchecked")
    private static Attributes attributes(List<AttributeKey<?>> keys, String[] values) {
        var builder = Attributes.builder();
        for (int i = 0; i < values.length; i++) {
            if (values[i].isEmpty()) {
                continue;
            }
            var key = keys.get(i);
            if (key.getType() == io.opentelemetry.api.common.AttributeType.LONG) {
                builder.put((AttributeKey<Long>) key, Long.parseLong(values[i]));
            } else {
                builder.put((AttributeKey<String>) key, values[i]);
            }
        }
        return builder.build();
    }
}
