package dev.llmdyno.call;

/**
 * Takes the call's key out of anything a server sent back before it is kept or shown (an error body, a header, the
 * answer): applied before text is shortened, so no prefix of the key survives a cut.
 */
final class Redactor {

    static final String MARK = "[redacted]";
    /** Shorter values are too likely to occur by chance to be worth replacing. */
    private static final int SHORTEST_KEY = 8;

    private final String key;

    Redactor(String key) {
        this.key = key != null && key.length() >= SHORTEST_KEY ? key : null;
    }

    String redact(String text) {
        return key == null || text == null || !text.contains(key) ? text : text.replace(key, MARK);
    }
}
