package dev.llmdyno.export;

import dev.llmdyno.profile.Profile;

/** Turns a profile into one tool's configuration or code. */
public interface Exporter {

    /** The name used by {@code dyno export --to}: litellm, portkey, openai-python, ... */
    String id();

    /** A sensible file name for the export. */
    String fileName(Profile profile);

    Export export(Profile profile);
}
