package dev.llmdyno.export;

import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Profile;

/** Reads one tool's configuration back into a profile. */
public interface Importer {

    String id();

    /** The profile the text describes; problems name the field, as profile validation does. */
    Profile read(String text, String source) throws InvalidInputException;
}
