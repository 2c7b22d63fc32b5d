package dev.llmdyno.tokens;

import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextTrimmerTest {

    private final Tokenizer tokenizer = Tokenizers.forEncoding("o200k_base");
    private final Prompt conversation = new Prompt("You are terse.", List.of(
            Message.user("first question " + "x ".repeat(100)),
            Message.assistant("first answer " + "y ".repeat(100)),
            Message.user("second question"),
            Message.assistant("second answer"),
            Message.user("third question")), Map.of());

    @Test
    void aPromptWithinBudgetIsUntouched() {
        var result = ContextTrimmer.trim(tokenizer, conversation, 10_000);
        assertThat(result.trimmed()).isFalse();
        assertThat(result.prompt()).isEqualTo(conversation);
        assertThat(result.tokens()).isEqualTo(PromptTokens.count(tokenizer, conversation).total());
    }

    @Test
    void dropsTheOldestTurnsKeepsTheSystemPromptAndStartsWithAUserTurn() {
        var full = PromptTokens.count(tokenizer, conversation);
        var result = ContextTrimmer.trim(tokenizer, conversation, full.total() - 50);
        assertThat(result.prompt().system()).isEqualTo("You are terse.");
        assertThat(result.prompt().messages()).extracting(Message::content)
                .containsExactly("second question", "second answer", "third question");
        assertThat(result.droppedMessages()).isEqualTo(2);
        assertThat(result.droppedTokens()).isEqualTo(full.messages().get(0) + full.messages().get(1));
        assertThat(result.tokens()).isEqualTo(PromptTokens.count(tokenizer, result.prompt()).total());
    }

    @Test
    void aSystemPromptOverTheBudgetIsAnError() {
        assertThatThrownBy(() -> ContextTrimmer.trim(tokenizer, conversation, 5))
                .isInstanceOf(ContextTrimmer.BudgetTooSmallException.class)
                .hasMessageMatching("the system prompt alone is \\d+ tokens, over the context budget of 5");
    }
}
