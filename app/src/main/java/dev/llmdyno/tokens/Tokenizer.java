package dev.llmdyno.tokens;

import com.knuddels.jtokkit.api.Encoding;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts tokens with one BPE encoding. {@code approximate} is set when the model's own tokenizer is not public
 * and the nearest encoding stands in for it; every count shown to people carries that label.
 *
 * <p>Text is cut into pieces only where the cl100k/o200k pre-tokeniser cuts anyway (see {@link #isCut}), so the
 * sum of the pieces' counts is exactly the whole text's count (but for pieces over 4,096 characters, below). Short pieces (words, mostly) repeat a great deal,
 * and their counts are remembered, which spares most of the byte-pair merging.
 */
public final class Tokenizer {

    private static final int LONGEST_REMEMBERED_PIECE = 64;
    /**
     * Byte-pair merging takes time quadratic in a piece's length: one 100,000-letter piece took 0.3 s, a 10 MB
     * answer of one "word" took 28 s. Longer pieces, which no language produces, are counted in slices of this
     * length, a count within a token per slice of the exact one.
     */
    private static final int LONGEST_EXACT_PIECE = 4_096;
    private static final int REMEMBERED_PIECES = 200_000;

    private final Encoding encoding;
    private final boolean approximate;
    private final ConcurrentHashMap<String, Integer> pieceCounts = new ConcurrentHashMap<>();

    Tokenizer(Encoding encoding, boolean approximate) {
        this.encoding = encoding;
        this.approximate = approximate;
    }

    /** Tokens in plain text; special-token markers in the text count as ordinary text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        var valid = hasLoneSurrogate(text) ? asValidUtf16(text) : text;
        int total = 0;
        int start = 0;
        for (int i = 1; i < valid.length() - 1; i++) {
            if (isCut(valid, i)) {
                total += countPiece(valid, start, i);
                start = i;
            }
        }
        return total + countPiece(valid, start, valid.length());
    }

    /** The count straight from the encoding, without pieces or memory: the reference {@link #count} must equal. */
    int countWhole(String text) {
        return encoding.countTokensOrdinary(hasLoneSurrogate(text) ? asValidUtf16(text) : text);
    }

    private int countPiece(String text, int from, int to) {
        if (to - from > LONGEST_EXACT_PIECE) {
            int total = 0;
            for (int slice = from; slice < to; slice += LONGEST_EXACT_PIECE) {
                total += encoding.countTokensOrdinary(text.substring(slice, Math.min(to, slice + LONGEST_EXACT_PIECE)));
            }
            return total;
        }
        var piece = text.substring(from, to);
        if (to - from > LONGEST_REMEMBERED_PIECE) {
            return encoding.countTokensOrdinary(piece);
        }
        var known = pieceCounts.get(piece);
        if (known != null) {
            return known;
        }
        int tokens = encoding.countTokensOrdinary(piece);
        if (pieceCounts.size() >= REMEMBERED_PIECES) {
            pieceCounts.clear();
        }
        pieceCounts.put(piece, tokens);
        return tokens;
    }

    /**
     * Whether no pre-token of the cl100k/o200k family spans index {@code i}: after a line break and before a
     * letter or digit, or at a single space between a letter or digit and a letter (the space begins the next
     * word's pre-token, " word").
     */
    static boolean isCut(String text, int i) {
        char before = text.charAt(i - 1);
        char at = text.charAt(i);
        if (before == '\n') {
            return Character.isLetterOrDigit(text.codePointAt(i));
        }
        return at == ' ' && Character.isLetterOrDigit(before) && Character.isLetter(text.charAt(i + 1));
    }

    /** The token ids of a text. */
    public int[] tokenIds(String text) {
        return encoding.encodeOrdinary(text).toArray();
    }

    /** The text of each token in order; their concatenation is {@code text}. For ASCII text, as the simulator writes. */
    public java.util.List<String> tokenTexts(String text) {
        var ids = encoding.encodeOrdinary(text);
        var pieces = new java.util.ArrayList<String>(ids.size());
        var one = new com.knuddels.jtokkit.api.IntArrayList(1);
        for (int i = 0; i < ids.size(); i++) {
            one.clear();
            one.add(ids.get(i));
            pieces.add(encoding.decode(one));
        }
        return pieces;
    }

    public String encodingName() {
        return encoding.getName();
    }

    public boolean approximate() {
        return approximate;
    }

    /** "o200k_base" or "cl100k_base (approximate)". */
    public String label() {
        return approximate ? encodingName() + " (approximate)" : encodingName();
    }

    /** Half an emoji, left by an edit, cannot be encoded; a server would see U+FFFD in its place. */
    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String asValidUtf16(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
