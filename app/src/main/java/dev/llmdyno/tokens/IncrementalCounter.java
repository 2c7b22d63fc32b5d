package dev.llmdyno.tokens;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts tokens of a large text that changes a little at a time (a prompt being typed), re-counting only the
 * pieces an edit touched.
 *
 * <p>The text is cut only where BPE pre-tokenisation of the cl100k/o200k family cuts anyway: after a line break
 * that is followed by a letter or digit. No pre-token spans such a point, so the sum of the pieces' counts equals
 * the whole text's count exactly. Cut points are chosen by content (a hash of the characters before them), so an
 * edit moves at most the cuts next to it and every other piece's count comes from the cache.
 */
public final class IncrementalCounter {

    private static final int MIN_CHUNK = 1_024;
    private static final int MAX_CHUNK = 16_384;
    private static final int CACHE_ENTRIES = 8_192;

    private final Tokenizer tokenizer;
    private final Map<String, Integer> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    public IncrementalCounter(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public synchronized int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int total = 0;
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            int length = i - start;
            if (length >= MIN_CHUNK && isSafeCut(text, i) && (length >= MAX_CHUNK || isContentCut(text, i))) {
                total += countChunk(text.substring(start, i));
                start = i;
            }
        }
        return total + countChunk(text.substring(start));
    }

    private int countChunk(String chunk) {
        var known = cache.get(chunk);
        if (known != null) {
            return known;
        }
        int tokens = tokenizer.count(chunk);
        cache.put(chunk, tokens);
        return tokens;
    }

    /** After a line break, before a letter or digit: no pre-token of cl100k or o200k crosses this point. */
    static boolean isSafeCut(String text, int index) {
        return text.charAt(index - 1) == '\n' && Character.isLetterOrDigit(text.codePointAt(index));
    }

    /** About one safe cut in eight becomes a chunk boundary, decided by the sixteen characters before it. */
    private static boolean isContentCut(String text, int index) {
        int hash = 0;
        for (int i = Math.max(0, index - 16); i < index; i++) {
            hash = hash * 31 + text.charAt(i);
        }
        return (hash & 7) == 0;
    }
}
