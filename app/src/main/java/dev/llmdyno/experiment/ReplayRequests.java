package dev.llmdyno.experiment;

import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.tokens.PromptTokens;
import dev.llmdyno.tokens.Tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a replay sends for one recorded call: the variant's profile with the recorded prompt, or where the trace kept
 * no prompt, a made-up one of the recorded input tokens; {@code max_tokens} set to the recorded output tokens, so the
 * answers are as long as they were (the profile's own where the trace has none).
 */
final class ReplayRequests {

    /** Words of one token each with a space before them, in o200k and cl100k alike. */
    private static final String[] WORDS = {"the", "time", "of", "a", "model", "and", "its", "first", "token", "is",
            "what", "we", "measure", "here", "again", "with", "each", "call"};

    private ReplayRequests() {
    }

    static CallRequest of(Profile profile, TraceRecord record, Tokenizer tokenizer) {
        var variables = new HashMap<String, String>();
        Prompt prompt;
        if (record.hasPrompt()) {
            var messages = new ArrayList<Message>();
            for (int i = 0; i < record.messages().size(); i++) {
                var message = record.messages().get(i);
                messages.add(new Message(message.role(), LiteralText.put("m" + i, message.content(), variables)));
            }
            prompt = new Prompt(record.system() == null ? null : LiteralText.put("system", record.system(), variables),
                    messages, Map.of());
        } else {
            var text = filler(tokenizer, record.inputTokens() == null ? 1 : record.inputTokens());
            prompt = new Prompt(null, List.of(new Message(Message.Role.USER, LiteralText.put("m0", text, variables))),
                    Map.of());
        }
        var params = record.outputTokens() == null || record.outputTokens() < 1 ? profile.params()
                : profile.params().withMaxTokens(record.outputTokens());
        return new CallRequest(profile.withPrompt(prompt).withParams(params), variables);
    }

    /**
     * A user message that makes a prompt of about {@code tokens} tokens with the chat format's own (the message
     * and reply priming, which a recorded count includes).
     */
    static String filler(Tokenizer tokenizer, int tokens) {
        int overhead = PromptTokens.count(tokenizer, new Prompt(null, List.of(new Message(Message.Role.USER, "")),
                Map.of())).total();
        int words = Math.max(1, tokens - overhead);
        var text = new StringBuilder(words * 6);
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[i % WORDS.length]);
        }
        return text.toString();
    }
}
