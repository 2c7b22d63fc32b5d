package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's Responses API: {@code POST /v1/responses}, whose {@code previous_response_id} has the server carry the
 * conversation. Each answered response is kept (per API key, as OpenAI keeps them per organisation; the oldest go
 * past {@link #KEPT}), so a later request that names it is prefilled with the whole conversation: its input tokens,
 * price and prompt cache are those of the history the client did not send. Streams carry the typed events
 * ({@code response.created}, {@code response.output_text.delta}, {@code response.completed}).
 */
final class ResponsesProtocol implements WireProtocol {

    /** Responses kept for {@code previous_response_id}, the oldest forgotten first. */
    static final int KEPT = 10_000;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final OpenAiProtocol chat = new OpenAiProtocol();
    /** By API key and response id: the conversation up to and including that response's answer. */
    private final Map<String, List<SimRequest.Turn>> kept = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<SimRequest.Turn>> eldest) {
            return size() > KEPT;
        }
    };

    @Override
    public String apiKey(Headers headers) {
        return chat.apiKey(headers);
    }

    @Override
    public void checkHeaders(Headers headers) {
        // as chat completions: nothing beyond the key
    }

    @Override
    public SimRequest parse(JsonNode body, String apiKey) throws SimError {
        var model = RequestFields.requiredString(body, "model");
        var turns = new ArrayList<SimRequest.Turn>();
        var previous = body.path("previous_response_id");
        if (previous.isTextual()) {
            List<SimRequest.Turn> history;
            synchronized (kept) {
                history = kept.get(key(apiKey, previous.asText()));
            }
            if (history == null) {
                throw SimError.badRequest("Previous response with id '" + previous.asText() + "' not found.",
                        "previous_response_id");
            }
            turns.addAll(history);
        }
        var system = new StringBuilder(body.path("instructions").asText(""));
        var input = body.get("input");
        if (input == null || input.isNull()) {
            throw SimError.badRequest("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            turns.add(new SimRequest.Turn("user", input.asText()));
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                var item = input.get(i);
                var path = "input[" + i + "]";
                var role = item.path("role").asText("");
                if (!ROLES.contains(role)) {
                    throw SimError.badRequest("Invalid '" + path + ".role': expected one of " + ROLES + ".",
                            path + ".role");
                }
                var text = text(item.get("content"), path + ".content");
                if (role.equals("system") || role.equals("developer")) {
                    system.append(system.isEmpty() ? "" : "\n").append(text);
                } else {
                    turns.add(new SimRequest.Turn(role, text));
                }
            }
        } else {
            throw SimError.badRequest("Invalid 'input': expected a string or a list of messages.", "input");
        }
        RequestFields.number(body, "temperature", 0, 2);
        RequestFields.number(body, "top_p", 0, 1);
        var maxTokens = RequestFields.positiveInt(body, "max_output_tokens");
        return new SimRequest(model, apiKey, system.toString(), turns, maxTokens == null ? 4_096 : maxTokens,
                List.of(), null, RequestFields.bool(body, "stream"), true, null, RequestFields.priority(body));
    }

    /** A message's content: text, or parts of type input_text or output_text. */
    private static String text(JsonNode content, String path) throws SimError {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw SimError.badRequest("Invalid '" + path + "': expected a string or a list of content parts.", path);
        }
        var text = new StringBuilder();
        for (var part : content) {
            var type = part.path("type").asText("");
            if (type.equals("input_text") || type.equals("output_text")) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    @Override
    public String errorBody(SimError error) {
        return chat.errorBody(error);
    }

    @Override
    public AnswerWriter streaming(SseStream sse, SimRequest request, String id) {
        return new StreamWriter(sse, request, id);
    }

    @Override
    public String completeBody(SimRequest request, Plan plan, String id) {
        keep(request, plan, id);
        return response(request, plan, id, "completed").toString();
    }

    @Override
    public void rateLimitHeaders(Headers headers, RateLimitState state) {
        chat.rateLimitHeaders(headers, state);
    }

    @Override
    public String idPrefix() {
        return "resp_";
    }

    /** Keeps the conversation with this response's answer, for a later {@code previous_response_id}. */
    private void keep(SimRequest request, Plan plan, String id) {
        var conversation = new ArrayList<>(request.turns());
        conversation.add(new SimRequest.Turn("assistant", plan.content().text()));
        synchronized (kept) {
            kept.put(key(request.apiKey(), id), List.copyOf(conversation));
        }
    }

    private static String key(String apiKey, String id) {
        return (apiKey == null ? "" : apiKey) + '\n' + id;
    }

    /** The response object: {@code status} "in_progress" (no output or usage yet) or "completed". */
    private static ObjectNode response(SimRequest request, Plan plan, String id, String status) {
        var root = JSON.objectNode();
        root.put("id", id);
        root.put("object", "response");
        root.put("created_at", System.currentTimeMillis() / 1000);
        root.put("status", status);
        root.put("model", request.model());
        var output = root.putArray("output");
        if (status.equals("completed")) {
            var message = output.addObject();
            message.put("type", "message");
            message.put("id", "msg_" + id.substring("resp_".length()));
            message.put("status", "completed");
            message.put("role", "assistant");
            var part = message.putArray("content").addObject();
            part.put("type", "output_text");
            part.put("text", plan.content().text());
            part.putArray("annotations");
            var usage = root.putObject("usage");
            usage.put("input_tokens", plan.promptTokens());
            usage.putObject("input_tokens_details").put("cached_tokens", plan.cachedTokens());
            usage.put("output_tokens", plan.outputTokens());
            usage.putObject("output_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
            usage.put("total_tokens", plan.promptTokens() + plan.outputTokens());
            if (plan.finishReason() == Plan.FinishReason.LENGTH) {
                root.put("status", "incomplete");
                root.putObject("incomplete_details").put("reason", "max_output_tokens");
            }
        } else {
            root.putNull("usage");
        }
        return root;
    }

    /** The typed events of a streamed response, numbered as OpenAI numbers them. */
    private final class StreamWriter implements AnswerWriter {
        private final SseStream sse;
        private final SimRequest request;
        private final String id;
        private final String itemId;
        private int sequence;

        StreamWriter(SseStream sse, SimRequest request, String id) {
            this.sse = sse;
            this.request = request;
            this.id = id;
            this.itemId = "msg_" + id.substring("resp_".length());
        }

        private void send(String type, ObjectNode data) throws IOException {
            data.put("type", type);
            data.put("sequence_number", sequence++);
            sse.event(type, data.toString());
        }

        @Override
        public void begin(Plan plan) throws IOException {
            var created = JSON.objectNode();
            created.set("response", response(request, plan, id, "in_progress"));
            send("response.created", created);
        }

        @Override
        public void reasoning(Chunks reasoning, int index) {
            // not sent: the Responses API sends only summaries of the reasoning, and only where asked
        }

        @Override
        public void content(Chunks content, int index) throws IOException {
            var delta = JSON.objectNode();
            delta.put("item_id", itemId);
            delta.put("output_index", 0);
            delta.put("content_index", 0);
            delta.put("delta", content.text().substring(content.start(index), content.end(index)));
            send("response.output_text.delta", delta);
        }

        @Override
        public void malformed() throws IOException {
            sse.malformed();
        }

        @Override
        public void end(Plan plan) throws IOException {
            keep(request, plan, id);
            var completed = JSON.objectNode();
            completed.set("response", response(request, plan, id, "completed"));
            send(plan.finishReason() == Plan.FinishReason.LENGTH ? "response.incomplete" : "response.completed",
                    completed);
        }
    }
}
