package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;

import java.util.List;

/** A profile read from another tool's file, and what of that file it could not carry (nothing is dropped silently). */
public record Imported(Profile profile, List<String> warnings) {

    public Imported {
        warnings = List.copyOf(warnings);
    }
}
