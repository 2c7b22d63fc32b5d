package dev.llmdyno.metrics;

import dev.llmdyno.DynoProcess;
import dev.llmdyno.TestPaths;
import dev.llmdyno.profile.Mappers;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import mockwebserver3.Dispatcher;
import mockwebserver3.RecordedRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Cold {@code dyno} processes, told only the standard {@code OTEL_*} variables, send their spans and their series by
 * OTLP/HTTP in protobuf to a collector stub; the stub decodes them with the OpenTelemetry protocol's own generated
 * classes (opentelemetry-proto), so what arrives is what a real collector would read.
 */
class OtlpExportTest {

    @Test
    void aOneShotCallSendsItsSpanBeforeTheProcessEnds() throws Exception {
        try (var collector = new MockWebServer()) {
            collector.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
                    .build());
            collector.start();
            var builder = DynoProcess.builder("call", TestPaths.profiles().resolve("simulator-quickstart.yaml")
                    .toString(), "--json");
            builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url("/").toString());
            builder.environment().put("OTEL_SERVICE_NAME", "otlp-test");
            var output = succeeded(builder);
            var metrics = Mappers.json().readTree(output.substring(output.indexOf('{'))).path("metrics");

            var request = collector.takeRequest(30, TimeUnit.SECONDS);
            assertThat(request).as("no export reached the collector").isNotNull();
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/traces");
            assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
            var export = ExportTraceServiceRequest.parseFrom(request.getBody().toByteArray());
            var resource = export.getResourceSpans(0);
            assertThat(attributes(resource.getResource().getAttributesList())).containsEntry("service.name",
                    "otlp-test");
            var span = resource.getScopeSpans(0).getSpans(0);
            assertThat(span.getName()).isEqualTo("chat sim-balanced");
            var attributes = attributes(span.getAttributesList());
            assertThat(attributes).containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.provider.name", "llm_dyno.simulator")
                    .containsEntry("gen_ai.request.model", "sim-balanced");
            double ttft = span.getAttributesList().stream().filter(kv -> kv.getKey().equals("llm_dyno.ttft_ms"))
                    .findFirst().orElseThrow().getValue().getDoubleValue();
            assertThat(ttft).isCloseTo(metrics.path("ttftMs").asDouble(), within(1e-6));
            assertThat(attributes.get("gen_ai.usage.output_tokens")).isEqualTo(metrics.path("outputTokens").asText());
            assertThat(attributes).doesNotContainKey("gen_ai.input.messages");
            assertThat(span.getEndTimeUnixNano() - span.getStartTimeUnixNano())
                    .isGreaterThanOrEqualTo((long) (metrics.path("e2eMs").asDouble() * 1e6));
        }
    }

    /**
     * An experiment's series go out by OTLP under their OpenTelemetry names, and what arrives adds up to the run's
     * own samples: as many operations as requests, the same seconds in all, the same input tokens. Only the metrics
     * endpoint is set, so no spans are sent.
     */
    @Test
    void anExperimentsSeriesArriveByOtlpAndAddUpToItsSamples(@TempDir Path dir) throws Exception {
        var plan = Files.writeString(dir.resolve("plan.yaml"), """
                name: OTLP series
                base:
                  model: sim-fast
                  params: {maxTokens: 16}
                  prompt: {messages: [{role: user, content: "Name a colour."}]}
                variants: [{name: a}, {name: b, overrides: {params: {maxTokens: 8}}}]
                repetitions: 4
                warmup: 0
                analysis: {stopEarly: false}
                """);
        var received = java.util.Collections.synchronizedList(new ArrayList<RecordedRequest>());
        try (var collector = new MockWebServer()) {
            collector.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    received.add(request);
                    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/x-protobuf")
                            .build();
                }
            });
            collector.start();
            var builder = DynoProcess.builder("experiment", "run", plan.toString(), "--store",
                    dir.resolve("h.db").toString(), "--out", dir.resolve("out").toString());
            builder.environment().put("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", collector.url("/v1/metrics").toString());
            succeeded(builder);
        }
        assertThat(received).isNotEmpty().allSatisfy(r -> assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/metrics"));
        // Cumulative: the last export holds every total.
        var export = ExportMetricsServiceRequest.parseFrom(received.getLast().getBody().toByteArray());
        var metrics = new ArrayList<Metric>();
        export.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList()
                .forEach(scope -> metrics.addAll(scope.getMetricsList())));
        var samples = Mappers.json().readTree(dir.resolve("out/results.json").toFile()).path("samples");
        double e2eSeconds = 0;
        long inputTokens = 0;
        for (var sample : samples) {
            e2eSeconds += sample.path("e2eMs").asDouble() / 1000;
            inputTokens += sample.path("inputTokens").asLong();
        }

        var duration = metric(metrics, "gen_ai.client.operation.duration");
        assertThat(duration.getUnit()).isEqualTo("s");
        var points = duration.getHistogram().getDataPointsList();
        assertThat(points.stream().mapToLong(HistogramDataPoint::getCount).sum()).isEqualTo(samples.size());
        assertThat(points.stream().mapToDouble(HistogramDataPoint::getSum).sum()).isCloseTo(e2eSeconds, within(1e-6));
        assertThat(points.getFirst().getExplicitBoundsList()).containsExactlyElementsOf(
                java.util.Arrays.stream(Buckets.DURATION_SECONDS).boxed().toList());
        assertThat(points).extracting(point -> attributes(point.getAttributesList()))
                .allSatisfy(attributes -> assertThat(attributes).containsEntry("gen_ai.request.model", "sim-fast")
                        .containsEntry("gen_ai.operation.name", "chat").doesNotContainKey("error.type"))
                .extracting(attributes -> attributes.get("llm_dyno.variant")).containsExactlyInAnyOrder("a", "b");

        var tokens = metric(metrics, "gen_ai.client.token.usage").getHistogram().getDataPointsList();
        assertThat(tokens.stream().filter(point -> "input".equals(attributes(point.getAttributesList())
                .get("gen_ai.token.type"))).mapToDouble(HistogramDataPoint::getSum).sum()).isEqualTo(inputTokens);
        var requests = metric(metrics, "llm_dyno.client.requests").getSum();
        assertThat(requests.getIsMonotonic()).isTrue();
        assertThat(requests.getDataPointsList().stream().mapToDouble(NumberDataPoint::getAsDouble).sum())
                .isEqualTo(samples.size());
    }

    /** A collector that is not there loses the spans and series, and the one-shot process says so as it exits. */
    @Test
    void exportsNobodyTookAreSaidAtExit() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var builder = DynoProcess.builder("call", TestPaths.profiles().resolve("simulator-quickstart.yaml").toString());
        builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort);
        builder.environment().put("OTEL_METRICS_EXPORTER", "otlp");
        var output = succeeded(builder);
        assertThat(output).contains("warning: OpenTelemetry: exports of spans (1) and of series (1) were not taken "
                + "by the collector").doesNotContain("Exception");
    }

    /** Runs the process to its end, which must be a success, and returns what it printed. */
    private static String succeeded(ProcessBuilder builder) throws Exception {
        var process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Metric metric(List<Metric> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + metrics.stream().map(Metric::getName)
                        .toList()));
    }

    private static java.util.Map<String, String> attributes(java.util.List<KeyValue> values) {
        return values.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> switch (kv.getValue().getValueCase()) {
            case STRING_VALUE -> kv.getValue().getStringValue();
            case INT_VALUE -> String.valueOf(kv.getValue().getIntValue());
            case DOUBLE_VALUE -> String.valueOf(kv.getValue().getDoubleValue());
            case BOOL_VALUE -> String.valueOf(kv.getValue().getBoolValue());
            default -> kv.getValue().toString();
        }));
    }
}
