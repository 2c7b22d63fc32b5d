package dev.llmdyno.cli;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.InvalidInputException;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProfileValidator;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a profile named on the command line, with its problems as user errors. */
final class ProfileFiles {

    private ProfileFiles() {
    }

    static Profile read(Path file, Catalog catalog) {
        try {
            return new ProfileIO(new ProfileValidator(catalog)).read(file);
        } catch (InvalidInputException e) {
            throw new UserError("invalid profile\n" + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
