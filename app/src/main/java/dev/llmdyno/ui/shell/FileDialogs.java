package dev.llmdyno.ui.shell;

import java.nio.file.Path;
import java.util.Optional;

/** File choosers and messages behind an interface, so the shell's logic can be tested without a window. */
public interface FileDialogs {

    /** The answers to "save the changes first?". */
    enum UnsavedChoice { SAVE, DISCARD, CANCEL }

    Optional<Path> chooseProfileToOpen();

    Optional<Path> chooseProfileToSave(String suggestedName);

    void showError(String title, String message);

    /**
     * Asks what to do with unsaved edits to {@code name} before {@code action} ("opening another profile").
     * Where the fields cannot be saved ({@code canSave} false) the choices are discard or cancel.
     */
    UnsavedChoice askAboutUnsaved(String name, String action, boolean canSave);
}
