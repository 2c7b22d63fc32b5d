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
        var environment = new java.util.HashMap<>(System.getenv());
        if (override != null) {
            environment.put(variable, override);
        }
        return base(environment, variable, fallback, System.getProperty("user.home"));
    }

    /**
     * The folder under {@code $VARIABLE} when it is an absolute path (the XDG rule: a relative one is ignored),
     * else under {@code $HOME/fallback}; Java's {@code user.home} only when {@code HOME} is not set.
     */
    static Path base(java.util.Map<String, String> environment, String variable, String fallback, String userHome) {
        var value = environment.get(variable);
        if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
            return Path.of(value).resolve(APP);
        }
        var home = environment.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userHome).resolve(fallback).resolve(APP);
    }
}
