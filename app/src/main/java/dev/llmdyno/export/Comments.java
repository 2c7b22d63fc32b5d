package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;

import java.util.List;

/** The header comment of exports in formats that have comments: where it came from and what it leaves out. */
final class Comments {

    private Comments() {
    }

    static String block(String prefix, Profile profile, List<String> warnings) {
        var text = new StringBuilder(prefix).append(" Exported by LLM Dyno from profile \"")
                .append(profile.name() == null ? profile.model() : profile.name()).append("\".\n");
        for (var warning : warnings) {
            text.append(prefix).append(" WARNING: ").append(warning).append('\n');
        }
        return text.toString();
    }

    static String yaml(Profile profile, List<String> warnings) {
        return block("#", profile, warnings);
    }
}
