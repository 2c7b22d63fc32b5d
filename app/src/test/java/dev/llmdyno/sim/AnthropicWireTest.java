package dev.llmdyno.sim;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Map;

import static dev.llmdyno.sim.OpenAiWireTest.json;
import static org.assertj.core.api.Assertions.assertThat;

class AnthropicWireTest {

    private static final Map<String, String> HEADERS = Map.of("anthropic-version", "2023-06-01", "x-api-key", "k1");
    private static Simulator simulator;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.startLocal(FastModels.config().withApiKeys(java.util.List.of("k1")));
        url = simulator.baseUrl() + "/v1/messages";
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void streamsTheMessagesEventSequence() throws Exception {
        var reply = Http.post(url, """
                {"model":"sim-fast","max_tokens":300,"stream":true,"system":"Be brief.",
                 "messages":[{"role":"user","content":"Hi"}]}""", HEADERS);
        assertThat(reply.status()).isEqualTo(200);
        var events = new ArrayList<String>();
        var text = new StringBuilder();
        for (var line : reply.body().split("\n")) {
            if (line.startsWith("event: ")) {
                events.add(line.substring(7));
            } else if (line.startsWith("data: ") && line.contains("text_delta")) {
                text.append(json(line.substring(6)).at("/delta/text").asText());
            }
        }
        assertThat(events.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(events.subList(events.size() - 3, events.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(events.subList(3, events.size() - 3)).isNotEmpty().allMatch("content_block_delta"::equals);
        var delta = reply.body().lines().filter(l -> l.contains("\"message_delta\"") && l.startsWith("data: ")).findFirst().orElseThrow();
        assertThat(json(delta.substring(6)).at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(json(delta.substring(6)).at("/usage/output_tokens").asInt())
                .isEqualTo(dev.llmdyno.tokens.Tokenizers.forEncoding("o200k_base").count(text.toString()));
    }

    @Test
    void answersWithOneMessageWhenNotStreaming() throws Exception {
        var body = json(Http.post(url, """
                {"model":"sim-fast","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""",
                HEADERS).body());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void checksTheKeyTheVersionHeaderAndRequiredFields() throws Exception {
        var noKey = Http.post(url, "{\"model\":\"sim-fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("anthropic-version", "2023-06-01", "x-api-key", "wrong"));
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(json(noKey.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(noKey.body()).doesNotContain("wrong");

        var noVersion = Http.post(url, "{\"model\":\"sim-fast\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Map.of("x-api-key", "k1"));
        assertThat(noVersion.status()).isEqualTo(400);
        assertThat(json(noVersion.body()).path("type").asText()).isEqualTo("error");

        var noMax = Http.post(url, "{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", HEADERS);
        assertThat(noMax.status()).isEqualTo(400);
        assertThat(json(noMax.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        var unknown = Http.post(url, "{\"model\":\"claude-9\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", HEADERS);
        assertThat(json(unknown.body()).at("/error/type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void theOpenAiRouteChecksItsBearerKeyToo() throws Exception {
        var openAi = simulator.baseUrl() + "/v1/chat/completions";
        var body = "{\"model\":\"sim-fast\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        assertThat(Http.post(openAi, body).status()).isEqualTo(401);
        assertThat(Http.post(openAi, body, Map.of("Authorization", "Bearer k1")).status()).isEqualTo(200);
    }
}
