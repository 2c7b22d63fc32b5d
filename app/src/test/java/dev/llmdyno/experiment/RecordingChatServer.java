package dev.llmdyno.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmdyno.profile.Mappers;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An OpenAI-compatible server the test scripts: it keeps every chat request's body and when it arrived, and answers
 * each with what {@code answers} makes of the body ({@link #text} for a plain answer).
 */
final class RecordingChatServer implements AutoCloseable {

    /** One request as it arrived: {@code System.nanoTime()} then, and its JSON body. */
    record Arrival(long nanos, JsonNode body) {
    }

    private final MockWebServer server = new MockWebServer();
    private final List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());

    RecordingChatServer(Function<JsonNode, MockResponse> answers) throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                long at = System.nanoTime();
                JsonNode body;
                try {
                    body = Mappers.json().readTree(request.getBody().utf8());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                arrivals.add(new Arrival(at, body));
                return answers.apply(body);
            }
        });
        server.start();
    }

    static final int WARM_UP_REQUESTS = 20;

    /**
     * Sends it {@link #WARM_UP_REQUESTS} requests, some at once, so that its own first-request costs (class loading,
     * threads) are paid before a test times what arrives; they are recorded like any other.
     */
    void warmUp() throws Exception {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/chat/completions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"warm\"}]}")).build();
            var pending = new ArrayList<java.util.concurrent.CompletableFuture<?>>();
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
                pending.add(client.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding()));
            }
            pending.forEach(java.util.concurrent.CompletableFuture::join);
        }
    }

    /** The base URL a profile's endpoint points at. */
    String baseUrl() {
        return server.url("/v1").toString();
    }

    List<Arrival> arrivals() {
        return arrivals;
    }

    List<JsonNode> bodies() {
        return arrivals.stream().map(Arrival::body).toList();
    }

    /** A non-streamed chat completion of {@code text}, with usage of 10 tokens in and 5 out. */
    static MockResponse text(String text) {
        var body = Mappers.json().createObjectNode();
        body.put("id", "c1").put("object", "chat.completion").put("model", "gpt-4o-mini");
        var choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body.toString()).build();
    }

    /** A non-streamed Responses API answer of {@code text} under {@code id}. */
    static MockResponse response(String id, String text) {
        var body = Mappers.json().createObjectNode();
        body.put("id", id).put("object", "response").put("status", "completed").put("model", "gpt-4o-mini");
        var message = body.putArray("output").addObject().put("type", "message").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", text);
        body.putObject("usage").put("input_tokens", 10).put("output_tokens", 5).put("total_tokens", 15);
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body.toString()).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
