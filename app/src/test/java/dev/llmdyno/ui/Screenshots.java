package dev.llmdyno.ui;

import dev.llmdyno.TestPaths;
import dev.llmdyno.profile.Message;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.Prompt;
import dev.llmdyno.sim.ModelSpec;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders the screenshots in docs/screenshots/ from the real window after a real run against the simulator.
 * Run: {@code xvfb-run -a ./mvnw -pl app test -Pscreenshots}.
 */
@Tag("screenshots")
class Screenshots {

    private static java.awt.image.BufferedImage toBufferedImage(javafx.scene.image.Image image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        var out = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        var pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(),
                pixels, 0, width);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    /** A window size and theme, and the suffix its files get: {@code -1280-light}. */
    private record Look(int width, int height, boolean dark) {
        String suffix() {
            return "-" + width + (dark ? "-dark" : "-light");
        }
    }

    private static final List<Look> LOOKS = List.of(new Look(1280, 800, false), new Look(1280, 800, true),
            new Look(1600, 1000, false), new Look(1600, 1000, true));

    private static void save(javafx.scene.Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        var file = TestPaths.docs().resolve("screenshots").resolve(name + ".png");
        Files.createDirectories(file.getParent());
        var image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get();
        javax.imageio.ImageIO.write(toBufferedImage(image), "png", file.toFile());
    }

    /** Scrolls the pane that holds {@code node} to its end. */
    private static void scrollToEnd(javafx.scene.Node node) {
        var parent = node.getParent();
        while (parent != null && !(parent instanceof javafx.scene.control.ScrollPane)) {
            parent = parent.getParent();
        }
        if (parent instanceof javafx.scene.control.ScrollPane pane) {
            pane.setVvalue(pane.getVmax());
        }
    }

    private static void shootDialog(FxRobot robot, Stage stage, Runnable open, String name) throws Exception {
        robot.interact(open);
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(300);
        var dialog = Menus.dialogOver(stage);
        save(dialog.getScene(), name);
        robot.interact(dialog::hide);
    }

    /** A conversation run recorded in the history as the command line records it, then opened in the tab. */
    private static final String CONVERSATION_RUN = """
            name: Context strategies over a support chat
            base: {model: sim-fast, params: {maxTokens: 24}, prompt: {system: "You are a support agent."}}
            variants:
              - {name: all}
              - {name: window 2, overrides: {levers: {context: {strategy: window, keepTurns: 2}}}}
            conversations: {synthetic: {sessions: 2, turns: 6, userTokens: 120}}
            repetitions: 1
            warmup: 0
            arrival: {mode: concurrency, concurrency: 4}
            """;

    /** A users run, two classes under first-come and strict priority, recorded and opened the same way. */
    private static final String USERS_RUN = """
            name: Interactive before batch
            base:
              model: sim-fast
              params: {maxTokens: 24}
              prompt: {messages: [{role: user, content: "Give one tip for writing a release note."}]}
            variants:
              - {name: first-come, overrides: {levers: {priority: {maxInFlight: 2}}}}
              - {name: client strict, overrides: {levers: {priority: {policy: strict, maxInFlight: 2}}}}
            users:
              - {name: interactive, count: 2, requests: 5, thinkTimeMs: 100, priority: 0}
              - {name: batch, count: 4, requests: 5, priority: 10}
            warmup: 0
            """;

    /**
     * The run of {@code planYaml} recorded in the history as the command line records it, then opened in the tab
     * and saved as {@code name} once a verdict line starting with {@code shownBy} is there.
     */
    private static void shootStoredRun(FxRobot robot, TestWindow window, Stage stage, String planYaml, String shownBy,
                                       String name) throws Exception {
        var catalog = dev.llmdyno.catalog.Catalog.builtIn();
        var plan = dev.llmdyno.profile.Mappers.yaml().readValue(planYaml, dev.llmdyno.experiment.ExperimentPlan.class);
        var experiment = new dev.llmdyno.experiment.Plans(catalog).resolve(plan, null, "plan");
        dev.llmdyno.store.RecordedRun.start(window.history, window.engine, catalog, experiment, sample -> { }, null)
                .execute();
        robot.interact(window.experiments::refreshSaved);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.experiments.saved.isEmpty());
        robot.interact(() -> window.experiments.open(window.experiments.saved.getFirst()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.experiments.verdicts.stream()
                .anyMatch(line -> line.startsWith(shownBy)));
        Thread.sleep(500);
        save(stage.getScene(), name);
    }

    /** Every screen (playground, its levers, endpoints, export, shortcuts, experiments) in every look. */
    @Test
    void everyScreenInEveryLook() throws Exception {
        FxToolkit.registerPrimaryStage();
        for (var look : LOOKS) {
            var stage = FxToolkit.registerStage(Stage::new);
            var window = TestWindow.open(stage, look.width(), look.height(), look.dark(), List.of(
                    new ModelSpec("sim-balanced", 250.0, 20.0, 0.1, 12.0, 0.15, 0.005, 4.0, 2, 32, 1.0, 90, 140, 0),
                    new ModelSpec("sim-fast", 120.0, 8.0, 0.1, 6.0, 0.15, 0.005, 4.0, 2, 64, 0.8, 60, 90, 0)));
            var robot = new FxRobot();
            robot.interact(() -> window.playground.load(Profile.starter().withName("Explainer").withPrompt(new Prompt(
                    "You are a concise technical writer.",
                    List.of(Message.user("Explain {{topic}} to a {{audience}} in three sentences."),
                            Message.assistant("Time to first token is the wait before the answer starts."),
                            Message.user("Now say what makes it long, for a {{audience}}.")),
                    Map.of("topic", "time to first token", "audience", "product manager")))));
            for (var model : List.of("sim-fast", "sim-balanced", "sim-fast")) {
                int before = window.playground.runs.history().size();
                robot.interact(() -> {
                    window.playground.form.model.set(model);
                    window.playground.run();
                });
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.playground.runs.runningProperty().get()
                        && window.playground.runs.history().size() > before);
            }
            Thread.sleep(2_000); // a few machine samples for the sparklines
            save(stage.getScene(), "playground" + look.suffix());

            var advanced = robot.lookup("#advanced").queryAs(javafx.scene.control.TitledPane.class);
            robot.interact(() -> advanced.setExpanded(true));
            Thread.sleep(400);
            // Scrolled to the end of the levers: the caches, the context budget and the connection.
            robot.interact(() -> scrollToEnd(advanced));
            Thread.sleep(300);
            save(stage.getScene(), "playground-levers" + look.suffix());
            robot.interact(() -> advanced.setExpanded(false));

            var history = robot.lookup("#history").queryAs(javafx.scene.control.TableView.class);
            robot.interact(() -> history.getSelectionModel().selectIndices(0, 1));
            shootDialog(robot, stage, () -> robot.lookup("#compare").queryButton().fire(), "compare" + look.suffix());
            robot.interact(() -> history.getSelectionModel().clearSelection());
            shootDialog(robot, stage, () -> Menus.item(stage, "Manage endpoints…").fire(), "endpoints" + look.suffix());
            robot.interact(() -> Menus.item(stage, "Manage endpoints…").fire());
            WaitForAsyncUtils.waitForFxEvents();
            var endpointsDialog = Menus.dialogOver(stage);
            var dialogRoot = endpointsDialog.getScene().getRoot();
            robot.interact(() -> {
                ((javafx.scene.control.TabPane) dialogRoot.lookup(".tab-pane")).getSelectionModel().select(1);
                ((javafx.scene.control.TextField) dialogRoot.lookup("#group-name")).setText("Two regions");
                var names = dialogRoot.lookupAll(".target-name").stream().map(javafx.scene.control.TextField.class::cast).toList();
                names.get(0).setText("east");
                names.get(1).setText("west");
                var groups = dialogRoot.lookupAll(".target-group").stream().map(javafx.scene.control.TextField.class::cast).toList();
                groups.get(1).setText("backup");
                dialogRoot.lookupAll(".target-weight").stream().map(javafx.scene.control.TextField.class::cast)
                        .findFirst().orElseThrow().setText("2");
                ((javafx.scene.control.Button) dialogRoot.lookup("#group-add")).fire();
            });
            Thread.sleep(300);
            save(endpointsDialog.getScene(), "routing-groups" + look.suffix());
            robot.interact(endpointsDialog::hide);
            shootDialog(robot, stage, () -> Menus.item(stage, "Export…").fire(), "export" + look.suffix());
            shootDialog(robot, stage, () -> Menus.item(stage, "Keyboard Shortcuts").fire(), "shortcuts" + look.suffix());

            robot.interact(() -> {
                window.experiments.usePlaygroundProfile();
                window.experiments.draft.model.set("sim-fast");
                window.experiments.addVariant();
                window.experiments.draft.name.set("fast, 64 tokens");
                window.experiments.draft.model.set("sim-fast");
                window.experiments.draft.maxTokens.set("64");
                window.experiments.addVariant();
                window.experiments.repetitions.set(30);
                window.experiments.level.set("6");
                window.experiments.sloTtftP95Ms.set("200");
                window.experiments.sloErrorPercent.set("5");
            });
            robot.interact(() -> robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class)
                    .getSelectionModel().select(1));
            robot.interact(window.experiments::run);
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !window.experiments.runningProperty().get()
                    && !window.experiments.resultRows.isEmpty());
            Thread.sleep(500);
            save(stage.getScene(), "experiments" + look.suffix());
            // The set-up scrolled to its end: the run settings with the SLO.
            robot.interact(() -> scrollToEnd(robot.lookup("#slo-ttft").query()));
            Thread.sleep(300);
            save(stage.getScene(), "experiments-settings" + look.suffix());
            shootStoredRun(robot, window, stage, CONVERSATION_RUN, "Growth of",
                    "experiments-conversation" + look.suffix());
            shootStoredRun(robot, window, stage, USERS_RUN, "Users of", "experiments-users" + look.suffix());
            window.close();
            FxToolkit.cleanupStages();
        }
    }
}
