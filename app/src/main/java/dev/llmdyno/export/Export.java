package dev.llmdyno.export;

import java.util.List;

/** An exported configuration: its text, and what the target could not express (nothing is dropped silently). */
public record Export(String text, List<String> warnings) {

    public Export {
        warnings = List.copyOf(warnings);
    }
}
