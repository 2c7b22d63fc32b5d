package dev.llmdyno.ui.playground;

import javafx.beans.property.StringProperty;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;

/**
 * A prompt text editor that stays responsive with a 100k-token prompt: RichTextFX lays out only the paragraphs on
 * screen, where JavaFX's TextArea re-lays out all of its text on every keystroke. Has its own undo/redo.
 */
final class PromptText {

    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final VirtualizedScrollPane<StyleClassedTextArea> node = new VirtualizedScrollPane<>(area);
    private final StringProperty text;
    private final javafx.beans.value.ChangeListener<String> fromModel;
    private boolean syncing;

    /** Keeps the editor and {@code text} equal in both directions. */
    PromptText(StringProperty text, String styleClass, double preferredHeight) {
        this.text = text;
        area.setWrapText(true);
        area.getStyleClass().addAll("prompt-text", styleClass);
        node.getStyleClass().add("prompt-text-pane");
        node.setPrefHeight(preferredHeight);
        node.setMinHeight(48);
        area.replaceText(text.get() == null ? "" : text.get());
        area.getUndoManager().forgetHistory();
        area.textProperty().addListener((obs, old, now) -> {
            if (!syncing) {
                syncing = true;
                text.set(now);
                syncing = false;
            }
        });
        fromModel = (obs, old, now) -> {
            if (!syncing && !area.getText().equals(now)) {
                syncing = true;
                area.replaceText(now == null ? "" : now);
                syncing = false;
            }
        };
        text.addListener(fromModel);
    }

    /**
     * Grows and shrinks with the text between {@code min} and {@code max} pixels, so that short messages leave room
     * for the next ones and a long one scrolls inside itself.
     */
    PromptText fitToContent(double min, double max) {
        node.setMinHeight(min);
        area.totalHeightEstimateProperty().addListener((obs, old, now) -> {
            if (now != null) {
                node.setPrefHeight(Math.clamp(now + 12, min, max));
            }
        });
        return this;
    }

    /** Stops following the model; call when the editor is taken off screen for good. */
    void dispose() {
        text.removeListener(fromModel);
    }

    VirtualizedScrollPane<StyleClassedTextArea> node() {
        return node;
    }

    StyleClassedTextArea area() {
        return area;
    }
}
