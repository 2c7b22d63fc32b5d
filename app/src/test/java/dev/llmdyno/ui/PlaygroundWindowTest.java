package dev.llmdyno.ui;

import dev.llmdyno.sim.ModelSpec;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window under a (virtual) display: typing, running, validation, cancel, the machine panel. */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
@ExtendWith(ApplicationExtension.class)
class PlaygroundWindowTest {

    private TestWindow window;

    @Start
    void start(Stage stage) throws Exception {
        var fast = new ModelSpec("sim-fast", 50.0, 1.0, 0.1, 15.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 40, 40, 0);
        var slow = new ModelSpec("sim-quality", 100.0, 1.0, 0.1, 200.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 200, 200, 0);
        window = new TestWindow(stage, false, List.of(fast, slow));
        window.playground.form.model.set("sim-fast");
    }

    @AfterEach
    void stop() {
        window.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void typingAPromptChangesTheTokenCount(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        var before = text(robot, "#token-count");
        robot.clickOn(".message-content").push(KeyCode.END)
                .write(" Then compare prefill with decode, and say which one dominates for long prompts.");
        waitUntil(() -> !text(robot, "#token-count").equals(before));
        assertThat(text(robot, "#token-count")).endsWith("tokens · o200k_base");
    }

    @Test
    void runningStreamsTheAnswerShowsTtftAndAddsAHistoryRow(FxRobot robot) {
        robot.clickOn("#run");
        waitUntil(() -> !robot.lookup("#history").queryAs(TableView.class).getItems().isEmpty());
        assertThat(robot.lookup("#answer").queryAs(TextArea.class).getText()).isNotBlank();
        assertThat(text(robot, "#metric-ttftMs")).matches("\\d+ ms");
        assertThat(text(robot, "#metric-outputTokens")).startsWith("40");
    }

    @Test
    void aRunCutAtMaxTokensShowsAdviceToRaiseItAndAWholeAnswerShowsNone(FxRobot robot) {
        robot.clickOn("#run");
        waitUntil(() -> robot.lookup("#history").queryAs(TableView.class).getItems().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#advice").query().isVisible()).isFalse();
        robot.interact(() -> window.playground.form.maxTokens.set("4"));
        robot.clickOn("#run");
        waitUntil(() -> robot.lookup("#history").queryAs(TableView.class).getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#advice").query().isVisible()).isTrue();
        assertThat(text(robot, "#advice")).isEqualTo("Advice: The answer stopped at max_tokens (4): raise "
                + "params.maxTokens if the answers are needed whole");
    }

    @Test
    void ctrlEnterRuns(FxRobot robot) {
        robot.clickOn("#system-prompt").press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitUntil(() -> !robot.lookup("#history").queryAs(TableView.class).getItems().isEmpty());
    }

    @Test
    void anInvalidTemperatureMarksTheFieldAndDisablesRun(FxRobot robot) {
        robot.clickOn("#params-temperature").write("3.5");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#params-temperature-error").queryAs(Label.class).getText()).isEqualTo("3.5 is outside [0, 2]");
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isTrue();
        var field = robot.lookup("#params-temperature").queryAs(TextField.class);
        robot.clickOn(field).eraseText(3).write("0.5");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void cancelStopsARun(FxRobot robot) {
        robot.interact(() -> robot.lookup("#model").queryComboBox().setValue("sim-quality"));
        robot.clickOn("#run");
        waitUntil(() -> !robot.lookup("#cancel").queryAs(Button.class).isDisabled());
        robot.clickOn("#cancel");
        waitUntil(() -> !robot.lookup("#history").queryAs(TableView.class).getItems().isEmpty());
        assertThat(text(robot, "#run-status")).contains("cancelled");
    }

    @Test
    void theMachinePanelShowsCpuAndMemory(FxRobot robot) {
        waitUntil(() -> robot.lookup(".machine-panel .label").queryAll().stream()
                .map(node -> ((Label) node).getText()).anyMatch(t -> t.startsWith("CPU ") && t.contains("%")));
        var texts = robot.lookup(".machine-panel .label").queryAll().stream().map(node -> ((Label) node).getText()).toList();
        assertThat(texts).anyMatch(t -> t.matches("Memory [0-9.]+ / [0-9.]+ GiB"));
        assertThat(texts).anyMatch(t -> t.startsWith("App ") && t.endsWith("MiB"));
    }

    @Test
    void fileExportShowsAPreviewForTheChosenTarget(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#export-preview").tryQuery().isPresent());
        assertThat(robot.lookup("#export-preview").queryAs(TextArea.class).getText()).contains("model_list:", "model: openai/sim-fast");
        // The last target is the profile itself.
        robot.interact(() -> {
            var targets = robot.lookup("#export-target").queryComboBox();
            targets.getSelectionModel().select(targets.getItems().size() - 1);
        });
        assertThat(robot.lookup("#export-preview").queryAs(TextArea.class).getText()).contains("schemaVersion: 1");
        robot.interact(() -> robot.lookup("#export-preview").queryAs(TextArea.class).getScene().getWindow().hide());
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the window did not get there in 15 s", e);
        }
    }
}
