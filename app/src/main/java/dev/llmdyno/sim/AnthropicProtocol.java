package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Anthropic's Messages API: {@code POST /v1/messages}, with its streaming event types. */
final class AnthropicProtocol implements WireProtocol {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Anthropic takes at most four cache_control breakpoints in one request. */
    private static final int MAX_BREAKPOINTS = 4;

    /** The key from x-api-key or, as Anthropic also takes (and its Java SDK 3.16 sends), a bearer token. */
    @Override
    public String apiKey(Headers headers) {
        var key = headers.getFirst("x-api-key");
        var authorization = headers.getFirst("Authorization");
        if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return key;
    }

    @Override
    public void checkHeaders(Headers headers) throws SimError {
        if (headers.getFirst("anthropic-version") == null) {
            throw SimError.badRequest("anthropic-version: header is required", null);
        }
    }

    @Override
    public SimRequest parse(JsonNode body, String apiKey) throws SimError {
        var model = RequestFields.requiredString(body, "model");
        var maxTokens = RequestFields.positiveInt(body, "max_tokens");
        if (maxTokens == null) {
            throw SimError.badRequest("max_tokens: Field required", "max_tokens");
        }
        var messages = RequestFields.nonEmptyArray(body, "messages");
        var system = marked(body.get("system"), "system");
        var breakpoints = new ArrayList<>(system.marks());
        var boundaries = new ArrayList<>(system.ends());
        // Offsets into SimRequest.promptText(): the system, then "\n<role>: <content>" per turn.
        int offset = system.text().length();
        var turns = new ArrayList<SimRequest.Turn>();
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw SimError.badRequest("messages." + i + ".role: Input should be 'user' or 'assistant'", null);
            }
            var content = marked(message.get("content"), "messages." + i + ".content");
            offset += 1 + role.length() + 2;
            for (int mark : content.marks()) {
                breakpoints.add(offset + mark);
            }
            for (int end : content.ends()) {
                boundaries.add(offset + end);
            }
            offset += content.text().length();
            turns.add(new SimRequest.Turn(role, content.text()));
        }
        if (breakpoints.size() > MAX_BREAKPOINTS) {
            throw SimError.badRequest("A maximum of " + MAX_BREAKPOINTS + " blocks with cache_control may be provided. "
                    + "Found " + breakpoints.size() + ".", null);
        }
        RequestFields.number(body, "temperature", 0, 1);
        RequestFields.number(body, "top_p", 0, 1);
        return new SimRequest(model, apiKey, system.text(), turns, maxTokens,
                RequestFields.stopSequences(body, "stop_sequences"), null, RequestFields.bool(body, "stream"), true,
                new SimRequest.CacheMarks(List.copyOf(breakpoints), List.copyOf(boundaries)), null);
    }

    /**
     * The text of a string or of content blocks, where in it each block ends, and where each block marked with
     * cache_control ends.
     */
    private record Marked(String text, List<Integer> ends, List<Integer> marks) {
    }

    private static Marked marked(JsonNode node, String path) throws SimError {
        var text = RequestFields.content(node, path);
        if (node == null || !node.isArray()) {
            return new Marked(text, text.isEmpty() ? List.of() : List.of(text.length()), List.of());
        }
        var ends = new ArrayList<Integer>();
        var marks = new ArrayList<Integer>();
        int end = 0;
        for (int i = 0; i < node.size(); i++) {
            var block = node.get(i);
            if ("text".equals(block.path("type").asText())) {
                end += block.path("text").asText("").length();
            }
            ends.add(end);
            var control = block.get("cache_control");
            if (control != null && !control.isNull()) {
                if (!"ephemeral".equals(control.path("type").asText())) {
                    throw SimError.badRequest(path + "." + i + ".cache_control.type: Input should be 'ephemeral'", null);
                }
                marks.add(end);
            }
        }
        return new Marked(text, ends, marks);
    }

    @Override
    public String errorBody(SimError error) {
        var root = JSON.objectNode();
        root.put("type", "error");
        var inner = root.putObject("error");
        inner.put("type", switch (error.kind()) {
            case UNAUTHORIZED -> "authentication_error";
            case NOT_FOUND -> "not_found_error";
            case TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED -> "overloaded_error";
            case SERVER_ERROR -> "api_error";
            default -> "invalid_request_error";
        });
        inner.put("message", error.getMessage());
        return root.toString();
    }

    @Override
    public AnswerWriter streaming(SseStream sse, SimRequest request, String id) {
        return new StreamWriter(sse, request, id);
    }

    @Override
    public String completeBody(SimRequest request, Plan plan, String id) {
        var root = message(id, request.model(), plan);
        root.putArray("content").addObject().put("type", "text").put("text", plan.content().text());
        root.put("stop_reason", stopReason(plan));
        root.put("stop_sequence", plan.stopSequence());
        root.set("usage", usage(plan, plan.outputTokens()));
        return root.toString();
    }

    @Override
    public void rateLimitHeaders(Headers headers, RateLimitState state) {
        if (state.requestLimit() != null) {
            headers.set("anthropic-ratelimit-requests-limit", String.valueOf(state.requestLimit()));
            headers.set("anthropic-ratelimit-requests-remaining", String.valueOf(state.requestsRemaining()));
            headers.set("anthropic-ratelimit-requests-reset", resetAt(state.requestsResetNanos()));
        }
        if (state.tokenLimit() != null) {
            headers.set("anthropic-ratelimit-tokens-limit", String.valueOf(state.tokenLimit()));
            headers.set("anthropic-ratelimit-tokens-remaining", String.valueOf(state.tokensRemaining()));
            headers.set("anthropic-ratelimit-tokens-reset", resetAt(state.tokensResetNanos()));
        }
    }

    @Override
    public String idPrefix() {
        return "msg_";
    }

    private static String resetAt(long nanosFromNow) {
        return Instant.now().plusNanos(nanosFromNow).toString();
    }

    private static ObjectNode message(String id, String model, Plan plan) {
        var root = JSON.objectNode();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        return root;
    }

    private static String stopReason(Plan plan) {
        if (plan.finishReason() == Plan.FinishReason.LENGTH) {
            return "max_tokens";
        }
        return plan.stopSequence() != null ? "stop_sequence" : "end_turn";
    }

    /** Anthropic counts cache reads and writes apart from input_tokens: that is what follows the last breakpoint. */
    private static ObjectNode usage(Plan plan, int outputTokens) {
        var usage = JSON.objectNode();
        usage.put("input_tokens", plan.promptTokens() - plan.cachedTokens() - plan.cacheWriteTokens());
        usage.put("cache_creation_input_tokens", plan.cacheWriteTokens());
        usage.put("cache_read_input_tokens", plan.cachedTokens());
        usage.put("output_tokens", outputTokens);
        return usage;
    }

    private static final class StreamWriter implements AnswerWriter {
        private static final byte[] TEXT_DELTA_HEAD = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                .getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TEXT_DELTA_TAIL = "}}".getBytes(StandardCharsets.US_ASCII);

        private final SseStream sse;
        private final SimRequest request;
        private final String id;

        StreamWriter(SseStream sse, SimRequest request, String id) {
            this.sse = sse;
            this.request = request;
            this.id = id;
        }

        @Override
        public void begin(Plan plan) throws IOException {
            var start = JSON.objectNode();
            start.put("type", "message_start");
            var message = message(id, request.model(), plan);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.set("usage", usage(plan, 1));
            start.set("message", message);
            sse.event("message_start", start.toString());
            sse.event("content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            sse.event("ping", "{\"type\":\"ping\"}");
        }

        @Override
        public void reasoning(Chunks reasoning, int index) {
            // Extended thinking is not simulated on this route; reasoning tokens are sent on the OpenAI route only.
        }

        @Override
        public void content(Chunks content, int index) throws IOException {
            sse.event("content_block_delta", TEXT_DELTA_HEAD, content.text(), content.start(index), content.end(index),
                    TEXT_DELTA_TAIL);
        }

        @Override
        public void malformed() throws IOException {
            sse.malformed();
        }

        @Override
        public void end(Plan plan) throws IOException {
            sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            var delta = JSON.objectNode();
            delta.put("type", "message_delta");
            delta.putObject("delta").put("stop_reason", stopReason(plan)).put("stop_sequence", plan.stopSequence());
            delta.putObject("usage").put("output_tokens", plan.outputTokens());
            sse.event("message_delta", delta.toString());
            sse.event("message_stop", "{\"type\":\"message_stop\"}");
        }
    }
}
