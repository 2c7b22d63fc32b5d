package dev.llmdyno.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.llmdyno.Version;
import dev.llmdyno.call.ModelLister;
import dev.llmdyno.call.SecretResolver;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.ui.UiThread;
import dev.llmdyno.export.Exporters;
import dev.llmdyno.ui.endpoints.EndpointsDialog;
import dev.llmdyno.ui.export.ExportDialog;
import dev.llmdyno.ui.experiments.ExperimentsView;
import dev.llmdyno.ui.experiments.ExperimentsViewModel;
import dev.llmdyno.ui.export.ExportViewModel;
import dev.llmdyno.ui.machine.MachineView;
import dev.llmdyno.ui.machine.MachineViewModel;
import dev.llmdyno.ui.playground.PlaygroundView;
import dev.llmdyno.ui.playground.PlaygroundViewModel;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * The main window: menus, the Playground and Experiments tabs, and a status bar with the run's state and the
 * machine panel.
 */
public final class MainWindow {

    private final Stage stage;
    private final PlaygroundViewModel playground;
    private final PlaygroundView playgroundView;
    private final SettingsStore store;
    private final Executor background;
    private final UiThread ui;
    private final Menu recentMenu = new Menu("Open Recent");
    private final TabPane tabs = new TabPane();
    private final ExperimentsViewModel experiments;
    private Settings settings;
    private Path currentFile;
    private FileDialogs dialogs;
    private java.util.function.Consumer<String> documentOpener;

    public MainWindow(Stage stage, PlaygroundViewModel playground, ExperimentsViewModel experiments,
                      MachineViewModel machine, Settings settings, SettingsStore store, SecretResolver secrets,
                      Executor background, UiThread ui) {
        this.stage = stage;
        this.playground = playground;
        this.settings = settings;
        this.store = store;
        this.background = background;
        this.ui = ui;
        this.playgroundView = new PlaygroundView(playground);
        playground.addOwnEndpoints(settings.endpoints());
        playground.addOwnRoutingGroups(settings.routingGroups());

        this.experiments = experiments;
        var root = new BorderPane(tabs(experiments));
        root.setTop(menus(secrets));
        root.setBottom(statusBar(machine));
        var scene = new Scene(root, settings.width(), settings.height());
        scene.getStylesheets().add(MainWindow.class.getResource("/dev/llmdyno/ui/app.css").toExternalForm());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), this::runSelected);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), this::cancelSelected);
        stage.setScene(scene);
        stage.setTitle("LLM Dyno");
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        if (settings.x() != null && settings.y() != null) {
            stage.setX(settings.x());
            stage.setY(settings.y());
        }
        stage.setMaximized(settings.maximized());
        // Closing the window asks about unsaved edits as Quit does.
        stage.setOnCloseRequest(event -> {
            if (!resolveUnsaved("quitting")) {
                event.consume();
            }
        });
        playground.form.modifiedProperty().addListener((obs, old, now) -> updateTitle());
        applyFontSize();
        playgroundView.restoreDividers(settings.dividers());
        dialogs = new FxFileDialogs(stage);
        refreshRecent();
    }

    private MenuBar menus(SecretResolver secrets) {
        var newProfile = item("New", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            if (resolveUnsaved("starting a new profile")) {
                currentFile = null;
                playground.load(Profile.starter());
                updateTitle();
            }
        });
        var open = item("Open…", new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), () -> {
            if (resolveUnsaved("opening another profile")) {
                dialogs.chooseProfileToOpen().ifPresent(this::open);
            }
        });
        var save = item("Save", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::save);
        var saveAs = item("Save As…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), this::saveAs);
        var export = item("Export…", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::export);
        var quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), () -> {
            if (resolveUnsaved("quitting")) {
                stage.close();
            }
        });
        var file = new Menu("File", null, newProfile, open, recentMenu, new SeparatorMenuItem(), save, saveAs, export,
                new SeparatorMenuItem(), quit);

        var undo = item("Undo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), () -> {
            // Outside a text, Undo puts back the message removed last.
            if (!focusedText(TextInputControl::undo, org.fxmisc.richtext.GenericStyledArea::undo)) {
                playground.form.undoRemoveMessage();
            }
        });
        var redo = item("Redo", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> focusedText(TextInputControl::redo, org.fxmisc.richtext.GenericStyledArea::redo));
        var edit = new Menu("Edit", null, undo, redo);

        var run = item("Run", new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), this::runSelected);
        var cancel = item("Cancel", new KeyCodeCombination(KeyCode.ESCAPE), this::cancelSelected);
        var showPlayground = item("Playground", new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN),
                () -> tabs.getSelectionModel().select(0));
        var showExperiments = item("Experiments", new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.SHORTCUT_DOWN),
                () -> tabs.getSelectionModel().select(1));
        var runMenu = new Menu("Run", null, run, cancel, new SeparatorMenuItem(), showPlayground, showExperiments);

        var manage = item("Manage endpoints…", null, () -> new EndpointsDialog(stage, playground.endpoints, playground.routingGroups,
                new ModelLister(secrets), playground::baseUrlOf, secrets.keyring(), background, ui).show());
        var endpoints = new Menu("Endpoints", null, manage);

        var dark = new CheckMenuItem("Dark theme");
        dark.setSelected(settings.dark());
        dark.selectedProperty().addListener((obs, old, now) -> {
            applyTheme(now);
            settings = settings.withDark(now);
        });
        var zoomIn = item("Zoom In", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), () -> zoom(1));
        var zoomOut = item("Zoom Out", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), () -> zoom(-1));
        var actualSize = item("Actual Size", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN), () -> zoom(0));
        var view = new Menu("View", null, dark, new SeparatorMenuItem(), zoomIn, zoomOut, actualSize);

        var shortcuts = item("Keyboard Shortcuts", new KeyCodeCombination(KeyCode.F1), () -> HelpDialogs.shortcuts(stage,
                java.util.List.of(file, edit, runMenu, view)));
        var docs = item("Documentation", null, () -> HelpDialogs.documentation(stage, documentOpener));
        var about = item("About LLM Dyno", null, () -> HelpDialogs.about(stage, Version.get()));
        var help = new Menu("Help", null, shortcuts, docs, new SeparatorMenuItem(), about);
        return new MenuBar(file, edit, runMenu, endpoints, view, help);
    }

    private static MenuItem item(String text, KeyCombination accelerator, Runnable action) {
        var item = new MenuItem(text);
        item.setAccelerator(accelerator);
        item.setOnAction(event -> action.run());
        return item;
    }

    /** Undo and redo act on the focused editor, a plain text field or a prompt editor; false when neither has focus. */
    private boolean focusedText(java.util.function.Consumer<TextInputControl> plain,
                                java.util.function.Consumer<org.fxmisc.richtext.GenericStyledArea<?, ?, ?>> rich) {
        var focused = stage.getScene().getFocusOwner();
        if (focused instanceof TextInputControl text) {
            plain.accept(text);
            return true;
        } else if (focused instanceof org.fxmisc.richtext.GenericStyledArea<?, ?, ?> area) {
            rich.accept(area);
            return true;
        }
        return false;
    }

    private TabPane tabs(ExperimentsViewModel experiments) {
        var playgroundTab = new Tab("Playground", playgroundView);
        var experimentsTab = new Tab("Experiments", new ExperimentsView(experiments,
                playground.catalog().models().stream().map(m -> m.id()).toList()));
        tabs.getTabs().addAll(playgroundTab, experimentsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        experimentsTab.setOnSelectionChanged(e -> {
            if (experimentsTab.isSelected() && !experiments.runningProperty().get()) {
                // The experiment starts from what the playground shows now, not what it showed when the app opened.
                experiments.followPlayground();
                experiments.refreshSaved();
            }
        });
        return tabs;
    }

    /** Ctrl+Enter runs what the selected tab runs: the playground's call or the experiment. */
    private void runSelected() {
        if (tabs.getSelectionModel().getSelectedIndex() == 1) {
            experiments.run();
        } else {
            playground.run();
        }
    }

    private void cancelSelected() {
        if (tabs.getSelectionModel().getSelectedIndex() == 1) {
            experiments.cancel();
        } else {
            playground.runs.cancel();
        }
    }

    /** Makes {@code profile} the playground's and shows the playground. */
    /**
     * Makes {@code profile} the playground's and shows the playground, asking first about unsaved edits; it is in
     * no file yet, so it counts as unsaved until it is saved.
     */
    public void showInPlayground(Profile profile) {
        if (!resolveUnsaved("taking the winning variant")) {
            return;
        }
        currentFile = null;
        playground.load(profile);
        playground.form.markUnsaved();
        updateTitle();
        tabs.getSelectionModel().select(0);
    }

    private HBox statusBar(MachineViewModel machine) {
        var status = new Label();
        status.textProperty().bind(playground.runs.statusProperty());
        status.getStyleClass().add(Styles.TEXT_SMALL);
        // The machine panel keeps its room; a long status gives way, whole in its tooltip.
        status.setMinWidth(0);
        status.setTooltip(dev.llmdyno.ui.WrappingTooltip.following(playground.runs.statusProperty()));
        HBox.setHgrow(status, Priority.SOMETIMES);
        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(12, status, spacer, new MachineView(machine));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 10, 4, 10));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void open(Path file) {
        background.execute(() -> {
            try {
                var profile = new ProfileIO().read(file);
                ui.post(() -> {
                    currentFile = file;
                    playground.load(profile);
                    remember(file);
                    updateTitle();
                });
            } catch (Exception e) {
                ui.post(() -> dialogs.showError("Cannot open " + file.getFileName(), e.getMessage()));
            }
        });
    }

    private void export() {
        var profile = playground.form.profile();
        if (profile == null) {
            dialogs.showError("Nothing to export", "Fix the fields marked in red first.");
            return;
        }
        var model = new ExportViewModel(new Exporters(playground.catalog()), profile);
        new ExportDialog(stage, model, background).show();
    }

    /** Saves under a chosen name; false when nothing was saved (the chooser was cancelled or the write failed). */
    private boolean saveAs() {
        var name = playground.form.name.get() == null ? "profile" : playground.form.name.get().replaceAll("[^A-Za-z0-9_-]+", "-");
        return dialogs.chooseProfileToSave(name.toLowerCase() + ".yaml").map(this::save).orElse(false);
    }

    private boolean save() {
        return currentFile == null ? saveAs() : save(currentFile);
    }

    /** Writes the profile (a few kilobytes, so on this thread: what counts as saved is exactly what was written). */
    private boolean save(Path file) {
        var profile = playground.form.profile();
        if (profile == null) {
            dialogs.showError("Nothing saved", "Fix the fields marked in red first:\n"
                    + String.join("\n", playground.form.problemLines()));
            return false;
        }
        try {
            ProfileIO.write(profile, file);
        } catch (Exception e) {
            dialogs.showError("Cannot save " + file.getFileName(), e.getMessage());
            return false;
        }
        currentFile = file;
        playground.form.markSaved();
        remember(file);
        updateTitle();
        return true;
    }

    /**
     * Before the fields are replaced or the window closes: true to go on. Unsaved edits are saved, discarded or
     * kept (cancel) as the user says.
     */
    boolean resolveUnsaved(String action) {
        if (!playground.form.modifiedProperty().get()) {
            return true;
        }
        var name = currentFile == null ? "\"" + playground.form.name.get() + "\"" : currentFile.getFileName().toString();
        return switch (dialogs.askAboutUnsaved(name, action, playground.form.profile() != null)) {
            case SAVE -> save();
            case DISCARD -> true;
            case CANCEL -> false;
        };
    }

    private void zoom(int step) {
        double size = step == 0 ? Settings.DEFAULT_FONT_SIZE
                : Math.clamp(settings.fontSize() + step, Settings.MIN_FONT_SIZE, Settings.MAX_FONT_SIZE);
        settings = settings.withFontSize(size);
        applyFontSize();
    }

    private void applyFontSize() {
        stage.getScene().getRoot().setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.0fpx;", settings.fontSize()));
    }

    /** Opens a document (a docs page) in the system's viewer; without one, the documentation dialog shows paths. */
    public void setDocumentOpener(java.util.function.Consumer<String> opener) {
        documentOpener = opener;
    }

    private void remember(Path file) {
        settings = settings.withRecentFile(file.toAbsolutePath().toString());
        refreshRecent();
    }

    private void refreshRecent() {
        recentMenu.getItems().setAll(settings.recentFiles().stream().map(path -> item(path, null, () -> {
            if (resolveUnsaved("opening another profile")) {
                open(Path.of(path));
            }
        })).toList());
        recentMenu.setDisable(settings.recentFiles().isEmpty());
    }

    private void updateTitle() {
        stage.setTitle("LLM Dyno" + (currentFile == null ? "" : " — " + currentFile.getFileName())
                + (playground.form.modifiedProperty().get() ? " (edited)" : ""));
    }

    /** Light or dark AtlantaFX Primer theme, as the user-agent stylesheet; set it before building nodes. */
    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    /** The settings to remember now: window place and size, dividers, theme, recent files, endpoints, routings. */
    public Settings currentSettings() {
        var maximized = stage.isMaximized();
        return new Settings(maximized ? settings.x() : stage.getX(), maximized ? settings.y() : stage.getY(),
                maximized ? settings.width() : stage.getWidth(), maximized ? settings.height() : stage.getHeight(),
                maximized, playgroundView.dividers(), settings.dark(), settings.recentFiles(),
                playground.ownEndpoints(), settings.fontSize(), playground.ownRoutingGroups());
    }

    public Stage stage() {
        return stage;
    }

    /** Replaces the file dialogs; tests use this to answer without a real chooser. */
    public void setDialogs(FileDialogs value) {
        dialogs = value;
    }
}
