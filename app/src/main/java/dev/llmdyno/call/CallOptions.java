package dev.llmdyno.call;

import java.util.Map;

/**
 * How to run one call: variable values that override the profile's, when it was planned to start (a
 * {@link dev.llmdyno.timing.NanoClock} time, or 0 for "now"), who hears the deltas, how it uses the response
 * cache where the profile has one on, and a {@code freshPrefix}: a line put before the prompt so that nothing the
 * provider's prompt cache holds matches it (null: the prompt as it is), a {@code label}: what the engine's
 * {@link CallObserver} files the call under beside its model and target (an experiment's variant; null: none), and
 * {@code heldNanos}: how long after its planned start the caller held the call back for a limit of its own (an
 * experiment's cap on requests in flight). That wait is queue time; the rest of the way from the planned start to
 * the request is the client's own work. {@code previousResponseId}: the provider's response whose conversation this
 * call continues (OpenAI's Responses API; null: none). {@code sender}: the simulated user the call is sent for and
 * the priority it asks the server for (an experiment's users; {@link Sender#NONE} otherwise).
 */
public record CallOptions(Map<String, String> variables, long plannedStartNanos, CallListener listener, CacheUse cacheUse,
                          String freshPrefix, String label, long heldNanos, String previousResponseId,
                          Sender sender) {

    public static final CallOptions DEFAULTS = new CallOptions(Map.of(), 0, CallListener.NONE);

    /**
     * Whether a kept answer may answer this call ({@code read}; false is HTTP's no-cache: ask the provider) and
     * whether this call's answer is kept ({@code store}; false is no-store).
     */
    public record CacheUse(boolean read, boolean store) {
        public static final CacheUse NORMAL = new CacheUse(true, true);
    }

    /**
     * Who a call is sent for: {@code user}, the end user's id as the provider's request names it (OpenAI's
     * {@code user}, Anthropic's {@code metadata.user_id}; null: none), and {@code priority}, vLLM's request
     * {@code priority} (lower first; null: none).
     */
    public record Sender(String user, Integer priority) {
        public static final Sender NONE = new Sender(null, null);
    }

    public CallOptions {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        listener = listener == null ? CallListener.NONE : listener;
        cacheUse = cacheUse == null ? CacheUse.NORMAL : cacheUse;
        heldNanos = Math.max(0, heldNanos);
        sender = sender == null ? Sender.NONE : sender;
    }

    public CallOptions(Map<String, String> variables, long plannedStartNanos, CallListener listener) {
        this(variables, plannedStartNanos, listener, null, null, null, 0, null, null);
    }

    public CallOptions(Map<String, String> variables, long plannedStartNanos, CallListener listener, CacheUse cacheUse,
                       String freshPrefix) {
        this(variables, plannedStartNanos, listener, cacheUse, freshPrefix, null, 0, null, null);
    }

    public CallOptions withListener(CallListener value) {
        return new CallOptions(variables, plannedStartNanos,
                value, cacheUse, freshPrefix, label, heldNanos, previousResponseId, sender);
    }

    public CallOptions withCacheUse(CacheUse value) {
        return new CallOptions(variables, plannedStartNanos,
                listener, value, freshPrefix, label, heldNanos, previousResponseId, sender);
    }

    public CallOptions withFreshPrefix(String value) {
        return new CallOptions(variables, plannedStartNanos,
                listener, cacheUse, value, label, heldNanos, previousResponseId, sender);
    }

    public CallOptions withLabel(String value) {
        return new CallOptions(variables, plannedStartNanos,
                listener, cacheUse, freshPrefix, value, heldNanos, previousResponseId, sender);
    }

    /** Continuing the conversation of the provider's response {@code value} (Responses API; null: none). */
    public CallOptions withPreviousResponse(String value) {
        return new CallOptions(variables, plannedStartNanos,
                listener, cacheUse, freshPrefix, label, heldNanos, value, sender);
    }

    /** Planned to start at {@code plannedNanos} and held back {@code held} nanoseconds after it by the caller. */
    public CallOptions withSchedule(long plannedNanos, long held) {
        return new CallOptions(variables, plannedNanos,
                listener, cacheUse, freshPrefix, label, held, previousResponseId, sender);
    }

    /** Sent for {@code value}: a user and the priority asked of the server. */
    public CallOptions withSender(Sender value) {
        return new CallOptions(variables, plannedStartNanos,
                listener, cacheUse, freshPrefix, label, heldNanos, previousResponseId, value);
    }
}
