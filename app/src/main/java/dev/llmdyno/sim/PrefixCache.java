package dev.llmdyno.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prompt caching as providers do it: once a prompt has been seen, a later prompt that starts with the same
 * tokens gets that prefix from the cache, in blocks of 128 tokens after the first 1,024.
 */
final class PrefixCache {

    static final int MINIMUM = 1_024;
    static final int BLOCK = 128;
    private static final int CAPACITY = 100_000;

    private final Map<Long, Boolean> seen = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * How many leading tokens of {@code tokens} are cached for {@code apiKey}; then remembers this prompt's prefixes
     * for that key. Each key has a cache of its own, as providers keep them per organisation: one tenant never warms
     * another's.
     */
    synchronized int lookupAndRemember(String apiKey, int[] tokens) {
        int cached = 0;
        long hash = 1125899906842597L ^ (apiKey == null ? 0 : apiKey.hashCode() * 0x9E3779B97F4A7C15L);
        for (int i = 0; i < tokens.length; i++) {
            hash = 31 * hash + tokens[i];
            int length = i + 1;
            if (length >= MINIMUM && (length - MINIMUM) % BLOCK == 0) {
                if (seen.containsKey(hash)) {
                    cached = length;
                }
                seen.put(hash, Boolean.TRUE);
            }
        }
        return cached;
    }
}
