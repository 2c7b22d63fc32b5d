package dev.llmdyno.metrics;

import dev.llmdyno.Version;
import dev.llmdyno.call.CallObserver;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The calls sent out by OpenTelemetry, off unless the standard variables ask for it. Traces: an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) turns them on. Metrics (the
 * client's series, as {@link MetricsServer} serves them to Prometheus): {@code OTEL_METRICS_EXPORTER=otlp} or
 * {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}, so that a trace endpoint alone does not start a second stream. The
 * rest of the {@code OTEL_*} variables (protocol, headers, service name, sampler, propagators, the metric export
 * interval) are read by the OpenTelemetry SDK's own autoconfiguration, as every OpenTelemetry-instrumented program
 * reads them. Prompts and answers are recorded only with {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true},
 * the variable OpenTelemetry's GenAI instrumentations read.
 */
public final class Telemetry implements AutoCloseable {

    public static final String CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    private final OpenTelemetrySdk sdk;
    private final CallObserver observer;
    private final FailedExports failures;

    private Telemetry(OpenTelemetrySdk sdk, CallObserver observer, FailedExports failures) {
        this.sdk = sdk;
        this.observer = observer;
        this.failures = failures;
    }

    /**
     * Traces and metrics as {@code environment} (the process's variables) asks for them, or empty when it asks for
     * neither.
     *
     * @throws IllegalArgumentException when the variables are set but wrong (the SDK's message names the variable)
     */
    public static Optional<Telemetry> fromEnvironment(Map<String, String> environment) {
        boolean traces = (present(environment, "OTEL_EXPORTER_OTLP_ENDPOINT")
                || present(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                && !"none".equalsIgnoreCase(environment.get("OTEL_TRACES_EXPORTER"));
        boolean metrics = "otlp".equalsIgnoreCase(environment.get("OTEL_METRICS_EXPORTER"))
                || present(environment, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")
                && !"none".equalsIgnoreCase(environment.get("OTEL_METRICS_EXPORTER"));
        if (!traces && !metrics || "true".equalsIgnoreCase(environment.get("OTEL_SDK_DISABLED"))) {
            return Optional.empty();
        }
        var failures = new FailedExports();
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    // Defaults the variables override: only what was asked for, no logs, a name for the service,
                    // and OTLP over HTTP in protobuf (the only transport bundled: gRPC would need a second HTTP stack).
                    .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", traces ? "otlp" : "none",
                            "otel.metrics.exporter", metrics ? "otlp" : "none", "otel.logs.exporter", "none",
                            "otel.service.name", "llm-dyno", "otel.exporter.otlp.protocol", "http/protobuf"))
                    .addSpanExporterCustomizer((exporter, config) -> failures.counting(exporter))
                    .addMetricExporterCustomizer((exporter, config) -> failures.counting(exporter))
                    .disableShutdownHook()
                    .build().getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (String.valueOf(root.getMessage()).contains("GrpcSenderProvider")) {
                throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported; use "
                        + "http/protobuf (the default) with the collector's HTTP port, usually 4318", e);
            }
            throw new IllegalArgumentException("OpenTelemetry: " + e.getMessage()
                    + (root != e ? " (" + root.getMessage() + ")" : ""), e);
        }
        var observers = new ArrayList<CallObserver>();
        if (traces) {
            observers.add(new CallTracer(sdk.getTracer("dev.llmdyno", Version.get()),
                    sdk.getPropagators().getTextMapPropagator(),
                    "true".equalsIgnoreCase(environment.get(CAPTURE_CONTENT))));
        }
        if (metrics) {
            var naming = ClientMetric.Naming.fromOptIn(environment.get("OTEL_SEMCONV_STABILITY_OPT_IN"));
            observers.add(new ClientMetrics(new OpenTelemetrySink(sdk.getMeter("dev.llmdyno"),
                    ClientMetric.of(naming))));
        }
        return Optional.of(new Telemetry(sdk, CallObserver.all(observers), failures));
    }

    private static boolean present(Map<String, String> environment, String name) {
        var value = environment.get(name);
        return value != null && !value.isBlank();
    }

    /** The engine's observer that traces the calls and records their series, whichever are on. */
    public CallObserver observer() {
        return observer;
    }

    /** Sends what is still queued (spans, and the series' last values) and stops; waits up to ten seconds. */
    @Override
    public void close() {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** What did not reach the collector, in words; empty when everything did. Read after {@link #close()}. */
    public Optional<String> failures() {
        return failures.report();
    }
}
