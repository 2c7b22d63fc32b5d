package dev.llmdyno.export;

import java.util.List;

/**
 * An exported configuration: its text, and what the target could not express (nothing is dropped silently), each
 * warning once.
 */
public record Export(String text, List<String> warnings) {

    public Export {
        warnings = List.copyOf(new java.util.LinkedHashSet<>(warnings));
    }

    /** {@code body} under a {@code #} comment header that names the profile and lists the warnings. */
    static Export commented(dev.llmdyno.profile.Profile profile, String body, List<String> warnings) {
        var distinct = new Export("", warnings).warnings();
        return new Export(Comments.yaml(profile, distinct) + body, distinct);
    }
}
