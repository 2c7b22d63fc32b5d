package dev.llmdyno.sim;

import java.util.List;

/**
 * An answer's text cut into the pieces it is streamed in: the whole text once, where each piece ends, and how many
 * tokens there are ({@code perChunk} to a piece). Thousands of answers are in flight at once, and one string with
 * its offsets costs a fraction of a string per piece.
 */
record Chunks(String text, int[] ends, int tokens, int perChunk) {

    /** Joins {@code tokens}, {@code perChunk} to a piece (the last may have fewer). */
    static Chunks of(List<String> tokens, int perChunk) {
        var text = new StringBuilder();
        var ends = new int[(tokens.size() + perChunk - 1) / perChunk];
        for (int i = 0; i < tokens.size(); i++) {
            text.append(tokens.get(i));
            if ((i + 1) % perChunk == 0 || i == tokens.size() - 1) {
                ends[i / perChunk] = text.length();
            }
        }
        return new Chunks(text.toString(), ends, tokens.size(), perChunk);
    }

    int size() {
        return ends.length;
    }

    int start(int index) {
        return index == 0 ? 0 : ends[index - 1];
    }

    int end(int index) {
        return ends[index];
    }

    /** How many tokens piece {@code index} holds. */
    int tokensIn(int index) {
        return Math.min(perChunk, tokens - index * perChunk);
    }
}
