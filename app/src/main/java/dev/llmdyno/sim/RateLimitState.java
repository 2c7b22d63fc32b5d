package dev.llmdyno.sim;

/** One API key's limits as reported in response headers; null limits are not reported. */
record RateLimitState(Integer requestLimit, long requestsRemaining, long requestsResetNanos, Integer tokenLimit,
                      long tokensRemaining, long tokensResetNanos) {

    static final RateLimitState UNLIMITED = new RateLimitState(null, 0, 0, null, 0, 0);

    /** OpenAI's duration format: "1s", "6m0s", "250ms". */
    static String openAiDuration(long nanos) {
        long ms = Math.max(0, nanos / 1_000_000);
        if (ms < 1_000) {
            return ms + "ms";
        }
        long seconds = (ms + 999) / 1_000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }
}
