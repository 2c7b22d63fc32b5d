package dev.llmdyno.ui;

import dev.llmdyno.sim.ModelSpec;
import dev.llmdyno.ui.playground.Destination;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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

/**
 * Routing groups in the real window: made in the Endpoints dialog (a wrong weight named by its path), picked in the
 * endpoint bar, and each run's target shown in the metrics and the history.
 */
@Tag("ui")
@EnabledIfEnvironmentVariable(named = "DISPLAY", matches = ".+")
@ExtendWith(ApplicationExtension.class)
class RoutingWindowTest {

    private TestWindow window;

    @Start
    void start(Stage stage) throws Exception {
        var fast = new ModelSpec("sim-fast", 30.0, 1.0, 0.1, 5.0, 0.0, 0.0, 1.0, 1, 8, 0.0, 10, 10, 0);
        window = new TestWindow(stage, false, List.of(fast));
        window.playground.form.model.set("sim-fast");
    }

    @AfterEach
    void stop() {
        window.close();
    }

    @Test
    void aRoutingGroupMadeInTheEndpointsDialogSpreadsThePlaygroundsRuns(FxRobot robot) throws Exception {
        var stage = window.window.stage();
        robot.interact(() -> Menus.item(stage, "Manage endpoints…").fire());
        WaitForAsyncUtils.waitForFxEvents();
        var dialog = Menus.dialogOver(stage).getScene().getRoot();
        robot.interact(() -> ((TabPane) dialog.lookup(".tab-pane")).getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        var weights = dialog.lookupAll(".target-weight").stream().map(TextField.class::cast).toList();
        var names = dialog.lookupAll(".target-name").stream().map(TextField.class::cast).toList();
        assertThat(weights).hasSize(2);
        robot.interact(() -> {
            ((TextField) dialog.lookup("#group-name")).setText("pair");
            names.get(0).setText("east");
            names.get(1).setText("west");
            weights.get(1).setText("0");
            ((Button) dialog.lookup("#group-add")).fire();
        });
        var problem = (Label) dialog.lookup("#group-problem");
        assertThat(problem.getText()).contains("routing.targets[1].weight: 0.0 must be more than 0");
        robot.interact(() -> {
            weights.get(1).setText("");
            ((Button) dialog.lookup("#group-add")).fire();
        });
        assertThat(problem.getText()).isEmpty();
        @SuppressWarnings("unchecked")
        var groups = (ListView<Object>) dialog.lookup("#routing-group-list");
        assertThat(groups.getItems()).hasSize(1);
        robot.interact(() -> Menus.dialogOver(stage).hide());

        @SuppressWarnings("unchecked")
        var picker = (ComboBox<Destination>) robot.lookup("#endpoint").queryAs(ComboBox.class);
        var group = picker.getItems().stream().filter(d -> d instanceof Destination.Group).findFirst().orElseThrow();
        assertThat(group.displayName()).isEqualTo("⇄ pair (round-robin, 2 targets)");
        robot.interact(() -> picker.setValue(group));
        assertThat(window.playground.form.profile().routing().targets()).hasSize(2);

        var targets = new java.util.ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            int runs = i + 1;
            robot.interact(() -> window.playground.run());
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> window.playground.runs.history().size() == runs
                    && !window.playground.runs.runningProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            targets.add(robot.lookup("#metric-target").queryAs(Label.class).getText());
        }
        assertThat(targets).containsExactly("east", "west");
        TableView<?> history = robot.lookup("#history").queryAs(TableView.class);
        javafx.scene.control.TableColumn<?, ?> column = history.getColumns().stream()
                .filter(c -> c.getText().equals("Target")).findFirst().orElseThrow();
        assertThat(List.of(column.getCellData(0), column.getCellData(1))).containsExactlyInAnyOrder("east", "west");
        // and the group is remembered with the settings
        assertThat(window.window.currentSettings().routingGroups()).extracting(g -> g.name()).containsExactly("pair");
    }

}
