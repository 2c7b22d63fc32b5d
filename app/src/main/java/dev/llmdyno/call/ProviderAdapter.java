package dev.llmdyno.call;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** One wire protocol: how to ask, and how to read the answer, streamed or whole. */
interface ProviderAdapter {

    /** The request for a call; {@code apiKey} is null when the endpoint needs none. */
    Request.Builder request(CallSpec spec, String apiKey);

    /** The request's JSON body, as sent: also what identifies the request to the response cache. */
    com.fasterxml.jackson.databind.node.ObjectNode body(CallSpec spec);

    /** Reads one SSE event into the answer. Returns false when the event ends the stream. */
    boolean onEvent(String type, JsonNode data, Answer answer);

    /** Whether a non-JSON data line ends the stream ({@code [DONE]}). */
    default boolean isTerminator(String data) {
        return false;
    }

    /** Reads a whole (non-streamed) response body into the answer. */
    void onBody(JsonNode body, Answer answer);

    /** The provider's error message in an error body, or null. */
    default String errorMessage(JsonNode body) {
        var message = body.at("/error/message");
        return message.isTextual() ? message.asText() : null;
    }

    /**
     * {@code body} as a request body, written straight to UTF-8 bytes with its content type made once (a string
     * body has OkHttp parse "application/json; charset=utf-8" again for every request).
     */
    static RequestBody jsonBody(com.fasterxml.jackson.databind.node.ObjectNode body) {
        try {
            return RequestBody.create(COMPACT.writeValueAsBytes(body), JSON_UTF8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a request body could not be written", e); // a tree always can be
        }
    }

    MediaType JSON_UTF8 = MediaType.get("application/json; charset=utf-8");

    /** On one line, as a JSON node's {@code toString} writes it. */
    com.fasterxml.jackson.databind.ObjectWriter COMPACT = Mappers.compactJson();

    /**
     * The adapter for a call to {@code endpoint} with {@code context}: OpenAI's Responses API where the provider is
     * to carry the conversation ({@code strategy: server}), otherwise the endpoint's own protocol.
     */
    static ProviderAdapter of(dev.llmdyno.profile.Endpoint endpoint, dev.llmdyno.profile.Levers.Context context) {
        return context.strategyOrDefault() == dev.llmdyno.profile.Levers.ContextStrategy.SERVER
                ? new ResponsesAdapter() : forProtocol(endpoint.kind().protocol());
    }

    static ProviderAdapter forProtocol(dev.llmdyno.profile.ProviderKind.WireProtocol protocol) {
        return protocol == dev.llmdyno.profile.ProviderKind.WireProtocol.ANTHROPIC_MESSAGES
                ? new AnthropicAdapter() : new OpenAiAdapter();
    }
}
