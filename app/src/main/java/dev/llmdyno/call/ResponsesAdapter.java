package dev.llmdyno.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Request;

/**
 * OpenAI's Responses API ({@code POST /responses}), for calls whose conversation the provider carries: the system
 * prompt goes as {@code instructions}, the messages as {@code input}, and {@code previous_response_id} names the
 * response it continues. Streams are typed events: text in {@code response.output_text.delta}, the usage and the
 * response's id in {@code response.completed} (or {@code response.incomplete}).
 */
final class ResponsesAdapter implements ProviderAdapter {

    @Override
    public Request.Builder request(CallSpec spec, String apiKey) {
        var builder = new Request.Builder().post(ProviderAdapter.jsonBody(body(spec)))
                .url(Urls.get(OpenAiAdapter.trimSlash(spec.baseUrl()) + "/responses"));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        if (spec.params().streaming()) {
            builder.header("Accept", "text/event-stream");
        }
        return builder;
    }

    @Override
    public ObjectNode body(CallSpec spec) {
        var body = JsonNodeFactory.instance.objectNode();
        body.put("model", spec.model());
        var prompt = spec.prompt();
        if (!prompt.system().isEmpty()) {
            body.put("instructions", prompt.system());
        }
        var input = body.putArray("input");
        for (var message : prompt.messages()) {
            input.addObject().put("role", message.role().id()).put("content", message.content());
        }
        if (spec.previousResponseId() != null) {
            body.put("previous_response_id", spec.previousResponseId());
        }
        var params = spec.params();
        body.put("max_output_tokens", params.maxTokens());
        if (params.temperature() != null) {
            body.put("temperature", params.temperature());
        }
        if (params.topP() != null) {
            body.put("top_p", params.topP());
        }
        // Kept by the provider, so that the next turn can name it.
        body.put("store", true);
        OpenAiAdapter.sender(body, spec.sender());
        if (params.streaming()) {
            body.put("stream", true);
        }
        return body;
    }

    @Override
    public boolean onEvent(String type, JsonNode data, Answer answer) {
        var kind = data.path("type").asText(type == null ? "" : type);
        switch (kind) {
            case "response.created" -> answer.responseId = OpenAiAdapter.text(data.path("response"), "id");
            case "response.output_text.delta" -> answer.content(OpenAiAdapter.text(data, "delta"));
            case "response.reasoning_summary_text.delta" -> answer.reasoning(OpenAiAdapter.text(data, "delta"));
            case "response.completed", "response.incomplete" -> {
                onResponse(data.path("response"), answer);
                answer.terminated = true; // the stream's own end: the answer is whole
                return false;
            }
            case "response.failed", "error" -> {
                var error = data.path("response").path("error").isObject() ? data.path("response").path("error")
                        : data.path("error").isObject() ? data.path("error") : data;
                throw new StreamErrorException(AttemptRunner.providerError(0, error));
            }
            default -> {
                // output_item.added, content_part.added, output_text.done and the rest repeat what is already read
            }
        }
        return true;
    }

    @Override
    public void onBody(JsonNode body, Answer answer) {
        for (var item : body.path("output")) {
            if (item.path("type").asText().equals("message")) {
                for (var part : item.path("content")) {
                    if (part.path("type").asText().equals("output_text")) {
                        answer.content(OpenAiAdapter.text(part, "text"));
                    }
                }
            }
        }
        onResponse(body, answer);
        answer.terminated = true;
    }

    /** The finished response: its id, how it ended and its usage. */
    private static void onResponse(JsonNode response, Answer answer) {
        answer.responseId = OpenAiAdapter.text(response, "id");
        var status = response.path("status").asText("");
        answer.finishReason = status.equals("incomplete") ? "length" : status.equals("completed") ? "stop" : status;
        OpenAiAdapter.UsageFields.RESPONSES.read(response.path("usage"), answer);
    }
}
