package dev.llmdyno.call;

/**
 * Receives a call's progress as it happens, on the calling thread. The UI and the CLI show the answer with it.
 * Every method has a do-nothing default.
 */
public interface CallListener {

    CallListener NONE = new CallListener() {
    };

    /** Visible answer text. */
    default void onContent(String text) {
    }

    /** Reasoning ("thinking") text, shown apart from the answer. */
    default void onReasoning(String text) {
    }

    /** A fragment of a tool call's arguments. */
    default void onToolCall(String fragment) {
    }

    /**
     * The server's send time of the next event, from a trace comment ({@code : sent_ns=N}) as the simulator's
     * trace mode writes them; comparable with the engine's clock when the simulator runs in this process.
     */
    default void onServerTrace(long sentNanos) {
    }

    /** An attempt failed and another will be made after {@code waitMs}. */
    default void onRetry(Attempt failed, double waitMs) {
    }
}
