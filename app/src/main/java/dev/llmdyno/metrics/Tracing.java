package dev.llmdyno.metrics;

import dev.llmdyno.Version;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry tracing of the calls, off unless the standard variables ask for it: an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) turns it on, and the rest of
 * the {@code OTEL_*} variables (protocol, headers, service name, sampler, propagators) are read by the
 * OpenTelemetry SDK's own autoconfiguration, as every OpenTelemetry-instrumented program reads them. Only traces
 * go out this way; the metrics are Prometheus's ({@link MetricsServer}). Prompts and answers are recorded only with
 * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true}, the variable OpenTelemetry's GenAI
 * instrumentations read.
 */
public final class Tracing implements AutoCloseable {

    public static final String CAPTURE_CONTENT = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    private final OpenTelemetrySdk sdk;
    private final CallTracer observer;

    private Tracing(OpenTelemetrySdk sdk, boolean captureContent) {
        this.sdk = sdk;
        this.observer = new CallTracer(sdk.getTracer("dev.llmdyno", Version.get()),
                sdk.getPropagators().getTextMapPropagator(), captureContent);
    }

    /**
     * Tracing as {@code environment} (the process's variables) asks for it, or empty when it does not.
     *
     * @throws IllegalArgumentException when the variables are set but wrong (the SDK's message names the variable)
     */
    public static Optional<Tracing> fromEnvironment(Map<String, String> environment) {
        boolean endpoint = present(environment, "OTEL_EXPORTER_OTLP_ENDPOINT")
                || present(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (!endpoint || "true".equalsIgnoreCase(environment.get("OTEL_SDK_DISABLED"))
                || "none".equalsIgnoreCase(environment.get("OTEL_TRACES_EXPORTER"))) {
            return Optional.empty();
        }
        try {
            var sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    // Defaults the variables override: no OTLP metrics or logs, a name for the service, and
                    // OTLP over HTTP in protobuf (the only transport bundled: gRPC would need a second HTTP stack).
                    .addPropertiesSupplier(() -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                            "otel.service.name", "llm-dyno", "otel.exporter.otlp.protocol", "http/protobuf"))
                    .disableShutdownHook()
                    .build().getOpenTelemetrySdk();
            return Optional.of(new Tracing(sdk, "true".equalsIgnoreCase(environment.get(CAPTURE_CONTENT))));
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
    }

    private static boolean present(Map<String, String> environment, String name) {
        var value = environment.get(name);
        return value != null && !value.isBlank();
    }

    public CallTracer observer() {
        return observer;
    }

    /** Sends what is still queued and stops; waits up to ten seconds for the collector. */
    @Override
    public void close() {
        sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
}
