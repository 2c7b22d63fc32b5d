package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import dev.llmdyno.tokens.Tokenizers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiWireTest {

    private static Simulator simulator;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.startLocal(FastModels.config());
        url = simulator.baseUrl() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    static List<String> dataLines(String sse) {
        var lines = new ArrayList<String>();
        for (var line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                lines.add(line.substring(6));
            }
        }
        return lines;
    }

    static JsonNode json(String text) throws Exception {
        return Mappers.json().readTree(text);
    }

    @Test
    void streamsARoleOnlyChunkThenContentThenFinishThenUsageThenDone() throws Exception {
        var reply = Http.post(url, """
                {"model":"sim-fast","stream":true,"stream_options":{"include_usage":true},"max_tokens":500,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello there"}]}""");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("Content-Type")).startsWith("text/event-stream");
        var data = dataLines(reply.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        var first = json(data.getFirst()).at("/choices/0/delta");
        assertThat(first.path("role").asText()).isEqualTo("assistant");
        assertThat(first.path("content").asText()).isEmpty();

        var text = new StringBuilder();
        for (var chunk : data.subList(1, data.size() - 3)) {
            var node = json(chunk);
            assertThat(node.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(node.at("/choices/0/finish_reason").isNull()).isTrue();
            text.append(node.at("/choices/0/delta/content").asText());
        }
        var finish = json(data.get(data.size() - 3));
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        var usage = json(data.get(data.size() - 2));
        assertThat(usage.path("choices")).isEmpty();
        int completion = usage.at("/usage/completion_tokens").asInt();
        assertThat(completion).isBetween(20, 40)
                .isEqualTo(Tokenizers.forEncoding("o200k_base").count(text.toString()));
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isPositive();
        assertThat(usage.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
    }

    @Test
    void withoutIncludeUsageNoUsageChunkIsSent() throws Exception {
        var data = dataLines(Http.post(url, """
                {"model":"sim-fast","stream":true,"messages":[{"role":"user","content":"x"}]}""").body());
        assertThat(data).noneMatch(line -> line.contains("\"usage\""));
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() throws Exception {
        var body = json(Http.post(url, """
                {"model":"sim-fast","max_completion_tokens":7,"messages":[{"role":"user","content":"x"}]}""").body());
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(7);
        assertThat(Tokenizers.forEncoding("o200k_base").count(body.at("/choices/0/message/content").asText())).isEqualTo(7);
    }

    @Test
    void theSamePromptAndSeedGiveTheSameAnswer() throws Exception {
        var request = """
                {"model":"sim-fast","seed":9,"messages":[{"role":"user","content":"Same question"}]}""";
        var a = json(Http.post(url, request).body()).at("/choices/0/message/content").asText();
        var b = json(Http.post(url, request).body()).at("/choices/0/message/content").asText();
        var other = json(Http.post(url, request.replace("\"seed\":9", "\"seed\":10")).body())
                .at("/choices/0/message/content").asText();
        assertThat(a).isNotEmpty().isEqualTo(b).isNotEqualTo(other);
    }

    @Test
    void aStopSequenceEndsTheAnswerBeforeIt() throws Exception {
        var plain = json(Http.post(url, """
                {"model":"sim-fast","seed":1,"max_tokens":40,"messages":[{"role":"user","content":"q"}]}""").body())
                .at("/choices/0/message/content").asText();
        var word = plain.split(" ")[3];
        var stopped = json(Http.post(url, """
                {"model":"sim-fast","seed":1,"max_tokens":40,"stop":[" %s"],"messages":[{"role":"user","content":"q"}]}"""
                .formatted(word)).body());
        assertThat(stopped.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(plain).startsWith(stopped.at("/choices/0/message/content").asText());
        assertThat(stopped.at("/choices/0/message/content").asText()).doesNotContain(" " + word);
    }

    @Test
    void aRepeatedLongPrefixIsReportedAsCached() throws Exception {
        var longText = "The context of this conversation is long and repeated. ".repeat(200);
        var request = """
                {"model":"sim-balanced","max_tokens":5,"messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}]}""";
        var first = json(Http.post(url, request.formatted(longText, "first")).body());
        var second = json(Http.post(url, request.formatted(longText, "second")).body());
        assertThat(first.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
        int cached = second.at("/usage/prompt_tokens_details/cached_tokens").asInt();
        assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThan(second.at("/usage/prompt_tokens").asInt());
        assertThat((cached - 1024) % 128).isZero();
    }

    @Test
    void onePromptCachePerApiKeySoOneTenantNeverWarmsAnothers() throws Exception {
        var longText = "A long shared system prompt, the same for every tenant. ".repeat(200);
        var request = """
                {"model":"sim-balanced","max_tokens":5,"messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}]}""";
        java.util.function.Function<String, Map<String, String>> key = k -> Map.of("Authorization", "Bearer " + k);
        Http.post(url, request.formatted(longText, "warm"), key.apply("tenant-a"));
        var otherTenant = json(Http.post(url, request.formatted(longText, "b"), key.apply("tenant-b")).body());
        var sameTenant = json(Http.post(url, request.formatted(longText, "a"), key.apply("tenant-a")).body());
        assertThat(otherTenant.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(sameTenant.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isGreaterThanOrEqualTo(1024);
    }

    @Test
    void badRequestsGetOpenAiShapedErrors() throws Exception {
        var unknownModel = Http.post(url, "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(unknownModel.status()).isEqualTo(404);
        assertThat(json(unknownModel.body()).at("/error/code").asText()).isEqualTo("model_not_found");

        assertThat(Http.post(url, "{not json").status()).isEqualTo(400);
        assertThat(Http.post(url, "[1,2]").status()).isEqualTo(400);
        var hot = Http.post(url, "{\"model\":\"sim-fast\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(hot.status()).isEqualTo(400);
        assertThat(json(hot.body()).at("/error/param").asText()).isEqualTo("temperature");
        assertThat(Http.post(url, "{\"model\":\"sim-fast\",\"top_p\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").status()).isEqualTo(400);
        assertThat(Http.post(url, "{\"model\":\"sim-fast\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").status()).isEqualTo(400);
        assertThat(Http.post(url, "{\"model\":\"sim-fast\",\"messages\":[]}").status()).isEqualTo(400);
        assertThat(Http.post(url, "{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}").status()).isEqualTo(400);
        assertThat(Http.get(url).status()).isEqualTo(405);
        assertThat(Http.get(simulator.baseUrl() + "/v2/nothing").status()).isEqualTo(404);
        var big = "{\"model\":\"sim-fast\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}]}";
        assertThat(Http.post(url, big).status()).isEqualTo(413);
    }

    @Test
    void listsItsModels() throws Exception {
        var models = json(Http.get(simulator.baseUrl() + "/v1/models").body());
        assertThat(models.path("data").findValuesAsText("id")).containsExactly("sim-fast", "sim-balanced");
    }

    @Test
    void contentPartsAndDeveloperMessagesAreAccepted() throws Exception {
        var reply = Http.post(url, """
                {"model":"sim-fast","messages":[{"role":"developer","content":"d"},
                 {"role":"user","content":[{"type":"text","text":"part one"},{"type":"image_url","image_url":{"url":"x"}}]}]}""");
        assertThat(reply.status()).isEqualTo(200);
    }
}
