package dev.llmdyno.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The client's series on a Prometheus registry, under their Prometheus names and classic buckets. */
final class PrometheusSink implements MetricSink {

    private final Map<ClientMetric, Histogram> histograms = new EnumMap<>(ClientMetric.class);
    private final Map<ClientMetric, Counter> counters = new EnumMap<>(ClientMetric.class);
    private Gauge inFlight;

    PrometheusSink(PrometheusRegistry registry, List<ClientMetric> series) {
        for (var metric : series) {
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
                case GAUGE -> inFlight = Gauge.builder().name(metric.prometheusBase()).help(metric.help())
                        .labelNames(labels).register(registry);
            }
        }
    }

    @Override
    public boolean has(ClientMetric metric) {
        return histograms.containsKey(metric) || counters.containsKey(metric);
    }

    @Override
    public void observe(ClientMetric metric, String[] labels, double value) {
        histograms.get(metric).labelValues(labels).observe(value);
    }

    @Override
    public void add(ClientMetric metric, String[] labels, double amount) {
        counters.get(metric).labelValues(labels).inc(amount);
    }

    @Override
    public void inFlight(String[] labels, int change) {
        inFlight.labelValues(labels).inc(change);
    }
}
