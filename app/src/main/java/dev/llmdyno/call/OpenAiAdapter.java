package dev.llmdyno.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmdyno.profile.ProviderKind;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * OpenAI chat completions and the servers that copy it (Azure OpenAI, Ollama, vLLM, llama.cpp, LM Studio,
 * OpenRouter, Groq, Together, DeepSeek, Gemini's OpenAI endpoint, the simulator).
 */
final class OpenAiAdapter implements ProviderAdapter {


    @Override
    public Request.Builder request(CallSpec spec, String apiKey) {
        var endpoint = spec.endpoint();
        var builder = new Request.Builder().post(ProviderAdapter.jsonBody(body(spec)));
        if (endpoint.kind() == ProviderKind.AZURE_OPENAI) {
            var url = HttpUrl.get(trimSlash(spec.baseUrl()) + "/openai/deployments/" + endpoint.deployment()
                    + "/chat/completions").newBuilder().addQueryParameter("api-version", endpoint.apiVersion()).build();
            builder.url(url);
            if (apiKey != null) {
                builder.header("api-key", apiKey);
            }
        } else {
            builder.url(Urls.get(trimSlash(spec.baseUrl()) + "/chat/completions"));
            if (apiKey != null) {
                builder.header("Authorization", "Bearer " + apiKey);
            }
        }
        if (spec.params().streaming()) {
            builder.header("Accept", "text/event-stream");
        }
        return builder;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        var body = JsonNodeFactory.instance.objectNode();
        var kind = spec.endpoint().kind();
        if (kind != ProviderKind.AZURE_OPENAI) {
            body.put("model", spec.model());
        }
        var messages = body.putArray("messages");
        var prompt = spec.prompt();
        if (!prompt.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", prompt.system());
        }
        for (var message : prompt.messages()) {
            messages.addObject().put("role", message.role().id()).put("content", message.content());
        }
        var params = spec.params();
        // OpenAI's newer models accept only max_completion_tokens; other servers know max_tokens.
        body.put(kind == ProviderKind.OPENAI || kind == ProviderKind.AZURE_OPENAI
                ? "max_completion_tokens" : "max_tokens", params.maxTokens());
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        if (!params.stop().isEmpty()) {
            var stop = body.putArray("stop");
            params.stop().forEach(stop::add);
        }
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        sender(body, spec.sender());
        if (params.streaming()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    /** The end user's id as OpenAI names it, and the priority vLLM's scheduler reads. */
    static void sender(ObjectNode body, CallOptions.Sender sender) {
        if (sender.user() != null) {
            body.put("user", sender.user());
        }
        if (sender.priority() != null) {
            body.put("priority", sender.priority());
        }
    }

    @Override
    public boolean isTerminator(String data) {
        return data.strip().equals("[DONE]");
    }

    @Override
    public boolean onEvent(String type, JsonNode data, Answer answer) {
        if (data.path("error").isObject()) {
            // Servers that fail mid-stream (OpenAI, vLLM, LiteLLM) send {"error": {...}} as an event.
            throw new StreamErrorException(AttemptRunner.providerError(0, data.path("error")));
        }
        for (var choice : data.path("choices")) {
            var delta = choice.path("delta");
            answer.reasoning(text(delta, "reasoning_content"));
            answer.reasoning(text(delta, "reasoning"));
            for (var call : delta.path("tool_calls")) {
                var function = call.path("function");
                answer.toolCall(text(function, "name"));
                answer.toolCall(text(function, "arguments"));
            }
            answer.content(text(delta, "content"));
            var finish = choice.path("finish_reason");
            if (finish.isTextual()) {
                answer.finishReason = finish.asText();
            }
        }
        UsageFields.CHAT.read(data.path("usage"), answer);
        return true;
    }

    @Override
    public void onBody(JsonNode body, Answer answer) {
        var choice = body.path("choices").path(0);
        var message = choice.path("message");
        answer.reasoning(text(message, "reasoning_content"));
        answer.reasoning(text(message, "reasoning"));
        for (var call : message.path("tool_calls")) {
            answer.toolCall(text(call.path("function"), "name"));
            answer.toolCall(text(call.path("function"), "arguments"));
        }
        answer.content(text(message, "content"));
        if (choice.path("finish_reason").isTextual()) {
            answer.finishReason = choice.path("finish_reason").asText();
        }
        UsageFields.CHAT.read(body.path("usage"), answer);
        answer.terminated = true;
    }

    /** Where an OpenAI usage object keeps its counts: chat completions' names, or the Responses API's. */
    record UsageFields(String input, String output, String cached, String reasoning) {
        static final UsageFields CHAT = new UsageFields("prompt_tokens", "completion_tokens",
                "/prompt_tokens_details/cached_tokens", "/completion_tokens_details/reasoning_tokens");
        static final UsageFields RESPONSES = new UsageFields("input_tokens", "output_tokens",
                "/input_tokens_details/cached_tokens", "/output_tokens_details/reasoning_tokens");

        /** Reads the counts {@code usage} has into the answer; those it lacks stay as they were. */
        void read(JsonNode usage, Answer answer) {
            if (!usage.isObject()) {
                return;
            }
            if (usage.path(input).isInt()) {
                answer.inputTokens = usage.path(input).asInt();
            }
            if (usage.path(output).isInt()) {
                answer.outputTokens = usage.path(output).asInt();
            }
            if (usage.at(cached).isInt()) {
                answer.cachedInputTokens = usage.at(cached).asInt();
            }
            if (usage.at(reasoning).isInt()) {
                answer.reasoningTokens = usage.at(reasoning).asInt();
            }
        }
    }

    static String text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
