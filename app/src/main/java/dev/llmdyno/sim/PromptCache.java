package dev.llmdyno.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Prompt caching as the providers do it, for one model. Each API key has a cache of its own, as providers keep them
 * per organisation: one tenant never warms another's. An entry lives {@code lifetimeNanos} after its last use; a read
 * refreshes it, as both providers do.
 * <ul>
 *   <li>OpenAI's cache is automatic: once a prompt has been seen, a later prompt that starts with the same tokens
 *   reads that prefix, in blocks of 128 tokens after the first 1,024.</li>
 *   <li>Anthropic's caches only the prefixes a request marks with {@code cache_control} breakpoints, when they are
 *   1,024 tokens or more. The longest prefix already cached that ends at a block boundary up to the last breakpoint
 *   is read (so a conversation whose breakpoint moves to each new last message reads what the previous turn wrote),
 *   and what follows it up to the last breakpoint is written.</li>
 * </ul>
 */
final class PromptCache {

    static final int MINIMUM = 1_024;
    static final int BLOCK = 128;
    private static final int CAPACITY = 100_000;

    /** Tokens of one prompt read from the cache and written to it. */
    record Use(int read, int written) {
        static final Use NONE = new Use(0, 0);
    }

    private final long lifetimeNanos;
    private final LongSupplier clock;
    private final Map<Long, Long> expiresAt = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    PromptCache(long lifetimeNanos, LongSupplier clock) {
        this.lifetimeNanos = lifetimeNanos;
        this.clock = clock;
    }

    /** OpenAI's rule: how many leading {@code tokens} are cached for {@code apiKey}; then remembers their prefixes. */
    synchronized int automatic(String apiKey, int[] tokens) {
        long now = clock.getAsLong();
        int cached = 0;
        long hash = seed(apiKey);
        for (int i = 0; i < tokens.length; i++) {
            hash = 31 * hash + tokens[i];
            int length = i + 1;
            if (length >= MINIMUM && (length - MINIMUM) % BLOCK == 0) {
                if (alive(hash, now)) {
                    cached = length;
                }
                expiresAt.put(hash, now + lifetimeNanos);
            }
        }
        return cached;
    }

    /**
     * Anthropic's rule for {@code text} marked at {@code breakpoints}; a read may also match at {@code boundaries} up
     * to the last breakpoint (both character offsets); {@code tokens} counts a prefix's tokens.
     */
    synchronized Use marked(String apiKey, String text, List<Integer> breakpoints, List<Integer> boundaries,
                            ToIntFunction<String> tokens) {
        if (breakpoints.isEmpty()) {
            return Use.NONE;
        }
        long now = clock.getAsLong();
        int lastBreakpoint = breakpoints.stream().mapToInt(Integer::intValue).max().orElseThrow();
        // Each prefix is counted once: a breakpoint is also a place a read may match.
        var lengths = new java.util.HashMap<Integer, Integer>();
        IntUnaryOperator length = offset -> lengths.computeIfAbsent(offset,
                end -> tokens.applyAsInt(text.substring(0, end)));
        int read = 0;
        var lookups = new java.util.TreeSet<>(breakpoints);
        boundaries.stream().filter(end -> end <= lastBreakpoint).forEach(lookups::add);
        for (int offset : lookups.descendingSet()) {
            if (length.applyAsInt(offset) < MINIMUM) {
                break;
            }
            long key = hash(apiKey, text, offset);
            if (alive(key, now)) {
                read = length.applyAsInt(offset);
                expiresAt.put(key, now + lifetimeNanos);
                break;
            }
        }
        int written = 0;
        for (int offset : breakpoints) {
            if (length.applyAsInt(offset) >= MINIMUM) {
                expiresAt.put(hash(apiKey, text, offset), now + lifetimeNanos);
                written = Math.max(written, length.applyAsInt(offset) - read);
            }
        }
        return new Use(read, written);
    }

    private boolean alive(long key, long now) {
        var expiry = expiresAt.get(key);
        return expiry != null && expiry - now > 0;
    }

    private static long seed(String apiKey) {
        return 1125899906842597L ^ (apiKey == null ? 0 : apiKey.hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** 64-bit FNV-1a over the key and the first {@code end} characters of {@code text}. */
    private static long hash(String apiKey, String text, int end) {
        long hash = 0xcbf29ce484222325L ^ seed(apiKey);
        for (int i = 0; i < end; i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
        }
        return hash;
    }
}
