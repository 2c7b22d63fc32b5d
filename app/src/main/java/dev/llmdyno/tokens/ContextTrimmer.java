package dev.llmdyno.tokens;

import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Prompt;

import java.util.ArrayList;

/**
 * Fits a conversation into a token budget: keeps the system prompt and the latest turns, drops the oldest, and
 * says what it dropped. The conversation left always starts with a user turn.
 */
public final class ContextTrimmer {

    private ContextTrimmer() {
    }

    public record Result(Prompt prompt, int tokens, int droppedMessages, int droppedTokens) {
        public boolean trimmed() {
            return droppedMessages > 0;
        }
    }

    /** Raised when even the system prompt and the last message do not fit. */
    public static final class BudgetTooSmallException extends IllegalArgumentException {
        public BudgetTooSmallException(String message) {
            super(message);
        }
    }

    public static Result trim(Tokenizer tokenizer, Prompt rendered, int budget) {
        var counts = PromptTokens.count(tokenizer, rendered);
        if (counts.total() <= budget) {
            return new Result(rendered, counts.total(), 0, 0);
        }
        int fixed = counts.system() + PromptTokens.REPLY_PRIMING;
        if (fixed > budget) {
            throw new BudgetTooSmallException("the system prompt alone is " + counts.system()
                    + " tokens, over the context budget of " + budget);
        }
        var messages = rendered.messages();
        int total = counts.total();
        int first = 0;
        while (first < messages.size() - 1 && (total > budget || messages.get(first).role() != Message.Role.USER)) {
            total -= counts.messages().get(first);
            first++;
        }
        if (total > budget) {
            throw new BudgetTooSmallException("the system prompt and the last message are " + total
                    + " tokens, over the context budget of " + budget);
        }
        var kept = new ArrayList<>(messages.subList(first, messages.size()));
        return new Result(rendered.withMessages(kept), total, first, counts.total() - total);
    }
}
