package dev.llmdyno.call;

import mockwebserver3.MockResponse;

/** Builds SSE response bodies for MockWebServer. */
final class Sse {

    private final StringBuilder body = new StringBuilder();

    Sse data(String json) {
        body.append("data: ").append(json).append("\n\n");
        return this;
    }

    Sse event(String type, String json) {
        body.append("event: ").append(type).append('\n');
        return data(json);
    }

    static String delta(String deltaJson) {
        return "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson
                + ",\"finish_reason\":null}]}";
    }

    MockResponse.Builder response() {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body.toString());
    }

    int length() {
        return body.length();
    }
}
