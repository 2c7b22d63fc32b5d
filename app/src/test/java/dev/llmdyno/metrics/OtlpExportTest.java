package dev.llmdyno.metrics;

import dev.llmdyno.DynoProcess;
import dev.llmdyno.TestPaths;
import dev.llmdyno.profile.Mappers;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A cold {@code dyno call} process, told only the standard {@code OTEL_*} variables, sends its span by OTLP/HTTP in
 * protobuf to a collector stub; the stub decodes it with the OpenTelemetry protocol's own generated classes
 * (opentelemetry-proto), so what arrives is what a real collector would read.
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
            var process = builder.redirectErrorStream(true).start();
            process.getOutputStream().close();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
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
