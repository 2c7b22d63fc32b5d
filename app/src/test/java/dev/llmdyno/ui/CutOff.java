package dev.llmdyno.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds text that the window shows cut off: a label, button, check box or column header whose skin drew an
 * ellipsis instead of the whole text. Table and list cells are left out: their text may give way, whole in a
 * tooltip or a wider column.
 */
final class CutOff {

    private CutOff() {
    }

    /** "Labeled 'Run' shows '…'" for each visible control under {@code root} whose text is cut off. */
    static List<String> in(Parent root) {
        var found = new ArrayList<String>();
        collect(root, found);
        return found;
    }

    private static void collect(Node node, List<String> found) {
        if (!node.isVisible() || node instanceof IndexedCell<?>) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            for (var child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof Text shown && child.isVisible() && !shown.getText().equals(labeled.getText())
                        && shown.getText().endsWith(labeled.getEllipsisString())) {
                    found.add(labeled.getClass().getSimpleName() + (labeled.getId() == null ? "" : " #" + labeled.getId())
                            + " '" + labeled.getText() + "' shows '" + shown.getText() + "'");
                }
            }
        }
        if (node instanceof Parent parent) {
            for (var child : parent.getChildrenUnmodifiable()) {
                collect(child, found);
            }
        }
    }
}
