package dev.llmdyno.ui;

import dev.llmdyno.TestPaths;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.sim.ModelSpec;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** At 1280×800, the smallest size the docs show, no label, button or header in any screen is cut off. */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
class NothingCutOffTest {

    private TestWindow window;

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            window.close();
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void everyScreenAt1280x800WithAProfileOpenedFromAFile() throws Exception {
        FxToolkit.registerPrimaryStage();
        var stage = FxToolkit.registerStage(Stage::new);
        window = TestWindow.open(stage, 1280, 800, false, List.of(
                new ModelSpec("sim-fast", 20.0, 1.0, 0.1, 1.0, 0.0, 0.0, 1.0, 2, 16, 0.0, 20, 20, 0)));
        var robot = new FxRobot();
        var opened = new ProfileIO().read(TestPaths.profiles().resolve("openai-gpt-4o-mini.yaml"));
        robot.interact(() -> window.playground.load(opened));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(CutOff.in(stage.getScene().getRoot())).as("playground with an OpenAI profile").isEmpty();

        var simulator = opened.withEndpoint(dev.llmdyno.profile.Endpoint.LOCAL_SIMULATOR).withModel("sim-fast");
        robot.interact(() -> {
            window.playground.load(simulator);
            window.playground.run();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !window.playground.runs.history().isEmpty()
                && !window.playground.runs.runningProperty().get());
        robot.interact(() -> robot.lookup("#advanced").queryAs(TitledPane.class).setExpanded(true));
        Thread.sleep(400);
        assertThat(CutOff.in(stage.getScene().getRoot())).as("playground after a run, levers open").isEmpty();
        for (var item : List.of("Manage endpoints…", "Export…", "Keyboard Shortcuts", "Documentation")) {
            robot.interact(() -> Menus.item(stage, item).fire());
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(200);
            var dialog = Menus.dialogOver(stage);
            assertThat(CutOff.in(dialog.getScene().getRoot())).as(item).isEmpty();
            if (item.equals("Manage endpoints…")) {
                var tabs = (TabPane) dialog.getScene().getRoot().lookup(".tab-pane");
                robot.interact(() -> tabs.getSelectionModel().select(1));
                Thread.sleep(200);
                assertThat(CutOff.in(dialog.getScene().getRoot())).as("routing groups").isEmpty();
            }
            if (item.equals("Export…")) {
                assertThat(dialog.getWidth()).as("as wide as its 760 px preview, past the theme's 600 px cap").isGreaterThan(760);
            }
            robot.interact(dialog::hide);
        }

        robot.interact(() -> {
            robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(1);
            window.experiments.draft.model.set("sim-fast");
            window.experiments.draft.maxTokens.set("8");
            window.experiments.addVariant();
            window.experiments.repetitions.set(10);
            window.experiments.run();
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !window.experiments.runningProperty().get()
                && !window.experiments.resultRows.isEmpty());
        Thread.sleep(300);
        assertThat(CutOff.in(stage.getScene().getRoot())).as("experiments after a run").isEmpty();
    }
}
