package dev.llmdyno.sim;

import java.util.List;

/**
 * Everything decided about one answer before it is sent: token counts, the chunks' text, how long the prefill
 * and each chunk take (before load slowdown), how it ends, and the fault it suffers, if any.
 */
record Plan(int promptTokens, int cachedTokens, List<String> reasoningChunks, List<String> contentChunks,
            int reasoningTokens, int outputTokens, FinishReason finishReason, String stopSequence,
            long prefillNanos, long[] chunkNanos, FaultSpec fault) {

    enum FinishReason { STOP, LENGTH }

    int chunkCount() {
        return reasoningChunks.size() + contentChunks.size();
    }

    String content() {
        return String.join("", contentChunks);
    }

    String reasoning() {
        return String.join("", reasoningChunks);
    }

    boolean hasFault(FaultSpec.Type type) {
        return fault != null && fault.type() == type;
    }
}
