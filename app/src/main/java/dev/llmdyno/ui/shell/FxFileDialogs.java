package dev.llmdyno.ui.shell;

import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/** {@link FileDialogs} with JavaFX's choosers and alerts. */
final class FxFileDialogs implements FileDialogs {

    private final Window owner;

    FxFileDialogs(Window owner) {
        this.owner = owner;
    }

    private static FileChooser chooser(String title) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Profiles (*.yaml, *.yml, *.json)", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        return chooser;
    }

    @Override
    public Optional<Path> chooseProfileToOpen() {
        var file = chooser("Open profile").showOpenDialog(owner);
        return Optional.ofNullable(file).map(java.io.File::toPath);
    }

    @Override
    public Optional<Path> chooseProfileToSave(String suggestedName) {
        var chooser = chooser("Save profile");
        chooser.setInitialFileName(suggestedName);
        var file = chooser.showSaveDialog(owner);
        return Optional.ofNullable(file).map(java.io.File::toPath);
    }

    @Override
    public void showError(String title, String message) {
        var alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setHeaderText(title);
        alert.initOwner(owner);
        alert.show();
    }
}
