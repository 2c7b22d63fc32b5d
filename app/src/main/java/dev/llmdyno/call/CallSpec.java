package dev.llmdyno.call;

import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Params;
import dev.llmdyno.profile.Prompt;

/** A call ready to send: where, which model, the parameters, and the prompt with variables filled and trimmed. */
record CallSpec(Endpoint endpoint, String baseUrl, String model, Params params, Prompt prompt) {
}
