package dev.llmdyno.cli;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;

import java.nio.file.Path;

/** Reading a profile named on the command line, with its problems as user errors. */
final class ProfileFiles {

    private ProfileFiles() {
    }

    static Profile read(Path file, Catalog catalog) {
        return Input.checked(file, "profile", new ProfileIO(new ProfileValidator(catalog))::read);
    }
}
