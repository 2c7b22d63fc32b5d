package dev.llmdyno.ui;

import dev.llmdyno.experiment.Arrival;
import dev.llmdyno.sim.ModelSpec;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
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
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The Experiments tab in the real window: a variant from changed values, a run, verdicts, promoting the winner. */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
@ExtendWith(ApplicationExtension.class)
class ExperimentsWindowTest {

    private TestWindow window;

    @Start
    void start(Stage stage) throws Exception {
        var fast = new ModelSpec("sim-fast", 5.0, 1.0, 0.1, 0.5, 0.1, 0.0, 1.0, 2, 64, 0.0, 8, 8, 0);
        var slow = new ModelSpec("sim-balanced", 40.0, 1.0, 0.1, 0.5, 0.1, 0.0, 1.0, 2, 64, 0.0, 8, 8, 0);
        window = new TestWindow(stage, false, List.of(fast, slow));
        window.playground.form.model.set("sim-balanced");
    }

    @AfterEach
    void stop() {
        window.close();
    }

    @Test
    void aVariantFromChangedValuesRunsAndItsWinnerBecomesThePlaygroundProfile(FxRobot robot) {
        robot.clickOn("Experiments");
        robot.interact(() -> window.experiments.usePlaygroundProfile());
        robot.interact(() -> window.experiments.draft.model.set("sim-fast"));
        assertThat(robot.lookup("#draft-changes").queryAs(Label.class).getText()).isEqualTo("Changes: model: sim-fast");
        robot.clickOn("#add-variant");
        assertThat(robot.lookup("#variants").queryAs(ListView.class).getItems()).hasSize(2);
        robot.interact(() -> {
            window.experiments.repetitions.set(40);
            window.experiments.mode.set(Arrival.Mode.CONCURRENCY);
        });
        robot.clickOn("#run-experiment");
        waitUntil(() -> !window.experiments.runningProperty().get()
                && !robot.lookup("#experiment-results").queryAs(TableView.class).getItems().isEmpty());
        WaitForAsyncUtils.waitForFxEvents(); // the results arrive in one FX task; let it finish before reading
        assertThat(robot.lookup("#experiment-status").queryAs(Label.class).getText()).startsWith("Stopped early");
        assertThat(robot.lookup("#verdicts").queryAs(ListView.class).getItems())
                .anySatisfy(v -> assertThat((String) v).startsWith("variant A's median TTFT is").contains("lower"));
        assertThat(robot.lookup("#promote-winner").queryAs(Button.class).isDisabled()).isFalse();
        var asked = new java.util.ArrayList<String>();
        window.window.setDialogs(new dev.llmdyno.ui.shell.FileDialogs() {
            @Override
            public java.util.Optional<java.nio.file.Path> chooseProfileToOpen() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<java.nio.file.Path> chooseProfileToSave(String suggestedName) {
                return java.util.Optional.empty();
            }

            @Override
            public void showError(String title, String message) {
                asked.add(title);
            }

            @Override
            public UnsavedChoice askAboutUnsaved(String name, String action, boolean canSave) {
                asked.add(action);
                return UnsavedChoice.DISCARD;
            }
        });
        robot.interact(() -> window.playground.form.system.set("Edits in the playground, not saved."));
        robot.clickOn("#promote-winner");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(asked).as("the playground's own edits are asked about first").containsExactly("taking the winning variant");
        assertThat(window.playground.form.model.get()).isEqualTo("sim-fast");
        assertThat(window.playground.form.modifiedProperty().get()).as("the winner is in no file yet").isTrue();
        waitUntil(() -> !window.experiments.saved.isEmpty());
        assertThat(window.experiments.saved.getFirst().status().id()).isEqualTo("stopped-early");
    }

    @Test
    void aRoutedProfilesResultsAreBrokenDownPerTargetAndOnlyThen(FxRobot robot) {
        robot.clickOn("Experiments");
        assertThat(robot.lookup("#experiment-targets").query().isVisible()).isFalse();
        var simulator = dev.llmdyno.profile.Endpoint.LOCAL_SIMULATOR;
        robot.interact(() -> {
            window.playground.form.routing.set(new dev.llmdyno.profile.Routing(null, List.of(
                    new dev.llmdyno.profile.Routing.Target("east", simulator, null, null, null),
                    new dev.llmdyno.profile.Routing.Target("west", simulator, null, null, null)), null));
            window.experiments.usePlaygroundProfile();
            window.experiments.repetitions.set(10);
        });
        robot.interact(window.experiments::run);
        waitUntil(() -> !window.experiments.runningProperty().get() && !window.experiments.targetRows.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#experiment-targets").query().isVisible()).isTrue();
        assertThat(window.experiments.targetRows).extracting(dev.llmdyno.experiment.Results.TargetRow::target)
                .containsExactly("east", "west");
        // Round robin, with the warm-up calls taking their turns too: both get some of the ten measured calls.
        assertThat(window.experiments.targetRows).allSatisfy(row -> assertThat(row.requests()).isPositive());
        assertThat(window.experiments.targetRows.stream().mapToInt(dev.llmdyno.experiment.Results.TargetRow::requests).sum())
                .isEqualTo(10);
    }

    @Test
    void aVariantThatMissesTheSloIsSaidToAndMarkedInTheTable(FxRobot robot) {
        robot.clickOn("Experiments");
        robot.interact(() -> {
            window.experiments.usePlaygroundProfile();
            window.experiments.repetitions.set(40);
            window.experiments.sloTtftP95Ms.set("1");
            window.experiments.sloErrorPercent.set("10");
        });
        robot.interact(window.experiments::run);
        waitUntil(() -> !window.experiments.runningProperty().get() && !window.experiments.resultRows.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#verdicts").queryAs(ListView.class).getItems())
                .anySatisfy(v -> assertThat((String) v).isEqualTo("SLO: p95 TTFT ≤ 1.0 ms, error rate ≤ 10%."))
                .anySatisfy(v -> assertThat((String) v).contains("misses the SLO: p95 TTFT").contains("is over 1.0 ms"));
        // A miss by far is known early: the run did not send all 40.
        assertThat(robot.lookup("#experiment-status").queryAs(Label.class).getText()).startsWith("Stopped early");
        var cell = robot.lookup("#experiment-results .table-cell").queryAll().stream()
                .map(node -> (javafx.scene.control.TableCell<?, ?>) node)
                .filter(c -> c.getText() != null && c.getText().equals("missed")).findFirst();
        assertThat(cell).isPresent();
        assertThat(cell.get().getStyle()).contains("-color-danger-fg");
    }

    @Test
    void badSettingsAreNamedAndCtrlEnterRunsNothing(FxRobot robot) {
        robot.clickOn("Experiments");
        robot.interact(() -> window.experiments.mode.set(Arrival.Mode.SWEEP));
        robot.interact(() -> window.experiments.sweepLevels.set("1, two"));
        robot.interact(() -> window.experiments.sloErrorPercent.set("five"));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.problemsProperty().get()).contains("sweep levels: '1, two' is not a list of numbers")
                .contains("SLO errors %: 'five' is not a number");
        assertThat(window.experiments.runningProperty().get()).isFalse();
        assertThat(window.playground.runs.runningProperty().get()).as("Ctrl+Enter ran the tab's experiment").isFalse();
    }

    /** The server-metrics field reaches the plan: a wrong address is named, one nobody serves is a warning line. */
    @Test
    void theServerMetricsFieldIsReadBesideTheRun(FxRobot robot) throws Exception {
        robot.clickOn("Experiments");
        robot.interact(() -> {
            window.experiments.usePlaygroundProfile();
            window.experiments.repetitions.set(3);
            window.experiments.serverMetricsUrl.set("ftp://127.0.0.1/metrics");
        });
        robot.interact(window.experiments::run);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.problemsProperty().get()).startsWith("serverMetrics.url: ");
        assertThat(window.experiments.runningProperty().get()).isFalse();

        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var url = "http://127.0.0.1:" + closedPort + "/metrics";
        robot.interact(() -> window.experiments.serverMetricsUrl.set(url));
        robot.interact(window.experiments::run);
        waitUntil(() -> !window.experiments.runningProperty().get() && !window.experiments.resultRows.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.problemsProperty().get()).isEmpty();
        assertThat(window.experiments.verdicts).anyMatch(line -> line.startsWith("Server " + url + " (")
                && line.contains("failed"));
        assertThat(window.experiments.resultRows).allSatisfy(row -> assertThat(row.succeeded()).isEqualTo(3));
    }

    @Test
    void anOpenLoopRunTakesItsCapFromTheField(FxRobot robot) {
        robot.clickOn("Experiments");
        var cap = robot.lookup("#max-in-flight").queryAs(javafx.scene.control.TextField.class);
        assertThat(cap.isDisabled()).as("no cap for a fixed concurrency").isTrue();
        robot.interact(() -> {
            window.experiments.usePlaygroundProfile();
            window.experiments.mode.set(Arrival.Mode.CONSTANT);
            window.experiments.level.set("50");
            window.experiments.maxInFlight.set("0");
            window.experiments.repetitions.set(6);
        });
        assertThat(cap.isDisabled()).isFalse();
        robot.interact(window.experiments::run);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.problemsProperty().get())
                .contains("at most in flight: '0' is not a whole number of requests, 1 or more");
        robot.interact(() -> window.experiments.maxInFlight.set("1"));
        robot.interact(window.experiments::run);
        waitUntil(() -> !window.experiments.runningProperty().get() && !window.experiments.resultRows.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.experiments.resultRows.getFirst().pace()).isEqualTo("50 req/s, at most 1 in flight");
    }

    /** Runs {@code plan} into the history as the command line records it, then opens it in the tab. */
    private void recordAndOpen(FxRobot robot, dev.llmdyno.experiment.ExperimentPlan plan) throws Exception {
        var catalog = dev.llmdyno.catalog.Catalog.builtIn();
        var experiment = new dev.llmdyno.experiment.Plans(catalog).resolve(plan, null, "plan");
        dev.llmdyno.store.RecordedRun.start(window.history, window.engine, catalog, experiment, sample -> { }, null)
                .execute();
        robot.clickOn("Experiments");
        robot.interact(window.experiments::refreshSaved);
        waitUntil(() -> !window.experiments.saved.isEmpty());
        robot.interact(() -> window.experiments.open(window.experiments.saved.getFirst()));
        waitUntil(() -> !window.experiments.verdicts.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A conversation run from the command line, opened from the history: the sessions and their growth are said. */
    @Test
    void aStoredConversationRunShowsItsSessionsAndTheirGrowth(FxRobot robot) throws Exception {
        var plan = dev.llmdyno.profile.Mappers.yaml().readValue("""
                name: Chats
                base: {model: sim-fast, params: {maxTokens: 8}, prompt: {system: "Be brief."}}
                variants: [{name: all}, {name: window 1, overrides: {levers: {context: {strategy: window, keepTurns: 1}}}}]
                conversations: {sessions: [{turns: [one, two, three]}]}
                repetitions: 2
                warmup: 0
                """, dev.llmdyno.experiment.ExperimentPlan.class);
        recordAndOpen(robot, plan);
        assertThat(window.experiments.verdicts).anyMatch(line -> line.startsWith("Conversations of all (sequential): "
                + "2 sessions, 2 answered every turn")).anyMatch(line -> line.startsWith("Growth of window 1 "
                + "(sequential): per turn, input"));
    }

    /** A users run recorded with the server's own series beside it, as the command line records it, then opened. */
    @Test
    void aStoredUsersRunShowsEachClassAndTheServersOwnFigures(FxRobot robot) throws Exception {
        try (var sim = dev.llmdyno.sim.Simulator.startLocal(dev.llmdyno.sim.SimConfig.defaults())) {
            var plan = dev.llmdyno.profile.Mappers.yaml().readValue("""
                    name: Classes
                    base:
                      endpoint: {name: sim, kind: simulator, baseUrl: "%1$s/v1"}
                      model: sim-fast
                      params: {maxTokens: 8}
                      prompt: {messages: [{role: user, content: "Hello"}]}
                    variants: [{name: open}]
                    users:
                      - {name: live, count: 2, requests: 2}
                      - {name: bulk, count: 1, requests: 3, priority: 5}
                    warmup: 0
                    serverMetrics: {url: "%1$s/metrics", intervalMs: 100}
                    """.formatted(sim.baseUrl()), dev.llmdyno.experiment.ExperimentPlan.class);
            recordAndOpen(robot, plan);
        }
        assertThat(window.experiments.verdicts)
                .anyMatch(line -> line.startsWith("Users of open, live: 2 users, 4 requests, 0 failed"))
                .anyMatch(line -> line.startsWith("Users of open, bulk: 1 users, 3 requests, 0 failed"))
                .anyMatch(line -> line.matches("Server http://127\\.0\\.0\\.1:\\d+/metrics \\(\\d+ scrapes over .*\\): "
                        + "sim-fast: requests 7, TTFT mean \\d+ ms, .*"));
        assertThat(window.experiments.resultRows).extracting(r -> r.pace()).containsExactly("3 users");
    }

    @Test
    void aSweepDrawsP95LatencyAgainstThroughput(FxRobot robot) {
        robot.clickOn("Experiments");
        robot.interact(() -> {
            window.experiments.usePlaygroundProfile();
            window.experiments.mode.set(Arrival.Mode.SWEEP);
            window.experiments.sweepLevels.set("1, 2, 6");
            window.experiments.repetitions.set(12);
        });
        assertThat(robot.lookup("#sweep-chart").query().isVisible()).isFalse();
        robot.interact(window.experiments::run);
        waitUntil(() -> !window.experiments.runningProperty().get() && window.experiments.sweep.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#sweep-chart").query().isVisible()).isTrue();
        var results = window.experiments.sweep.get();
        assertThat(dev.llmdyno.experiment.Sweeps.rowsOf(results, "baseline")).extracting(r -> r.level())
                .containsExactly(1.0, 2.0, 6.0);
    }

    private static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out", e);
        }
    }
}
