package dev.llmdyno.tokens;

import com.knuddels.jtokkit.api.Encoding;

import java.nio.charset.StandardCharsets;

/**
 * Counts tokens with one BPE encoding. {@code approximate} is set when the model's own tokenizer is not public
 * and the nearest encoding stands in for it; every count shown to people carries that label.
 */
public final class Tokenizer {

    private final Encoding encoding;
    private final boolean approximate;

    Tokenizer(Encoding encoding, boolean approximate) {
        this.encoding = encoding;
        this.approximate = approximate;
    }

    /** Tokens in plain text; special-token markers in the text count as ordinary text. */
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return encoding.countTokensOrdinary(hasLoneSurrogate(text) ? asValidUtf16(text) : text);
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
}
