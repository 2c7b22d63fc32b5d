package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Set;

/** OpenAI's chat completions: {@code POST /v1/chat/completions}, streamed as SSE or as one JSON body. */
final class OpenAiProtocol implements WireProtocol {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Override
    public String apiKey(Headers headers) {
        var authorization = headers.getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).strip() : null;
    }

    @Override
    public void checkHeaders(Headers headers) {
        // OpenAI needs nothing beyond the key.
    }

    @Override
    public SimRequest parse(JsonNode body, String apiKey) throws SimError {
        var model = RequestFields.requiredString(body, "model");
        var messages = RequestFields.nonEmptyArray(body, "messages");
        var system = new StringBuilder();
        var turns = new ArrayList<SimRequest.Turn>();
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var path = "messages[" + i + "]";
            if (!message.isObject() || !message.path("role").isTextual() || !ROLES.contains(message.path("role").asText())) {
                throw SimError.badRequest("Invalid '" + path + ".role': expected one of " + ROLES + ".", path + ".role");
            }
            var role = message.path("role").asText();
            var content = RequestFields.content(message.get("content"), path + ".content");
            if (role.equals("system") || role.equals("developer")) {
                system.append(system.isEmpty() ? "" : "\n").append(content);
            } else {
                turns.add(new SimRequest.Turn(role, content));
            }
        }
        var n = RequestFields.integer(body, "n");
        if (n != null && n != 1) {
            throw SimError.badRequest("Invalid 'n': the simulator generates one choice (n = 1).", "n");
        }
        RequestFields.number(body, "temperature", 0, 2);
        RequestFields.number(body, "top_p", 0, 1);
        var maxCompletion = RequestFields.positiveInt(body, "max_completion_tokens");
        var maxTokens = maxCompletion != null ? maxCompletion : RequestFields.positiveInt(body, "max_tokens");
        var options = body.path("stream_options");
        boolean includeUsage = options.isObject() && options.path("include_usage").asBoolean(false);
        return new SimRequest(model, apiKey, system.toString(), turns, maxTokens == null ? 4_096 : maxTokens,
                RequestFields.stopSequences(body, "stop"), RequestFields.integer(body, "seed"),
                RequestFields.bool(body, "stream"), includeUsage, null, RequestFields.priority(body));
    }

    @Override
    public String errorBody(SimError error) {
        var inner = JSON.objectNode();
        inner.put("message", error.getMessage());
        inner.put("type", switch (error.kind()) {
            case RATE_LIMITED -> "requests";
            case SERVER_ERROR, OVERLOADED -> "server_error";
            default -> "invalid_request_error";
        });
        inner.put("param", error.param());
        inner.put("code", switch (error.kind()) {
            case UNAUTHORIZED -> "invalid_api_key";
            case NOT_FOUND -> "model_not_found";
            case RATE_LIMITED -> "rate_limit_exceeded";
            default -> null;
        });
        var root = JSON.objectNode();
        root.set("error", inner);
        return root.toString();
    }

    @Override
    public AnswerWriter streaming(SseStream sse, SimRequest request, String id) {
        return new StreamWriter(sse, request, id);
    }

    @Override
    public String completeBody(SimRequest request, Plan plan, String id) {
        var message = JSON.objectNode();
        message.put("role", "assistant");
        message.put("content", plan.content().text());
        if (plan.reasoningTokens() > 0) {
            message.put("reasoning_content", plan.reasoning().text());
        }
        message.putNull("refusal");
        var choice = JSON.objectNode();
        choice.put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(plan));
        var root = header(id, "chat.completion", request.model());
        root.putArray("choices").add(choice);
        root.set("usage", usage(plan));
        return root.toString();
    }

    @Override
    public void rateLimitHeaders(Headers headers, RateLimitState state) {
        if (state.requestLimit() != null) {
            headers.set("x-ratelimit-limit-requests", String.valueOf(state.requestLimit()));
            headers.set("x-ratelimit-remaining-requests", String.valueOf(state.requestsRemaining()));
            headers.set("x-ratelimit-reset-requests", RateLimitState.openAiDuration(state.requestsResetNanos()));
        }
        if (state.tokenLimit() != null) {
            headers.set("x-ratelimit-limit-tokens", String.valueOf(state.tokenLimit()));
            headers.set("x-ratelimit-remaining-tokens", String.valueOf(state.tokensRemaining()));
            headers.set("x-ratelimit-reset-tokens", RateLimitState.openAiDuration(state.tokensResetNanos()));
        }
    }

    @Override
    public String idPrefix() {
        return "chatcmpl-";
    }

    private static ObjectNode header(String id, String object, String model) {
        var root = JSON.objectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        root.put("system_fingerprint", "fp_llmdyno_sim");
        return root;
    }

    private static String finishReason(Plan plan) {
        return plan.finishReason() == Plan.FinishReason.LENGTH ? "length" : "stop";
    }

    private static ObjectNode usage(Plan plan) {
        var usage = JSON.objectNode();
        usage.put("prompt_tokens", plan.promptTokens());
        usage.put("completion_tokens", plan.outputTokens());
        usage.put("total_tokens", plan.promptTokens() + plan.outputTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", plan.cachedTokens());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
        return usage;
    }

    /** Chunks as OpenAI streams them: a role-only first chunk, deltas, a finish chunk, usage if asked, [DONE]. */
    private static final class StreamWriter implements AnswerWriter {
        private final SseStream sse;
        private final SimRequest request;
        private final String prefix;
        private final String suffix;
        private final String id;
        private final byte[] contentHead;
        private final byte[] reasoningHead;
        private final byte[] deltaTail;

        StreamWriter(SseStream sse, SimRequest request, String id) {
            this.sse = sse;
            this.request = request;
            this.id = id;
            var head = header(id, "chat.completion.chunk", request.model()).toString();
            this.prefix = head.substring(0, head.length() - 1) + ",\"choices\":[{\"index\":0,\"delta\":";
            this.suffix = ",\"logprobs\":null,\"finish_reason\":null}]" + (request.includeUsage() ? ",\"usage\":null}" : "}");
            this.contentHead = utf8(prefix + "{\"content\":");
            this.reasoningHead = utf8(prefix + "{\"reasoning_content\":");
            this.deltaTail = utf8("}" + suffix);
        }

        @Override
        public void begin(Plan plan) throws IOException {
            sse.event(null, prefix + "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}" + suffix);
        }

        @Override
        public void reasoning(Chunks reasoning, int index) throws IOException {
            sse.event(null, reasoningHead, reasoning.text(), reasoning.start(index), reasoning.end(index), deltaTail);
        }

        @Override
        public void content(Chunks content, int index) throws IOException {
            sse.event(null, contentHead, content.text(), content.start(index), content.end(index), deltaTail);
        }

        @Override
        public void malformed() throws IOException {
            sse.malformed();
        }

        @Override
        public void end(Plan plan) throws IOException {
            sse.event(null, prefix + "{}" + suffix.replace("\"finish_reason\":null", "\"finish_reason\":\"" + finishReason(plan) + "\""));
            if (request.includeUsage()) {
                var last = header(id, "chat.completion.chunk", request.model());
                last.putArray("choices");
                last.set("usage", usage(plan));
                sse.event(null, last.toString());
            }
            sse.event(null, "[DONE]");
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
