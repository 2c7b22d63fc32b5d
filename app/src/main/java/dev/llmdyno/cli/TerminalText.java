package dev.llmdyno.cli;

/**
 * Server text made safe to print on a terminal: control characters (escape sequences that set the window title,
 * clear the screen or move the cursor) are shown as {@code \x1b}-style escapes instead of being obeyed. Line
 * breaks and tabs stay as they are.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(String text) {
        if (text == null || text.chars().noneMatch(TerminalText::isControl)) {
            return text;
        }
        var out = new StringBuilder(text.length() + 16);
        text.chars().forEach(c -> {
            if (isControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** C0 and C1 controls and DEL, but for line feed and tab. */
    private static boolean isControl(int c) {
        return c != '\n' && c != '\t' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f));
    }
}
