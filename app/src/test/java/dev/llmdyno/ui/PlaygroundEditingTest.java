package dev.llmdyno.ui;

import dev.llmdyno.catalog.Tier;
import dev.llmdyno.profile.Endpoint;
import dev.llmdyno.profile.Profile;
import dev.llmdyno.profile.ProfileIO;
import dev.llmdyno.profile.ProviderKind;
import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.ui.shell.FileDialogs;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
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

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Editing in the real window: undoing a removal, unsaved edits, the model list, live figures, opened endpoints. */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
@ExtendWith(ApplicationExtension.class)
class PlaygroundEditingTest {

    private TestWindow window;
    private final AnsweringDialogs dialogs = new AnsweringDialogs();

    /** File dialogs that answer from a queue and record what they were asked. */
    private static final class AnsweringDialogs implements FileDialogs {
        final ArrayDeque<UnsavedChoice> answers = new ArrayDeque<>();
        final List<String> asked = new ArrayList<>();
        Path saveTo;

        @Override
        public Optional<Path> chooseProfileToOpen() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseProfileToSave(String suggestedName) {
            return Optional.ofNullable(saveTo);
        }

        @Override
        public void showError(String title, String message) {
            asked.add("error: " + title + ": " + message);
        }

        @Override
        public UnsavedChoice askAboutUnsaved(String name, String action, boolean canSave) {
            asked.add(name + " before " + action);
            return answers.removeFirst();
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        var fast = new ModelSpec("sim-fast", 50.0, 1.0, 0.1, 15.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 40, 40, 0);
        var slow = new ModelSpec("sim-quality", 150.0, 1.0, 0.1, 40.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 60, 60, 0);
        window = new TestWindow(stage, false, List.of(fast, slow));
        window.window.setDialogs(dialogs);
        window.playground.form.model.set("sim-fast");
    }

    @AfterEach
    void stop() {
        window.close();
    }

    @Test
    void aRemovedMessageComesBackWithUndoAndRunSaysWhyItCannotRunMeanwhile(FxRobot robot) {
        var form = window.playground.form;
        var before = form.messages.getFirst().contentProperty().get();
        var remove = robot.lookup("#message-remove").queryAs(Button.class);
        assertThat(remove.getText()).isEqualTo("Remove");
        assertThat(remove.getWidth()).as("the button is laid out wide enough to read").isGreaterThan(40);
        robot.clickOn(remove);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(form.messages).isEmpty();
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(label(robot, "#run-blocked")).startsWith("Cannot run: prompt.messages");
        assertThat(label(robot, "#prompt-messages-error")).contains("prompt.messages");
        assertThat(label(robot, "#removed-message")).startsWith("Removed user message 1");
        robot.clickOn("#undo-remove");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(form.messages).hasSize(1);
        assertThat(form.messages.getFirst().contentProperty().get()).isEqualTo(before);
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#run-blocked").queryAs(Label.class).isVisible()).isFalse();
        // Ctrl+Z outside a text does the same.
        robot.clickOn("#message-remove");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(form.messages).hasSize(1);
    }

    @Test
    void newAsksAboutUnsavedEditsAndCancelKeepsThem(FxRobot robot) {
        var form = window.playground.form;
        robot.interact(() -> form.system.set("A long and precious system prompt."));
        assertThat(form.modifiedProperty().get()).isTrue();
        dialogs.answers.add(FileDialogs.UnsavedChoice.CANCEL);
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.asked).containsExactly("\"Starter\" before starting a new profile");
        assertThat(form.system.get()).isEqualTo("A long and precious system prompt.");

        dialogs.answers.add(FileDialogs.UnsavedChoice.DISCARD);
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(form.system.get()).isEqualTo(Profile.starter().prompt().system());
        assertThat(form.modifiedProperty().get()).isFalse();
        // Nothing edited: New asks nothing.
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialogs.asked).hasSize(2);
    }

    @Test
    void saveFromTheUnsavedQuestionWritesTheFileAndGoesOn(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        var form = window.playground.form;
        robot.interact(() -> form.system.set("Keep me."));
        dialogs.saveTo = dir.resolve("kept.yaml");
        dialogs.answers.add(FileDialogs.UnsavedChoice.SAVE);
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(new ProfileIO().read(dialogs.saveTo).prompt().system()).isEqualTo("Keep me.");
        assertThat(form.system.get()).isEqualTo(Profile.starter().prompt().system());
    }

    @Test
    void theExperimentsTabStartsFromWhatThePlaygroundShowsNow(FxRobot robot) {
        var opened = Profile.starter().withName("Quickstart").withModel("sim-quality");
        robot.interact(() -> window.playground.load(opened));
        robot.clickOn("Experiments");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.baseProperty().get().name()).isEqualTo("Quickstart");
        assertThat(window.experiments.baseProperty().get().model()).isEqualTo("sim-quality");
        // A base chosen otherwise (a stored experiment's) stays when the tab is shown again.
        var chosen = Profile.starter().withName("Chosen").withModel("sim-fast");
        robot.interact(() -> {
            window.experiments.useProfile(chosen);
            robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(0);
            window.playground.form.maxTokens.set("77");
            robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(1);
        });
        assertThat(window.experiments.baseProperty().get()).isEqualTo(chosen);
        robot.interact(window.experiments::usePlaygroundProfile);
        assertThat(window.experiments.baseProperty().get().params().maxTokens()).isEqualTo(77);
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(0));
    }

    @Test
    void theModelListFollowsTheEndpointAndTheTier(FxRobot robot) {
        var playground = window.playground;
        assertThat(playground.models()).extracting(m -> m.provider()).containsOnly("simulator");
        robot.interact(() -> playground.tierFilter.set(Tier.QUALITY));
        assertThat(playground.form.model.get()).isEqualTo("sim-quality");
        var openAi = new Endpoint("OpenAI", ProviderKind.OPENAI, null, "env:OPENAI_API_KEY", null, null);
        robot.interact(() -> {
            playground.endpoints.add(openAi);
            playground.form.endpoint.set(openAi);
        });
        assertThat(playground.models()).isNotEmpty().allMatch(m -> m.provider().equals("openai") && m.tier() == Tier.QUALITY);
        assertThat(playground.form.model.get()).isEqualTo(playground.models().getFirst().id());
        // A model id typed by hand stays when the tier changes.
        robot.interact(() -> {
            playground.form.model.set("my-fine-tune");
            playground.tierFilter.set(Tier.FAST);
        });
        assertThat(playground.form.model.get()).isEqualTo("my-fine-tune");
    }

    @Test
    void anOpenedProfilesEndpointIsMatchedNamedAndNotRemembered(FxRobot robot) throws Exception {
        var file = dev.llmdyno.TestPaths.profiles().resolve("openai-gpt-4o-mini.yaml");
        var profile = new ProfileIO().read(file);
        robot.interact(() -> {
            window.playground.load(profile);
            window.playground.load(profile);
        });
        assertThat(window.playground.endpoints).hasSize(2);
        var skin = (javafx.scene.control.skin.ComboBoxListViewSkin<?>) robot.lookup("#endpoint").queryComboBox().getSkin();
        assertThat(((javafx.scene.control.ListCell<?>) skin.getDisplayNode()).getText()).isEqualTo("openai");
        assertThat(window.window.currentSettings().endpoints()).isEmpty();
        assertThat(window.playground.form.model.get()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void aStreamingRunShowsItsFiguresLive(FxRobot robot) {
        robot.interact(() -> window.playground.form.model.set("sim-quality"));
        robot.clickOn("#run");
        var seen = new ArrayList<String>();
        waitUntil(() -> {
            var text = label(robot, "#live-figures");
            if (!text.isEmpty()) {
                seen.add(text);
            }
            return text.matches("[0-9.]+ s · [0-9,]+ tokens · \\d+ tok/s · TTFT \\d+ ms");
        });
        waitUntil(() -> !window.playground.runs.runningProperty().get());
        assertThat(seen.getFirst()).matches("[0-9.]+ s · waiting for the first token|[0-9.]+ s · .*TTFT \\d+ ms");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#live-figures").queryAs(Label.class).isVisible()).isFalse();
        assertThat(label(robot, "#metric-finishReason")).isNotEqualTo("-");
    }

    @Test
    void runsSurviveARestartWithTheirAnswersAndTheSearchBoxFindsThem(FxRobot robot) throws Exception {
        robot.clickOn("#run");
        waitUntil(() -> !window.history.runs(1).isEmpty());
        var answer = window.playground.runs.history().getFirst().result().text();
        var file = window.history.file();
        window.close();
        var again = new TestWindow[1];
        robot.interact(() -> {
            try {
                again[0] = new TestWindow(new Stage(), false, List.of(), file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        window = again[0];
        waitUntil(() -> !window.playground.runs.history().isEmpty());
        var kept = window.playground.runs.history().getFirst();
        assertThat(kept.result().text()).isEqualTo(answer);
        assertThat(kept.profile().model()).isEqualTo("sim-fast");
        var table = robot.lookup("#history").queryAllAs(javafx.scene.control.TableView.class).stream()
                .filter(t -> t.getScene().getWindow() == window.window.stage()).findFirst().orElseThrow();
        var search = robot.lookup("#history-search").queryAllAs(javafx.scene.control.TextField.class).stream()
                .filter(t -> t.getScene().getWindow() == window.window.stage()).findFirst().orElseThrow();
        robot.interact(() -> search.setText("no such words anywhere"));
        assertThat(table.getItems()).isEmpty();
        var word = answer.strip().split("\\s+")[1];
        robot.interact(() -> search.setText("SIM-FAST " + word.toUpperCase()));
        assertThat(table.getItems()).hasSize(1);
        robot.interact(() -> window.window.stage().close());
    }

    @Test
    void comparingTwoRunsShowsBothAnswersWithTheirDifferencesMarked(FxRobot robot) {
        for (var model : List.of("sim-fast", "sim-quality")) {
            int before = window.playground.runs.history().size();
            robot.interact(() -> {
                window.playground.form.model.set(model);
                window.playground.run();
            });
            waitUntil(() -> window.playground.runs.history().size() > before && !window.playground.runs.runningProperty().get());
        }
        var table = robot.lookup("#history").queryAs(javafx.scene.control.TableView.class);
        robot.interact(() -> table.getSelectionModel().selectIndices(0, 1));
        robot.clickOn("#compare");
        WaitForAsyncUtils.waitForFxEvents();
        var left = robot.lookup("#compare-left").queryAs(javafx.scene.text.TextFlow.class);
        var right = robot.lookup("#compare-right").queryAs(javafx.scene.text.TextFlow.class);
        var history = window.playground.runs.history();
        assertThat(text(left)).isEqualTo(history.get(0).result().text());
        assertThat(text(right)).isEqualTo(history.get(1).result().text());
        assertThat(left.getChildren()).anyMatch(node -> node.getStyleClass().contains("diff-only-here"));
        robot.interact(() -> left.getScene().getWindow().hide());
    }

    private static String text(javafx.scene.text.TextFlow flow) {
        return flow.getChildren().stream().map(node -> ((javafx.scene.text.Text) node).getText())
                .reduce("", String::concat);
    }

    @Test
    void zoomChangesTheFontSizeAndIsRemembered(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.window.currentSettings().fontSize()).isEqualTo(16.0);
        assertThat(robot.lookup(".tab-pane").query().getScene().getRoot().getStyle()).contains("-fx-font-size: 16px");
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.window.currentSettings().fontSize()).isEqualTo(14.0);
    }

    private static String label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the window did not get there in 15 s", e);
        }
    }
}
