package dev.llmdyno;

import java.io.IOException;
import java.util.Properties;

/** The version the build stamped into the jar. */
public final class Version {

    private Version() {
    }

    public static String get() {
        var properties = new Properties();
        try (var in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
