package dev.llmdyno.call;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.SimConfig;
import dev.llmdyno.timing.NanoClock;
import dev.llmdyno.tokens.Tokenizers;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine against exact, scripted server replies. */
class CallEngineWireTest {

    private static final String KEY = "sk-test-0123456789abcdefghij";
    private MockWebServer server;
    private CallEngine engine;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        engine = new CallEngine(Catalog.builtIn(), SecretResolver.of(Map.of("TEST_KEY", KEY)), NanoClock.SYSTEM,
                SimConfig.defaults());
    }

    @AfterEach
    void stop() {
        engine.close();
        server.close();
    }

    private Profile profile(ProviderKind kind, boolean stream) {
        var endpoint = new Endpoint("test", kind, server.url("/v1").toString(), "env:TEST_KEY", null, null);
        return Profile.starter().withEndpoint(endpoint).withModel("gpt-4o-mini")
                .withParams(Params.DEFAULTS.withStream(stream).withMaxTokens(50));
    }

    @Test
    void usageOnlyInTheLastChunkIsUsedAndOutputTokensComeFromIt() throws Exception {
        server.enqueue(new Sse()
                .data(Sse.delta("{\"role\":\"assistant\",\"content\":\"\"}"))
                .data(Sse.delta("{\"content\":\"Hello\"}"))
                .data(Sse.delta("{\"content\":\" world\"}"))
                .data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                .data("{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":4}}}")
                .data("[DONE]").response().build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.text()).isEqualTo("Hello world");
        assertThat(result.finishReason()).isEqualTo("stop");
        var m = result.metrics();
        assertThat(m.outputTokens()).isEqualTo(7);
        assertThat(m.outputTokensSource()).isEqualTo(Metrics.TokenSource.USAGE);
        assertThat(m.inputTokens()).isEqualTo(11);
        assertThat(m.cachedInputTokens()).isEqualTo(4);
        // gpt-4o-mini: (7 uncached * 0.15 + 4 cached * 0.075 + 7 out * 0.60) / 1M
        assertThat(m.costUsd()).isCloseTo((7 * 0.15 + 4 * 0.075 + 7 * 0.60) / 1e6, org.assertj.core.data.Offset.offset(1e-12));

        var request = server.takeRequest();
        var body = request.getBody().utf8();
        assertThat(body).contains("\"stream\":true", "\"include_usage\":true", "\"max_completion_tokens\":50");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void withoutUsageOutputTokensAreCountedWithTheTokenizerNotPerChunk() {
        server.enqueue(new Sse()
                .data(Sse.delta("{\"content\":\"The quick brown fox \"}"))
                .data(Sse.delta("{\"content\":\"jumps over the lazy dog.\"}"))
                .data("[DONE]").response().build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        var expected = Tokenizers.forEncoding("o200k_base").count("The quick brown fox jumps over the lazy dog.");
        assertThat(result.metrics().outputTokens()).isEqualTo(expected).isNotEqualTo(2);
        assertThat(result.metrics().outputTokensSource()).isEqualTo(Metrics.TokenSource.TOKENIZER);
        assertThat(result.metrics().tokensPerChunk()).hasSize(2);
    }

    @Test
    void reasoningIsKeptApartAndCountsForTtftButNotTtfc() {
        var sse = new Sse().data(Sse.delta("{\"role\":\"assistant\"}"))
                .data(Sse.delta("{\"reasoning_content\":\"Let me think.\"}"))
                .data(Sse.delta("{\"content\":\"Answer.\"}"))
                .data("[DONE]");
        // One byte per 20 ms after the role chunk: the answer arrives well after the reasoning.
        server.enqueue(sse.response().throttleBody(40, 20, java.util.concurrent.TimeUnit.MILLISECONDS).build());
        var reasons = new StringBuilder();
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS.withListener(new CallListener() {
            @Override
            public void onReasoning(String text) {
                reasons.append(text);
            }
        }));
        assertThat(result.reasoning()).isEqualTo("Let me think.").isEqualTo(reasons.toString());
        assertThat(result.text()).isEqualTo("Answer.");
        assertThat(result.metrics().ttftMs()).isLessThan(result.metrics().ttfcMs());
    }

    @Test
    void aStreamThatEndsWithoutItsEndMarkerIsACutStreamWithThePartialAnswerKept() {
        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"Half an\"}")).response().build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.STREAM_CUT);
        assertThat(result.text()).isEqualTo("Half an");
        assertThat(result.attempts()).hasSize(1);
    }

    @Test
    void aMalformedChunkIsATypedError() {
        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"ok\"}")).data("{broken").data("[DONE]").response().build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.MALFORMED);
        assertThat(result.error().message()).contains("{broken");
        assertThat(result.text()).isEqualTo("ok");
    }

    @Test
    void retriesHonourTheServersRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("retry-after-ms", "300")
                .body("{\"error\":{\"message\":\"slow down\"}}").build());
        server.enqueue(new MockResponse.Builder().code(503).setHeader("retry-after", "0").build());
        server.enqueue(new Sse().data(Sse.delta("{\"content\":\"done\"}")).data("[DONE]").response().build());
        var retries = new java.util.ArrayList<Double>();
        long start = System.nanoTime();
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS.withListener(new CallListener() {
            @Override
            public void onRetry(Attempt failed, double waitMs) {
                retries.add(waitMs);
            }
        }));
        assertThat(result.ok()).isTrue();
        assertThat(result.attempts()).extracting(Attempt::status).containsExactly(429, 503, 200);
        assertThat(result.attempts().get(0).error().type()).isEqualTo(CallError.Type.RATE_LIMITED);
        assertThat(result.attempts().get(0).error().message()).isEqualTo("HTTP 429: slow down");
        assertThat(retries).containsExactly(300.0, 0.0);
        assertThat(result.attempts().get(1).waitedMs()).isEqualTo(300.0);
        assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(300);
        assertThat(result.metrics().retryMs()).isGreaterThanOrEqualTo(300);
        assertThat(result.metrics().latencyMs()).isGreaterThanOrEqualTo(result.metrics().retryMs() + result.metrics().e2eMs());
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.enqueue(new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad\"}}").build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.BAD_REQUEST);
        assertThat(result.attempts()).hasSize(1);
        assertThat(result.metrics().costUsd()).isNull();
    }

    @Test
    void a401NeverLeaksTheKey() throws Exception {
        server.enqueue(new MockResponse.Builder().code(401)
                .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}").build());
        var result = engine.call(profile(ProviderKind.OPENAI, true), CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.UNAUTHORIZED);
        assertThat(result.error().message()).contains("[redacted]");
        var everything = dev.llmdyno.profile.Mappers.json().writeValueAsString(result);
        assertThat(everything).doesNotContain(KEY).doesNotContain(KEY.substring(8));
    }

    @Test
    void aMissingKeyIsAConfigErrorAndNothingIsSent() {
        var profile = profile(ProviderKind.OPENAI, true).withEndpoint(
                new Endpoint(null, ProviderKind.OPENAI, server.url("/v1").toString(), "env:NOT_SET_ANYWHERE", null, null));
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.error().type()).isEqualTo(CallError.Type.CONFIG);
        assertThat(result.error().message()).contains("NOT_SET_ANYWHERE");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void anthropicMessagesStreamWithCacheReadsInInput() throws Exception {
        var endpoint = new Endpoint(null, ProviderKind.ANTHROPIC, server.url("/").toString(), "env:TEST_KEY", null, null);
        server.enqueue(new Sse()
                .event("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"cache_read_input_tokens\":20,\"output_tokens\":1}}}")
                .event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                .event("ping", "{\"type\":\"ping\"}")
                .event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}")
                .event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi!\"}}")
                .event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                .event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}")
                .event("message_stop", "{\"type\":\"message_stop\"}").response().build());
        var result = engine.call(Profile.starter().withEndpoint(endpoint).withModel("claude-haiku-4-5"), CallOptions.DEFAULTS);
        assertThat(result.ok()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.text()).isEqualTo("Hi!");
        assertThat(result.reasoning()).isEqualTo("hmm");
        assertThat(result.finishReason()).isEqualTo("end_turn");
        assertThat(result.metrics().inputTokens()).isEqualTo(25);
        assertThat(result.metrics().cachedInputTokens()).isEqualTo(20);
        assertThat(result.metrics().outputTokens()).isEqualTo(9);
        var request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/messages");
        assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getBody().utf8()).contains("\"system\":\"You are a concise assistant.\"", "\"max_tokens\":512");
    }

    @Test
    void azureUsesItsDeploymentPathApiVersionAndApiKeyHeader() throws Exception {
        var endpoint = new Endpoint(null, ProviderKind.AZURE_OPENAI, server.url("/").toString(), "env:TEST_KEY", "my-dep", "2024-10-21");
        server.enqueue(new MockResponse.Builder().body("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}").build());
        var result = engine.call(Profile.starter().withEndpoint(endpoint).withParams(Params.DEFAULTS.withStream(false)), CallOptions.DEFAULTS);
        assertThat(result.text()).isEqualTo("hi");
        var request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/deployments/my-dep/chat/completions");
        assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
        assertThat(request.getHeaders().get("api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void theContextTrimsTheOldestTurnsAndSaysSo() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"choices\":[{\"message\":{\"content\":\"ok\"}}]}").build());
        var history = List.of(Message.user("old question " + "x ".repeat(300)), Message.assistant("old answer " + "y ".repeat(300)),
                Message.user("new question"));
        var profile = profile(ProviderKind.OPENAI, false).withPrompt(new Prompt("sys", history, Map.of()))
                .withLevers(Levers.DEFAULTS.withContext(new Levers.Context(100)));
        var result = engine.call(profile, CallOptions.DEFAULTS);
        assertThat(result.trim()).isEqualTo(new CallResult.Trim(2, result.trim().droppedTokens()));
        assertThat(result.trim().droppedTokens()).isGreaterThan(500);
        assertThat(server.takeRequest().getBody().utf8()).contains("new question").doesNotContain("old question");
    }

    @Test
    void aSecondCallReusesTheConnection() {
        server.enqueue(new MockResponse.Builder().body("{\"choices\":[{\"message\":{\"content\":\"a\"}}]}").build());
        server.enqueue(new MockResponse.Builder().body("{\"choices\":[{\"message\":{\"content\":\"b\"}}]}").build());
        var first = engine.call(profile(ProviderKind.OPENAI, false), CallOptions.DEFAULTS);
        var second = engine.call(profile(ProviderKind.OPENAI, false), CallOptions.DEFAULTS);
        assertThat(first.metrics().connectionReused()).isFalse();
        assertThat(first.metrics().connectMs()).isPositive();
        assertThat(second.metrics().connectionReused()).isTrue();
        assertThat(second.metrics().connectMs()).isZero();
        assertThat(second.metrics().dnsMs()).isZero();
    }
}
