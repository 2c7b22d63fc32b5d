package dev.llmdyno.ui;

import javafx.scene.control.DialogPane;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Reaching the main window's menu items and the dialog they open, for tests that drive the window. */
final class Menus {

    private Menus() {
    }

    static MenuItem item(Stage stage, String text) {
        var bar = (MenuBar) ((BorderPane) stage.getScene().getRoot()).getTop();
        return bar.getMenus().stream().flatMap(menu -> menu.getItems().stream()).filter(item -> text.equals(item.getText()))
                .findFirst().orElseThrow(() -> new AssertionError("no menu item " + text));
    }

    /** The window that is not the main one: the dialog just opened. */
    static Window dialogOver(Stage main) {
        return Window.getWindows().stream().filter(w -> w != main && w.isShowing() && w.getScene() != null
                        && w.getScene().getRoot() instanceof DialogPane).findFirst()
                .orElseThrow(() -> new AssertionError("no dialog is showing"));
    }
}
