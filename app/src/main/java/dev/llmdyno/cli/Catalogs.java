package dev.llmdyno.cli;

import dev.llmdyno.catalog.Catalog;
import dev.llmdyno.profile.InvalidInputException;

import java.io.IOException;

/** The catalog commands use: built-in plus the user's file, whose problems are user errors. */
final class Catalogs {

    private Catalogs() {
    }

    static Catalog load() {
        try {
            return Catalog.load(Catalog.defaultUserFile());
        } catch (InvalidInputException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(Catalog.defaultUserFile() + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
