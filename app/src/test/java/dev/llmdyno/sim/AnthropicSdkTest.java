package dev.llmdyno.sim;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Anthropic Java SDK (com.anthropic:anthropic-java, version pinned in the parent pom) against the
 * simulator: its cache_control blocks are understood, and the prompt-cache usage it reads back (cache creation,
 * cache read, input after the breakpoint) is what Anthropic's rules give, in a plain and a streamed answer.
 */
class AnthropicSdkTest {

    private static final String HANDBOOK = "A handbook every question shares, long enough to be cached. ".repeat(150);

    private static Simulator simulator;
    private static AnthropicClient client;

    @BeforeAll
    static void start() throws Exception {
        simulator = Simulator.startLocal(FastModels.config().withApiKeys(List.of("sk-ant-test")));
        client = AnthropicOkHttpClient.builder().baseUrl(simulator.baseUrl()).apiKey("sk-ant-test").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static MessageCreateParams question(String text) {
        return MessageCreateParams.builder().model("sim-fast").maxTokens(12)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(HANDBOOK)
                        .cacheControl(CacheControlEphemeral.builder().build()).build()))
                .addUserMessage(text).build();
    }

    @Test
    void aMarkedSystemPromptIsWrittenThenReadAsTheSdkReportsIt() {
        Usage first = client.messages().create(question("What is in chapter one?")).usage();
        Usage second = client.messages().create(question("And in chapter two?")).usage();

        long written = first.cacheCreationInputTokens().orElseThrow();
        assertThat(written).isGreaterThan(1_024);
        assertThat(first.cacheReadInputTokens()).hasValue(0L);
        assertThat(second.cacheReadInputTokens()).hasValue(written);
        assertThat(second.cacheCreationInputTokens()).hasValue(0L);
        assertThat(second.inputTokens()).as("only what follows the breakpoint").isPositive().isLessThan(50);
    }

    @Test
    void aStreamedAnswerCarriesTheSameUsage() {
        client.messages().create(question("Warm it."));
        var accumulator = MessageAccumulator.create();
        try (var stream = client.messages().createStreaming(question("Streamed, please."))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        var usage = accumulator.message().usage();
        assertThat(usage.cacheReadInputTokens().orElseThrow()).isGreaterThan(1_024);
        assertThat(usage.cacheCreationInputTokens()).hasValue(0L);
        assertThat(usage.outputTokens()).isPositive();
    }
}
