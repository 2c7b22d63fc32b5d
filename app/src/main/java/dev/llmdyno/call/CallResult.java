package dev.llmdyno.call;

import java.util.List;
import java.util.Map;

/**
 * What a call produced: the answer (or as much of it as arrived), its reasoning, how it ended, every attempt,
 * the measured metrics, the useful response headers, and whether it came from the response cache (then its
 * timings are null: a cached answer is never mixed into measured latency). {@code responseId} is the provider's id
 * of the response where a later call can continue from it ({@code previous_response_id}; null otherwise).
 */
public record CallResult(String model, String text, String reasoning, String finishReason, CallError error,
                         List<Attempt> attempts, Metrics metrics, Map<String, String> headers, boolean cached,
                         Trim trim, String responseId) {

    /** What the context budget removed; null when nothing was trimmed. */
    public record Trim(int droppedMessages, int droppedTokens) {
    }

    public CallResult {
        attempts = List.copyOf(attempts);
        headers = Map.copyOf(headers);
    }

    /** A result without a response id: every protocol but the Responses API's. */
    public CallResult(String model, String text, String reasoning, String finishReason, CallError error,
                      List<Attempt> attempts, Metrics metrics, Map<String, String> headers, boolean cached, Trim trim) {
        this(model, text, reasoning, finishReason, error, attempts, metrics, headers, cached, trim, null);
    }

    public boolean ok() {
        return error == null;
    }
}
