package dev.llmdyno.sim;

import java.util.List;

/**
 * A chat request as the simulator sees it, whichever wire protocol it came in on. {@code cacheMarks} are where it
 * marks prefixes for the prompt cache, or null where the protocol caches by itself (OpenAI).
 */
record SimRequest(String model, String apiKey, String system, List<Turn> turns, int maxTokens, List<String> stop,
                  Long seed, boolean stream, boolean includeUsage, CacheMarks cacheMarks, Integer priority) {

    /**
     * Character offsets into {@link #promptText()}: where the request put {@code cache_control} breakpoints (the
     * prefixes written to the cache) and where each of its content blocks ends (the prefixes a read may match, as
     * Anthropic looks for an earlier cached prefix at block boundaries before a breakpoint).
     */
    record CacheMarks(List<Integer> breakpoints, List<Integer> boundaries) {
    }

    record Turn(String role, String content) {
    }

    /** The conversation as one text: what prompt caching and the answer's seed are keyed on. */
    String promptText() {
        var text = new StringBuilder(system);
        for (var turn : turns) {
            text.append('\n').append(turn.role()).append(": ").append(turn.content());
        }
        return text.toString();
    }
}
