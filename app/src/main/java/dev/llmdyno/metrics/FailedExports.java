package dev.llmdyno.metrics;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exports the collector did not take, counted on the exporters themselves. The SDK reports a failed export
 * only in its log, and a one-shot process's last export happens at exit, after the log has been shut: without
 * this count a wrong endpoint would lose every span and series without a word.
 */
final class FailedExports {

    private final AtomicInteger spans = new AtomicInteger();
    private final AtomicInteger series = new AtomicInteger();

    SpanExporter counting(SpanExporter exporter) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                return counted(exporter.export(batch), spans);
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }

    MetricExporter counting(MetricExporter exporter) {
        return new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> metrics) {
                return counted(exporter.export(metrics), series);
            }

            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                return exporter.getAggregationTemporality(type);
            }

            @Override
            public Aggregation getDefaultAggregation(InstrumentType type) {
                return exporter.getDefaultAggregation(type);
            }

            @Override
            public MemoryMode getMemoryMode() {
                return exporter.getMemoryMode();
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }

    private static CompletableResultCode counted(CompletableResultCode result, AtomicInteger failures) {
        result.whenComplete(() -> {
            if (!result.isSuccess()) {
                failures.incrementAndGet();
            }
        });
        return result;
    }

    /** "OpenTelemetry: 2 exports of spans were not taken by the collector ..." when any failed. */
    Optional<String> report() {
        int failedSpans = spans.get();
        int failedSeries = series.get();
        if (failedSpans == 0 && failedSeries == 0) {
            return Optional.empty();
        }
        var what = failedSpans > 0 && failedSeries > 0 ? "of spans (" + failedSpans + ") and of series ("
                + failedSeries + ")" : failedSpans > 0 ? "of spans (" + failedSpans + ")" : "of series ("
                + failedSeries + ")";
        return Optional.of("OpenTelemetry: exports " + what + " were not taken by the collector; check that it "
                + "runs at the OTEL_EXPORTER_OTLP_*ENDPOINT given, over HTTP (usually port 4318)");
    }
}
