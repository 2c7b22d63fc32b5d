package dev.llmdyno;

import java.nio.file.Files;
import java.nio.file.Path;

/** Folders of the repository that tests read: sample profiles and docs. */
public final class TestPaths {

    private TestPaths() {
    }

    public static Path profiles() {
        return existing(System.getProperty("llmdyno.profilesDir", "../profiles"));
    }

    public static Path docs() {
        return existing(System.getProperty("llmdyno.docsDir", "../docs"));
    }

    private static Path existing(String path) {
        var dir = Path.of(path).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is not a folder");
        }
        return dir;
    }
}
