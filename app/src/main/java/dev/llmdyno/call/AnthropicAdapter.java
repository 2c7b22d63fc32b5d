package dev.llmdyno.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import okhttp3.Request;

import static dev.llmdyno.call.OpenAiAdapter.text;
import static dev.llmdyno.call.OpenAiAdapter.trimSlash;

/** Anthropic's Messages API. */
final class AnthropicAdapter implements ProviderAdapter {

    static final String API_VERSION = "2023-06-01";
    /** Where {@link dev.llmdyno.profile.Levers.PromptCache#positions} puts a breakpoint on the system prompt. */
    private static final int SYSTEM = -1;

    @Override
    public Request.Builder request(CallSpec spec, String apiKey) {
        var builder = new Request.Builder()
                .url(Urls.get(trimSlash(spec.baseUrl()) + "/v1/messages"))
                .header("anthropic-version", API_VERSION)
                .post(ProviderAdapter.jsonBody(body(spec)));
        if (apiKey != null) {
            builder.header("x-api-key", apiKey);
        }
        return builder;
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode body(CallSpec spec) {
        var body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        body.put("max_tokens", spec.params().maxTokens());
        var prompt = spec.prompt();
        // A breakpoint turns its text into a content block carrying cache_control: the prefix up to there is cached.
        var breakpoints = spec.promptCache().positions(prompt.messages().size());
        if (!prompt.system().isEmpty()) {
            if (breakpoints.contains(SYSTEM)) {
                body.set("system", cachedText(prompt.system()));
            } else {
                body.put("system", prompt.system());
            }
        }
        var messages = body.putArray("messages");
        for (int i = 0; i < prompt.messages().size(); i++) {
            var message = prompt.messages().get(i);
            var sent = messages.addObject().put("role", message.role().id());
            if (breakpoints.contains(i)) {
                sent.set("content", cachedText(message.content()));
            } else {
                sent.put("content", message.content());
            }
        }
        var params = spec.params();
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (!params.stop().isEmpty()) {
            var stop = body.putArray("stop_sequences");
            params.stop().forEach(stop::add);
        }
        if (spec.sender().user() != null) {
            body.putObject("metadata").put("user_id", spec.sender().user());
        }
        if (params.streaming()) {
            body.put("stream", true);
        }
        return body;
    }

    /** One text block marked for Anthropic's five-minute ("ephemeral") prompt cache. */
    private static ArrayNode cachedText(String text) {
        var blocks = JsonNodeFactory.instance.arrayNode();
        blocks.addObject().put("type", "text").put("text", text).putObject("cache_control").put("type", "ephemeral");
        return blocks;
    }

    @Override
    public boolean onEvent(String type, JsonNode data, Answer answer) {
        var kind = type != null ? type : data.path("type").asText("");
        switch (kind) {
            case "message_start" -> usage(data.at("/message/usage"), answer);
            case "content_block_start" -> {
                var block = data.path("content_block");
                if ("tool_use".equals(block.path("type").asText())) {
                    answer.toolCall(text(block, "name"));
                }
            }
            case "content_block_delta" -> {
                var delta = data.path("delta");
                switch (delta.path("type").asText("")) {
                    case "text_delta" -> answer.content(text(delta, "text"));
                    case "thinking_delta" -> answer.reasoning(text(delta, "thinking"));
                    case "input_json_delta" -> answer.toolCall(text(delta, "partial_json"));
                    default -> {
                    }
                }
            }
            case "message_delta" -> {
                if (data.at("/delta/stop_reason").isTextual()) {
                    answer.finishReason = data.at("/delta/stop_reason").asText();
                }
                usage(data.path("usage"), answer);
            }
            case "message_stop" -> {
                answer.terminated = true;
                return false;
            }
            // Anthropic's own way to fail mid-stream: overloaded_error (a 529 elsewhere), rate_limit_error, ...
            case "error" -> throw new StreamErrorException(AttemptRunner.providerError(0, data.path("error")));
            default -> {
            }
        }
        return true;
    }

    @Override
    public void onBody(JsonNode body, Answer answer) {
        for (var block : body.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> answer.content(text(block, "text"));
                case "thinking" -> answer.reasoning(text(block, "thinking"));
                case "tool_use" -> answer.toolCall(block.path("input").toString());
                default -> {
                }
            }
        }
        if (body.path("stop_reason").isTextual()) {
            answer.finishReason = body.path("stop_reason").asText();
        }
        usage(body.path("usage"), answer);
        answer.terminated = true;
    }

    /** Anthropic reports cache reads and writes apart from input_tokens; LLM Dyno's input includes both. */
    private static void usage(JsonNode usage, Answer answer) {
        if (!usage.isObject()) {
            return;
        }
        if (usage.path("input_tokens").isInt()) {
            int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
            int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
            answer.inputTokens = usage.path("input_tokens").asInt() + cacheRead + cacheWrite;
            answer.cachedInputTokens = cacheRead;
            answer.cacheWriteTokens = cacheWrite;
        }
        if (usage.path("output_tokens").isInt()) {
            answer.outputTokens = usage.path("output_tokens").asInt();
        }
    }
}
