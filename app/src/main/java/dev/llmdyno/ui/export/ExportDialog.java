package dev.llmdyno.ui.export;

import atlantafx.base.theme.Styles;
import dev.llmdyno.export.Exporter;
import dev.llmdyno.profile.ProfileIO;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.util.concurrent.Executor;

/** Export the playground's profile: pick a target, read the preview and its warnings, copy or save it. */
public final class ExportDialog extends Dialog<Void> {

    public ExportDialog(Window owner, ExportViewModel model, Executor background) {
        setTitle("Export profile");
        initOwner(owner);
        setResizable(true);
        var target = new ComboBox<>(model.targets());
        target.setId("export-target");
        target.valueProperty().bindBidirectional(model.target);
        target.setConverter(dev.llmdyno.ui.ChoiceText.of(target::getItems, Exporter::id));
        var preview = new TextArea();
        preview.setId("export-preview");
        preview.setEditable(false);
        preview.getStyleClass().add("monospace");
        preview.setStyle("-fx-font-family: monospace;");
        preview.textProperty().bind(model.previewProperty());
        preview.setPrefSize(760, 420);
        VBox.setVgrow(preview, Priority.ALWAYS);
        var warnings = new ListView<>(model.warnings());
        warnings.setId("export-warnings");
        warnings.setPlaceholder(new Label("This target carries everything in the profile."));
        dev.llmdyno.ui.WrappingListCell.use(warnings);
        warnings.setPrefHeight(130);
        var status = new Label();
        status.getStyleClass().add(Styles.TEXT_MUTED);
        var copy = new Button("Copy");
        copy.setOnAction(event -> {
            var content = new ClipboardContent();
            content.putString(model.previewProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            status.setText("Copied to the clipboard");
        });
        var save = new Button("Save…");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(event -> {
            var chooser = new FileChooser();
            chooser.setInitialFileName(model.suggestedFileName());
            var file = chooser.showSaveDialog(getDialogPane().getScene().getWindow());
            if (file != null) {
                var text = model.previewProperty().get();
                background.execute(() -> {
                    String message;
                    try {
                        ProfileIO.writeAtomically(file.toPath(), text);
                        message = "Saved " + file;
                    } catch (java.io.IOException e) {
                        message = "Could not save: " + e.getMessage();
                    }
                    var shown = message;
                    javafx.application.Platform.runLater(() -> status.setText(shown));
                });
            }
        });
        var top = new HBox(8, new Label("Target"), target);
        var buttons = new HBox(8, copy, save, status);
        var content = new VBox(8, top, preview, new Label("What this target cannot express"), warnings, buttons);
        content.setPadding(new Insets(10));
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    }
}
