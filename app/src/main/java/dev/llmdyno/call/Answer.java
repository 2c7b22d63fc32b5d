package dev.llmdyno.call;

import dev.llmdyno.timing.NanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * What one attempt has received so far: text, reasoning, tool-call fragments, usage, how it ended, and when each
 * token-carrying chunk arrived. Provider adapters feed it; the listener sees every delta as it comes.
 */
final class Answer {

    private final NanoClock clock;
    private final CallListener listener;
    final StringBuilder text = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final StringBuilder toolCalls = new StringBuilder();
    final List<Long> chunkTimes = new ArrayList<>();
    final List<String> chunkTexts = new ArrayList<>();
    long firstTokenAt;
    long firstContentAt;
    long lastChunkAt;
    private long pendingSentNs;
    private long event;
    /** When the current event arrived: its tokens are timed then, not after the parsing that finds them. */
    private long eventAt;
    private long lastChunkEvent = -1;
    Integer inputTokens;
    Integer cachedInputTokens;
    Integer cacheWriteTokens;
    Integer outputTokens;
    Integer reasoningTokens;
    String finishReason;
    /** The provider's id of this response, where a later call can name it (Responses API); null otherwise. */
    String responseId;
    boolean terminated;

    private final long maxChars;
    private long chars;

    /** {@code maxChars}: the most text (answer, reasoning and tool calls together) this answer may hold. */
    Answer(NanoClock clock, CallListener listener, long maxChars) {
        this.clock = clock;
        this.listener = listener;
        this.maxChars = maxChars;
    }

    void content(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        long now = chunk(delta);
        if (firstContentAt == 0) {
            firstContentAt = now;
        }
        text.append(delta);
        listener.onContent(delta);
    }

    void reasoning(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        chunk(delta);
        reasoning.append(delta);
        listener.onReasoning(delta);
    }

    void toolCall(String fragment) {
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        chunk(fragment);
        toolCalls.append(fragment);
        listener.onToolCall(fragment);
    }

    /**
     * Marks the arrival of a new event (a chunk of the stream, or a whole body), before it is parsed: the tokens it
     * carries arrived now.
     */
    void nextEvent() {
        event++;
        eventAt = clock.nanoTime();
    }

    /** Several deltas of one event count as one chunk arrival. */
    private long chunk(String delta) {
        chars += delta.length();
        if (chars > maxChars) {
            throw new TooLargeException("the answer is over " + maxChars + " characters");
        }
        long now = eventAt != 0 ? eventAt : clock.nanoTime();
        if (event != lastChunkEvent || chunkTimes.isEmpty()) {
            chunkTimes.add(now);
            chunkTexts.add(delta);
            lastChunkEvent = event;
        } else {
            chunkTexts.set(chunkTexts.size() - 1, chunkTexts.getLast() + delta);
        }
        if (firstTokenAt == 0) {
            firstTokenAt = now;
        }
        lastChunkAt = now;
        return now;
    }

    /** A trace comment {@code sent_ns=N} precedes the event it times. */
    void traceComment(String comment) {
        if (comment.startsWith("sent_ns=")) {
            try {
                listener.onServerTrace(Long.parseLong(comment.substring(8)));
            } catch (NumberFormatException ignored) {
                // not a trace comment after all
            }
        }
    }

    boolean hasTokens() {
        return firstTokenAt != 0;
    }
}
