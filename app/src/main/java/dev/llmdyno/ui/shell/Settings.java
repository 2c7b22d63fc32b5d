package dev.llmdyno.ui.shell;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.llmdyno.profile.Endpoint;

import java.util.List;

/** What the desktop remembers between sessions. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(Double x, Double y, Double width, Double height, Boolean maximized, double[] dividers,
                       Boolean dark, List<String> recentFiles, List<Endpoint> endpoints) {

    public static final int RECENT_FILES = 8;

    public Settings {
        width = width == null ? 1280.0 : width;
        height = height == null ? 800.0 : height;
        maximized = maximized != null && maximized;
        dark = dark != null && dark;
        recentFiles = recentFiles == null ? List.of() : List.copyOf(recentFiles);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public static Settings defaults() {
        return new Settings(null, null, null, null, null, null, null, null, null);
    }

    public Settings withRecentFile(String path) {
        var recent = new java.util.ArrayList<>(recentFiles);
        recent.remove(path);
        recent.addFirst(path);
        return new Settings(x, y, width, height, maximized, dividers, dark,
                recent.subList(0, Math.min(RECENT_FILES, recent.size())), endpoints);
    }
}
