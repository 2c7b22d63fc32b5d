package dev.llmdyno.tokens;

import dev.llmdyno.profile.Prompt;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens of a chat prompt as the model receives it: each message's content plus the chat format's overhead
 * (a few tokens per message for role and separators, and the tokens that prime the reply).
 */
public record PromptTokens(int total, int system, List<Integer> messages, String encoding, boolean approximate) {

    /** Separator tokens around each message in the chat format. */
    public static final int PER_MESSAGE_OVERHEAD = 3;
    /** Tokens that start the assistant's reply. */
    public static final int REPLY_PRIMING = 3;

    public PromptTokens {
        messages = List.copyOf(messages);
    }

    /** Counts a rendered prompt (variables already filled). */
    public static PromptTokens count(Tokenizer tokenizer, Prompt prompt) {
        int system = prompt.system().isEmpty() ? 0 : messageTokens(tokenizer, "system", prompt.system());
        var perMessage = new ArrayList<Integer>(prompt.messages().size());
        int total = system + REPLY_PRIMING;
        for (var message : prompt.messages()) {
            int tokens = messageTokens(tokenizer, message.role().id(), message.content());
            perMessage.add(tokens);
            total += tokens;
        }
        return new PromptTokens(total, system, perMessage, tokenizer.encodingName(), tokenizer.approximate());
    }

    public static int messageTokens(Tokenizer tokenizer, String role, String content) {
        return PER_MESSAGE_OVERHEAD + tokenizer.count(role) + tokenizer.count(content);
    }
}
