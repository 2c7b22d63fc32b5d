package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Levers;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Prompt;

/**
 * A call ready to send: where, which model, the parameters, the prompt with variables filled and trimmed, where it
 * marks its prefix for the provider's prompt cache, and the earlier response whose conversation it continues
 * (Responses API; null: none).
 */
record CallSpec(Endpoint endpoint, String baseUrl, String model, Params params, Prompt prompt,
                Levers.PromptCache promptCache, String previousResponseId, CallOptions.Sender sender) {

    CallSpec {
        sender = sender == null ? CallOptions.Sender.NONE : sender;
    }

    CallSpec(Endpoint endpoint, String baseUrl, String model, Params params, Prompt prompt,
             Levers.PromptCache promptCache) {
        this(endpoint, baseUrl, model, params, prompt, promptCache, null, null);
    }
}
