package dev.llmdyno.sim;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK works against the simulator unchanged. */
class OfficialSdkTest {

    private static Simulator simulator;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.startLocal(FastModels.config().withApiKeys(List.of("sk-test")));
        client = OpenAIOkHttpClient.builder().baseUrl(simulator.baseUrl() + "/v1").apiKey("sk-test").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("sim-fast").addSystemMessage("Be brief.").addUserMessage("Hello");
    }

    @Test
    void nonStreaming() {
        var completion = client.chat().completions().create(params().maxCompletionTokens(12).build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("length");
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isEqualTo(12));
    }

    @Test
    void streaming() {
        var text = new StringBuilder();
        var usage = new long[1];
        try (var stream = client.chat().completions().createStreaming(params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertThat(text).isNotEmpty();
        assertThat(usage[0]).isBetween(20L, 40L);
    }

    @Test
    void aRateLimitSurfacesAsTheSdksRateLimitError() throws Exception {
        try (var limited = Simulator.startLocal(FastModels.config().withRateLimits(new SimConfig.RateLimits(1, null)))) {
            var sdk = OpenAIOkHttpClient.builder().baseUrl(limited.baseUrl() + "/v1").apiKey("any").maxRetries(0).build();
            sdk.chat().completions().create(params().maxCompletionTokens(1).build());
            assertThatThrownBy(() -> sdk.chat().completions().create(params().maxCompletionTokens(1).build()))
                    .isInstanceOf(RateLimitException.class);
        }
    }
}
