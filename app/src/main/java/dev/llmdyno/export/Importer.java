package dev.llmdyno.export;

import dev.llmdyno.profile.InvalidInputException;

/** Reads one tool's configuration back into a profile. */
public interface Importer {

    String id();

    /**
     * The profile the text describes, ready to validate and run, with a warning for each part of the file it could
     * not carry; problems name the field, as profile validation does.
     */
    Imported read(String text, String source) throws InvalidInputException;
}
