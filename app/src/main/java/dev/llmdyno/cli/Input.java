package dev.llmdyno.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the files and streams commands are given, with errors people understand. */
final class Input {

    private Input() {
    }

    /** Reads a file the way a command's checked file is read: {@link dev.llmdyno.profile.InvalidInputException}s too. */
    @FunctionalInterface
    interface FileReader<T> {
        T read(Path file) throws dev.llmdyno.profile.InvalidInputException, IOException;
    }

    /**
     * {@code file} read by {@code reader}, or a {@link UserError} that says what was wrong: "invalid {@code what}"
     * with every problem, no such file, or why it cannot be read.
     */
    static <T> T checked(Path file, String what, FileReader<T> reader) {
        try {
            return reader.read(file);
        } catch (dev.llmdyno.profile.InvalidInputException e) {
            throw new UserError("invalid " + what + "\n" + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A file's text, or standard input for "-" or no file. */
    static String text(String file, InputStream stdin) {
        try {
            if (file == null || file.equals("-")) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
