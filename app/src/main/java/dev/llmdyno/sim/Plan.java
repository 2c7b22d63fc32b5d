package dev.llmdyno.sim;

/**
 * Everything decided about one answer before it is sent: token counts (the prompt, what of it the prompt cache gave
 * and what was written to it), the chunks' text, how long the prefill
 * and each chunk take (before load slowdown), how it ends, and the fault it suffers, if any.
 */
record Plan(int promptTokens, int cachedTokens, int cacheWriteTokens, Chunks reasoning, Chunks content,
            int reasoningTokens, int outputTokens, FinishReason finishReason, String stopSequence,
            long prefillNanos, long[] chunkNanos, FaultSpec fault) {

    enum FinishReason { STOP, LENGTH }

    int chunkCount() {
        return reasoning.size() + content.size();
    }

    /** How many tokens piece {@code index} (of all, reasoning first) holds. */
    int tokensIn(int index) {
        return index < reasoning.size() ? reasoning.tokensIn(index) : content.tokensIn(index - reasoning.size());
    }

    /** The stall a fault puts before piece {@code index}, if any. */
    long stallNanosBefore(int index) {
        return hasFault(FaultSpec.Type.STALL) && index == fault.afterChunks() ? fault.durationMs() * 1_000_000L : 0;
    }

    /** From the start until the last piece is ready, with decoding slowed by {@code load}. */
    long durationNanos(double load) {
        long total = prefillNanos + stallNanosBefore(0);
        for (int i = 1; i < chunkCount(); i++) {
            total += (long) (chunkNanos[i] * load) + stallNanosBefore(i);
        }
        return total;
    }

    boolean hasFault(FaultSpec.Type type) {
        return fault != null && fault.type() == type;
    }
}
