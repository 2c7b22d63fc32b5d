package dev.llmdyno.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
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
    public UnsavedChoice askAboutUnsaved(String name, String action, boolean canSave) {
        var save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        var discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        var alert = new Alert(Alert.AlertType.CONFIRMATION, canSave
                ? "Your edits are lost unless you save them before " + action + "."
                : "Some fields are wrong, so the profile cannot be saved as it is. Discard the edits and go on with "
                + action + "?");
        alert.setHeaderText("Save the changes to " + name + "?");
        alert.getButtonTypes().setAll(canSave ? java.util.List.of(save, discard, ButtonType.CANCEL)
                : java.util.List.of(discard, ButtonType.CANCEL));
        alert.initOwner(owner);
        var answer = alert.showAndWait().orElse(ButtonType.CANCEL);
        return answer == save ? UnsavedChoice.SAVE : answer == discard ? UnsavedChoice.DISCARD : UnsavedChoice.CANCEL;
    }

    @Override
    public void showError(String title, String message) {
        var alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setHeaderText(title);
        alert.initOwner(owner);
        alert.show();
    }
}
