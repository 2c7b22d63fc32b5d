package dev.llmdyno.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

/** One provider's API shape: how requests, answers, errors and rate-limit headers look. */
interface WireProtocol {

    /** The API key the client sent, or null. */
    String apiKey(Headers headers);

    /** Header checks that come before the body (Anthropic's anthropic-version). */
    void checkHeaders(Headers headers) throws SimError;

    SimRequest parse(JsonNode body, String apiKey) throws SimError;

    String errorBody(SimError error);

    AnswerWriter streaming(SseStream sse, SimRequest request, String id);

    String completeBody(SimRequest request, Plan plan, String id);

    void rateLimitHeaders(Headers headers, RateLimitState state);

    /** Prefix of response ids: "chatcmpl-" or "msg_". */
    String idPrefix();
}
