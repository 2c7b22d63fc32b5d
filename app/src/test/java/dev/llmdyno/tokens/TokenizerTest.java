package dev.llmdyno.tokens;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerTest {

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void countsWithTheNamedEncoding() {
        // Reference counts from OpenAI's tiktoken.
        assertThat(Tokenizers.forEncoding("cl100k_base").count("hello world")).isEqualTo(2);
        assertThat(Tokenizers.forEncoding("cl100k_base").count("tiktoken is great!")).isEqualTo(6);
        assertThat(Tokenizers.forEncoding("o200k_base").count("hello world")).isEqualTo(2);
        assertThat(Tokenizers.forEncoding("o200k_base").count("")).isZero();
    }

    @Test
    void specialTokenMarkersInUserTextCountAsText() {
        assertThat(Tokenizers.forEncoding("cl100k_base").count("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void anUnknownEncodingListsTheKnownOnes() {
        assertThatThrownBy(() -> Tokenizers.forEncoding("p100k"))
                .hasMessageStartingWith("unknown encoding 'p100k'; use one of").hasMessageContaining("o200k_base");
    }

    @Test
    void modelsWithoutAPublicTokenizerAreApproximate() {
        var claude = Tokenizers.forModel(catalog, "claude-sonnet-4-5").orElseThrow();
        assertThat(claude.approximate()).isTrue();
        assertThat(claude.label()).isEqualTo("cl100k_base (approximate)");
        var gpt = Tokenizers.forModel(catalog, "gpt-4o").orElseThrow();
        assertThat(gpt.approximate()).isFalse();
        assertThat(gpt.encodingName()).isEqualTo("o200k_base");
        assertThat(Tokenizers.forModel(catalog, "mystery")).isEmpty();
        assertThat(Tokenizers.forModelOrFallback(catalog, "mystery").approximate()).isTrue();
    }

    @Test
    void chatPromptsIncludeThePerMessageOverhead() {
        var tokenizer = Tokenizers.forEncoding("cl100k_base");
        var prompt = new Prompt("Be brief.", List.of(Message.user("hello world"), Message.assistant("hi")), Map.of());
        var counts = PromptTokens.count(tokenizer, prompt);
        int system = 3 + tokenizer.count("system") + tokenizer.count("Be brief.");
        int user = 3 + tokenizer.count("user") + 2;
        int assistant = 3 + tokenizer.count("assistant") + tokenizer.count("hi");
        assertThat(counts.system()).isEqualTo(system);
        assertThat(counts.messages()).containsExactly(user, assistant);
        assertThat(counts.total()).isEqualTo(system + user + assistant + 3);
    }
}
