package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.Map;

/** Text fields that show their rule when the form says they are wrong. */
final class Fields {

    private Fields() {
    }

    /** A form's problems, and what the ids of its fields start with. */
    record Problems(ReadOnlyObjectProperty<Map<String, String>> byPath, String ids) {
        Map<String, String> get() {
            return byPath.get();
        }

        void addListener(Runnable listener) {
            byPath.addListener((obs, old, now) -> listener.run());
        }
    }

    /**
     * A field bound to {@code value}; when {@code problems} has an entry for {@code path} the field turns red and
     * the rule appears under it.
     */
    static VBox validated(StringProperty value, String path, String prompt, String help, Problems problems) {
        var field = new TextField();
        field.setId(problems.ids() + path.replace('.', '-'));
        field.textProperty().bindBidirectional(value);
        field.setPromptText(prompt);
        field.setPrefColumnCount(8);
        field.setTooltip(new Tooltip(help));
        var error = new Label();
        error.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER, "field-error");
        error.setWrapText(true);
        error.setId(problems.ids() + path.replace('.', '-') + "-error");
        Runnable show = () -> {
            var message = problems.get().get(path);
            field.pseudoClassStateChanged(Styles.STATE_DANGER, message != null);
            error.setText(message == null ? "" : message);
            error.setVisible(message != null);
            error.setManaged(message != null);
        };
        problems.addListener(show);
        show.run();
        return new VBox(2, field, error);
    }

    /** A labelled row; a row without a label (a check box that names itself) spans both columns so it is not cut. */
    static void row(GridPane grid, int row, String label, javafx.scene.Node field) {
        if (label.isEmpty()) {
            grid.add(field, 0, row, 2, 1);
            return;
        }
        var name = new Label(label);
        name.setMinWidth(Label.USE_PREF_SIZE);
        grid.add(name, 0, row);
        grid.add(field, 1, row);
    }
}
