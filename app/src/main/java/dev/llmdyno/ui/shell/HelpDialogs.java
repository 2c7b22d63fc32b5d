package dev.llmdyno.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Help: the keyboard-shortcut sheet, the documentation's pages, and About. */
final class HelpDialogs {

    /** Shortcuts that belong to no menu item. */
    private static final List<String[]> OTHER_SHORTCUTS = List.of(
            new String[]{"Tab / Shift+Tab", "Next / previous field"},
            new String[]{"Double-click a variable's value", "Edit it; Enter keeps it, Esc drops it"},
            new String[]{"Ctrl+click / Shift+click in History", "Select two runs to compare"});

    /** The pages of docs/, in reading order, with what each answers. */
    private static final List<String[]> PAGES = List.of(
            new String[]{"playground.md", "The playground: prompt, parameters, levers, the run's numbers"},
            new String[]{"metrics.md", "What every number means and how it is measured"},
            new String[]{"calls.md", "Timeouts, retries, errors, caps and redaction"},
            new String[]{"experiments.md", "A/B/n experiments, arrival patterns, verdicts"},
            new String[]{"profiles.md", "The profile format, field by field"},
            new String[]{"export.md", "Exports for LiteLLM, Portkey, the SDKs, Spring AI, curl; import"},
            new String[]{"simulator.md", "The built-in simulator"},
            new String[]{"benchmarks.md", "How fast and how accurate, measured"});

    private HelpDialogs() {
    }

    /** Every accelerator of the menus, read from them so the sheet cannot go stale, and the few that have no item. */
    static void shortcuts(Window owner, List<Menu> menus) {
        var grid = new GridPane();
        grid.setId("shortcut-sheet");
        grid.setPadding(new javafx.geometry.Insets(12));
        grid.setHgap(24);
        grid.setVgap(4);
        int row = 0;
        for (var menu : menus) {
            var heading = new Label(menu.getText());
            heading.getStyleClass().add(Styles.TEXT_BOLD);
            grid.add(heading, 0, row++, 2, 1);
            for (MenuItem item : menu.getItems()) {
                if (!(item instanceof SeparatorMenuItem) && item.getAccelerator() != null) {
                    grid.add(new Label(item.getAccelerator().getDisplayText()), 0, row);
                    grid.add(new Label(item.getText()), 1, row++);
                }
            }
        }
        var heading = new Label("Elsewhere");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        grid.add(heading, 0, row++, 2, 1);
        for (var shortcut : OTHER_SHORTCUTS) {
            grid.add(new Label(shortcut[0]), 0, row);
            grid.add(new Label(shortcut[1]), 1, row++);
        }
        var scroller = new ScrollPane(grid);
        scroller.setFitToWidth(true);
        scroller.setPrefViewportHeight(Math.min(520, row * 26));
        show(owner, "Keyboard shortcuts", scroller);
    }

    /** The docs pages as links where the docs folder is found (beside the app), else where to find them. */
    static void documentation(Window owner, Consumer<String> opener) {
        var docs = docsFolder();
        var list = new VBox(6);
        list.setId("documentation");
        list.setPadding(new javafx.geometry.Insets(12));
        if (docs.isEmpty()) {
            list.getChildren().add(new Label("The docs/ folder of the LLM Dyno source holds these pages:"));
        }
        for (var page : PAGES) {
            var file = docs.map(folder -> folder.resolve(page[0])).filter(Files::isRegularFile);
            var title = new Label(page[1]);
            title.getStyleClass().add(Styles.TEXT_MUTED);
            if (file.isPresent() && opener != null) {
                var link = new Hyperlink(page[0]);
                link.setOnAction(event -> opener.accept(file.get().toUri().toString()));
                list.getChildren().add(new VBox(0, link, title));
            } else {
                list.getChildren().add(new VBox(0, new Label(file.map(Path::toString).orElse("docs/" + page[0])), title));
            }
        }
        show(owner, "Documentation", list);
    }

    static void about(Window owner, String version) {
        var alert = new Alert(Alert.AlertType.INFORMATION,
                "A dynamometer for LLM calls. Every number has a tooltip with its definition; Help > Documentation "
                        + "lists the pages that explain them.");
        alert.setHeaderText("LLM Dyno " + version);
        alert.initOwner(owner);
        alert.show();
    }

    /** docs/ next to the application: the source tree's when run from it (app/target/...), else none. */
    static Optional<Path> docsFolder() {
        try {
            var location = Path.of(HelpDialogs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (var dir = location; dir != null; dir = dir.getParent()) {
                var docs = dir.resolve("docs");
                if (Files.isRegularFile(docs.resolve("playground.md"))) {
                    return Optional.of(docs);
                }
            }
        } catch (Exception e) {
            // No code source (a custom runtime image): the dialog says where the pages are instead.
        }
        return Optional.empty();
    }

    private static void show(Window owner, String title, javafx.scene.Node content) {
        var dialog = new Dialog<Void>();
        dialog.setTitle(title);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.initOwner(owner);
        dialog.show();
    }
}
