package dev.llmdyno.metrics;

import dev.llmdyno.call.CallEngine;
import dev.llmdyno.call.CallObserver;
import dev.llmdyno.call.CallOptions;
import dev.llmdyno.call.ResponseCache;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A span per call with the GenAI attributes and the measured times, an event per attempt, the trace propagated. */
class CallTracerTest {

    private static final String KEY = "sk-tracer-secret-0123456789abcdef";
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private MockWebServer server;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        provider.close();
    }

    private static MockResponse answer() {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2}}").build();
    }

    private CallEngine engine(boolean captureContent) {
        var tracer = new CallTracer(provider.get("test"), W3CTraceContextPropagator.getInstance(), captureContent);
        return CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of("KEY", KEY)))
                .cache(new ResponseCache(folder.resolve("cache"))).observer(CallObserver.all(List.of(tracer))).build();
    }

    private Profile profile() {
        return Profile.starter().withEndpoint(new Endpoint("near", ProviderKind.OPENAI_COMPATIBLE,
                        server.url("/v1").toString(), "env:KEY", null, null)).withModel("gpt-4o-mini")
                .withParams(Params.DEFAULTS.withMaxTokens(20).withStream(false))
                .withLevers(Levers.DEFAULTS.withRetry(new Levers.Retry(1, 1, 1, false, null, null)));
    }

    @Test
    void aRetriedCallIsOneSpanWithAnEventPerAttemptAndCarriesItsTraceToTheServer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("{\"error\":{\"message\":\"busy\"}}").build());
        server.enqueue(answer());
        try (var engine = engine(false)) {
            var result = engine.call(profile(), CallOptions.DEFAULTS.withLabel("baseline"));
            assertThat(result.ok()).isTrue();

            var span = single();
            assertThat(span.getName()).isEqualTo("chat gpt-4o-mini");
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            var attributes = span.getAttributes();
            assertThat(attributes.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
            assertThat(attributes.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai-compatible");
            assertThat(attributes.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
            assertThat(attributes.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(20);
            assertThat(attributes.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo(result.model());
            assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12);
            assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(2);
            assertThat(attributes.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                    .containsExactly("stop");
            assertThat(attributes.get(AttributeKey.stringKey("server.address"))).isEqualTo(server.getHostName());
            assertThat(attributes.get(AttributeKey.longKey("server.port"))).isEqualTo(server.getPort());
            assertThat(attributes.get(AttributeKey.stringKey("llm_dyno.variant"))).isEqualTo("baseline");
            assertThat(attributes.get(AttributeKey.stringKey("llm_dyno.target"))).isEqualTo("near");
            assertThat(attributes.get(AttributeKey.doubleKey("llm_dyno.e2e_ms"))).isEqualTo(result.metrics().e2eMs());
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            // The prompt and the answer stay out unless asked for.
            assertThat(attributes.get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();

            assertThat(span.getEvents()).hasSize(2).allMatch(event -> event.getName().equals("llm_dyno.attempt"));
            var first = span.getEvents().getFirst().getAttributes();
            assertThat(first.get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503);
            assertThat(first.get(AttributeKey.stringKey("error.type"))).isEqualTo("server_error");
            assertThat(span.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();

            // Both attempts carried the span's own context.
            var expected = "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                    + span.getSpanContext().getTraceFlags().asHex();
            assertThat(server.takeRequest().getHeaders().get("traceparent")).isEqualTo(expected);
            assertThat(server.takeRequest().getHeaders().get("traceparent")).isEqualTo(expected);
        }
    }

    @Test
    void aFailedCallIsAnErrorSpanWithItsType() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":{\"message\":\"bad key\"}}").build());
        try (var engine = engine(false)) {
            assertThat(engine.call(profile(), CallOptions.DEFAULTS).ok()).isFalse();
        }
        var span = single();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("unauthorized");
    }

    @Test
    void contentIsRecordedOnlyWhenAskedAndTheKeyNever() {
        server.enqueue(answer());
        try (var engine = engine(true)) {
            assertThat(engine.call(profile().withPrompt(profile().prompt().withSystem("Answer in one word.")),
                    CallOptions.DEFAULTS).ok()).isTrue();
        }
        var attributes = single().getAttributes();
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.input.messages")))
                .contains("\"role\":\"system\"").contains("Answer in one word.");
        assertThat(attributes.get(AttributeKey.stringKey("gen_ai.output.messages"))).contains("Paris.");
        assertThat(attributes.asMap().values()).noneMatch(value -> String.valueOf(value).contains(KEY));
    }

    @Test
    void anObserverCannotReplaceTheKey() throws Exception {
        server.enqueue(answer());
        var forger = new CallObserver() {
            @Override
            public Map<String, String> attemptHeaders(Profile profile, int number) {
                return Map.of("Authorization", "Bearer stolen", "X-Trace", "kept");
            }
        };
        try (var engine = CallEngine.builder(Catalog.builtIn()).secrets(SecretResolver.of(Map.of("KEY", KEY)))
                .cache(new ResponseCache(folder.resolve("cache"))).observer(forger).build()) {
            assertThat(engine.call(profile(), CallOptions.DEFAULTS).ok()).isTrue();
        }
        var request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeaders().get("X-Trace")).isEqualTo("kept");
    }

    private SpanData single() {
        assertThat(spans.getFinishedSpanItems()).hasSize(1);
        return spans.getFinishedSpanItems().getFirst();
    }
}
