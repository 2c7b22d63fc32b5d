package dev.llmdyno.ui.shell;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.ui.endpoints.RoutingGroup;

import java.util.List;

/** What the desktop remembers between sessions. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Settings(Double x, Double y, Double width, Double height, Boolean maximized, double[] dividers,
                       Boolean dark, List<String> recentFiles, List<Endpoint> endpoints, Double fontSize,
                       List<RoutingGroup> routingGroups) {

    public static final int RECENT_FILES = 8;
    /** The theme's own size, and the range View > Zoom moves in, in pixels. */
    public static final double DEFAULT_FONT_SIZE = 14;
    public static final double MIN_FONT_SIZE = 10;
    public static final double MAX_FONT_SIZE = 24;

    public Settings {
        width = width == null ? 1280.0 : width;
        height = height == null ? 800.0 : height;
        maximized = maximized != null && maximized;
        dark = dark != null && dark;
        recentFiles = recentFiles == null ? List.of() : List.copyOf(recentFiles);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        routingGroups = routingGroups == null ? List.of() : List.copyOf(routingGroups);
        fontSize = fontSize == null ? DEFAULT_FONT_SIZE : Math.clamp(fontSize, MIN_FONT_SIZE, MAX_FONT_SIZE);
    }

    public static Settings defaults() {
        return new Settings(null, null, null, null, null, null, null, null, null, null, null);
    }

    public Settings withRecentFile(String path) {
        var recent = new java.util.ArrayList<>(recentFiles);
        recent.remove(path);
        recent.addFirst(path);
        return new Settings(x, y, width, height, maximized, dividers, dark,
                recent.subList(0, Math.min(RECENT_FILES, recent.size())), endpoints, fontSize, routingGroups);
    }

    public Settings withDark(boolean value) {
        return new Settings(x, y, width, height, maximized, dividers, value, recentFiles, endpoints, fontSize, routingGroups);
    }

    public Settings withFontSize(double value) {
        return new Settings(x, y, width, height, maximized, dividers, dark, recentFiles, endpoints, value, routingGroups);
    }
}
