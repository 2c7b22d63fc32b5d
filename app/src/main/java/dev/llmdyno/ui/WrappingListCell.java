package dev.llmdyno.ui;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

/** A list cell for sentences (verdicts, warnings): it wraps to the list's width instead of running off the right. */
public final class WrappingListCell extends ListCell<String> {

    private WrappingListCell(ListView<String> list) {
        setWrapText(true);
        prefWidthProperty().bind(list.widthProperty().subtract(24)); // room for the scroll bar
    }

    /** Makes {@code list} show its items as wrapping sentences. */
    public static void use(ListView<String> list) {
        list.setCellFactory(WrappingListCell::new);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
    }
}
