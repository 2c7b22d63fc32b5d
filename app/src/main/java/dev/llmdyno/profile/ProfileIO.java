package dev.llmdyno.profile;

import com.fasterxml.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes profiles as JSON or YAML; reading also validates. */
public final class ProfileIO {

    private final ProfileValidator validator;

    public ProfileIO(ProfileValidator validator) {
        this.validator = validator;
    }

    public ProfileIO() {
        this(new ProfileValidator());
    }

    /** Reads and validates a profile file; every problem found is in the exception. */
    public Profile read(Path file) throws InvalidInputException, IOException {
        return parse(StrictReader.readUtf8(file), Mappers.Format.of(file), file.toString());
    }

    public Profile parse(String text, Mappers.Format format, String source) throws InvalidInputException {
        if (text.isBlank()) {
            throw new InvalidInputException(source, List.of(Problem.at("", "the file is empty")));
        }
        // Wrong values and broken rules in one report: the rules are checked on what could be read.
        var reading = StrictReader.readLeniently(text, format, Profile.class, source);
        var problems = new ArrayList<>(reading.problems());
        if (reading.value() != null) {
            problems.addAll(validator.validate(reading.value()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(source, problems);
        }
        return reading.value();
    }

    public static String write(Profile profile, Mappers.Format format) {
        try {
            return Mappers.forFormat(format).writeValueAsString(profile);
        } catch (JacksonException e) {
            throw new IllegalStateException("a profile could not be written", e);
        }
    }

    /** Writes via a temporary file and a rename, so a crash never leaves half a profile behind. */
    public static void write(Profile profile, Path file) throws IOException {
        writeAtomically(file, write(profile, Mappers.Format.of(file)));
    }

    public static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, writer -> writer.write(text));
    }

    /** What goes into a file, written to it as it is made, so a large one is never held whole in memory. */
    @FunctionalInterface
    public interface Content {
        void writeTo(java.io.Writer writer) throws IOException;
    }

    /** Writes {@code content} to a temporary file beside {@code file} and renames it into place. */
    public static void writeAtomically(Path file, Content content) throws IOException {
        var parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        var temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (var writer = Files.newBufferedWriter(temp)) {
                content.writeTo(writer);
            }
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
