package dev.llmdyno.profile;

/**
 * One thing wrong with user input: where ({@code params.temperature}), what, and for files the line and column.
 * {@code toString()} is the sentence shown to people: {@code params.temperature: 3.5 is outside [0, 2]}.
 */
public record Problem(String path, String message, int line, int column) {

    public static Problem at(String path, String message) {
        return new Problem(path, message, 0, 0);
    }

    public boolean hasLocation() {
        return line > 0;
    }

    @Override
    public String toString() {
        var where = path == null || path.isEmpty() ? "" : path + ": ";
        var location = hasLocation() ? " (line " + line + ", column " + column + ")" : "";
        return where + message + location;
    }
}
