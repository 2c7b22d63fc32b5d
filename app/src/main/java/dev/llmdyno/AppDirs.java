package dev.llmdyno;

import java.nio.file.Path;

/** Where the app keeps its files, following the XDG base-directory convention. */
public final class AppDirs {

    private static final String APP = "llm-dyno";

    private AppDirs() {
    }

    /** Settings and the user's catalog: {@code $XDG_CONFIG_HOME/llm-dyno}, else {@code ~/.config/llm-dyno}. */
    public static Path config() {
        return base("XDG_CONFIG_HOME", ".config");
    }

    /** History database and autosaves: {@code $XDG_DATA_HOME/llm-dyno}, else {@code ~/.local/share/llm-dyno}. */
    public static Path data() {
        return base("XDG_DATA_HOME", ".local/share");
    }

    private static Path base(String variable, String fallback) {
        var override = System.getProperty("llmdyno." + variable);
        var value = override != null ? override : System.getenv(variable);
        var root = value != null && !value.isBlank()
                ? Path.of(value)
                : Path.of(System.getProperty("user.home")).resolve(fallback);
        return root.resolve(APP);
    }
}
