package dev.llmdyno.export;

import dev.llmdyno.call.WireRequest;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProviderKind;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider stand-in for exports run in real tools: it records what arrives and answers in the asked format. */
final class StubUpstream {

    static final String ANSWER = "hi there";

    private StubUpstream() {
    }

    /** The profile moved to the stub, keeping the path of its own address (/v1, /openai/v1, none for Anthropic). */
    static Profile atStub(Profile profile, MockWebServer stub) {
        var endpoint = profile.endpoint();
        var address = endpoint.effectiveBaseUrl().orElse(Targets.SIMULATOR_URL);
        var path = URI.create(address).getPath();
        return profile.withEndpoint(endpoint.withBaseUrl("http://127.0.0.1:" + stub.getPort() + path));
    }

    /** The request reached the path the engine calls for the profile, with the key where the provider wants it. */
    static void assertCalledAsTheEngineCalls(RecordedRequest arrived, Profile profile, String key) {
        var expected = URI.create(WireRequest.of(profile, "k", Targets.SIMULATOR_URL).url()).getPath();
        assertThat(arrived.getUrl().encodedPath()).isEqualTo(expected);
        if (profile.endpoint().apiKeyRef() != null) {
            var anthropic = profile.endpoint().kind() == ProviderKind.ANTHROPIC;
            assertThat(anthropic ? arrived.getHeaders().get("x-api-key") : arrived.getHeaders().get("Authorization"))
                    .isEqualTo(anthropic ? key : "Bearer " + key);
        }
    }

    static MockResponse openAiAnswer() {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,
                "message":{"role":"assistant","content":"hi there"},"finish_reason":"stop"}],
                "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""").build();
    }

    static MockResponse anthropicAnswer() {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text",
                "text":"hi there"}],"stop_reason":"end_turn","stop_sequence":null,
                "usage":{"input_tokens":3,"output_tokens":2}}""").build();
    }

    /** A valid answer in the wire format of the path asked: Anthropic's messages or OpenAI's chat completions. */
    static final class Answers extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            return request.getUrl().encodedPath().endsWith("/messages") ? anthropicAnswer() : openAiAnswer();
        }
    }
}
