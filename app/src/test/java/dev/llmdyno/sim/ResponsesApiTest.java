package dev.llmdyno.sim;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulator's Responses API read by the official OpenAI Java SDK: a second response that names the first is
 * prefilled with the whole conversation, a response named by another key is not found, and the stream's typed
 * events carry the text and the usage.
 */
class ResponsesApiTest {

    private static Simulator simulator;
    private static OpenAIClient alice;
    private static OpenAIClient bob;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.startLocal(FastModels.config().withApiKeys(List.of("sk-alice", "sk-bob")));
        alice = client("sk-alice");
        bob = client("sk-bob");
    }

    private static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(simulator.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static String text(Response response) {
        var text = new StringBuilder();
        response.output().forEach(item -> item.message().ifPresent(message -> message.content().forEach(
                part -> part.outputText().ifPresent(output -> text.append(output.text())))));
        return text.toString();
    }

    @Test
    void aResponseThatNamesThePreviousOneIsPrefilledWithTheWholeConversation() {
        var first = alice.responses().create(ResponseCreateParams.builder().model("sim-fast")
                .instructions("Be brief.").input("My order number is 1182.").maxOutputTokens(16L).build());
        assertThat(first.id()).startsWith("resp_");
        assertThat(text(first)).isNotBlank();
        long firstInput = first.usage().orElseThrow().inputTokens();

        var second = alice.responses().create(ResponseCreateParams.builder().model("sim-fast")
                .instructions("Be brief.").input("Which order was it?").previousResponseId(first.id())
                .maxOutputTokens(16L).build());
        long secondInput = second.usage().orElseThrow().inputTokens();
        // The first turn, its answer of 16 tokens and the new turn: more than the first and its answer alone.
        assertThat(secondInput).isGreaterThan(firstInput + 16);

        // Bob's key cannot continue Alice's conversation.
        assertThatThrownBy(() -> bob.responses().create(ResponseCreateParams.builder().model("sim-fast")
                .input("Which order was it?").previousResponseId(first.id()).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not found");
    }

    @Test
    void aStreamedResponseSendsItsTextAsDeltasAndItsUsageWhenCompleted() {
        var text = new StringBuilder();
        long[] output = new long[1];
        String[] id = new String[1];
        try (var stream = alice.responses().createStreaming(ResponseCreateParams.builder().model("sim-fast")
                .input("Hello").maxOutputTokens(12L).build())) {
            stream.stream().forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
                event.incomplete().ifPresent(done -> {
                    id[0] = done.response().id();
                    output[0] = done.response().usage().orElseThrow().outputTokens();
                });
                event.completed().ifPresent(done -> {
                    id[0] = done.response().id();
                    output[0] = done.response().usage().orElseThrow().outputTokens();
                });
            });
        }
        assertThat(text).isNotEmpty();
        assertThat(output[0]).isEqualTo(12);
        assertThat(id[0]).startsWith("resp_");
    }
}
