package dev.llmdyno.ui.shell;

import java.nio.file.Path;
import java.util.Optional;

/** File choosers and messages behind an interface, so the shell's logic can be tested without a window. */
public interface FileDialogs {

    Optional<Path> chooseProfileToOpen();

    Optional<Path> chooseProfileToSave(String suggestedName);

    void showError(String title, String message);
}
