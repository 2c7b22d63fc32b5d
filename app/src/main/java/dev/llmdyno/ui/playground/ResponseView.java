package dev.llmdyno.ui.playground;

import atlantafx.base.theme.Styles;
import dev.llmdyno.call.CallResult;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The answer as it streams (reasoning apart), the run's numbers, and the waterfall of its time. */
final class ResponseView extends VBox {

    private final GridPane metrics = new GridPane();
    private final Waterfall waterfall = new Waterfall();
    private final TextArea answer = new TextArea();
    private final TextArea reasoning = new TextArea();

    ResponseView(PlaygroundViewModel model) {
        super(8);
        setPadding(new Insets(10));
        var runs = model.runs;
        var title = new Label("Response");
        title.getStyleClass().add(Styles.TITLE_4);
        var status = new Label();
        status.setId("run-status");
        status.setWrapText(true);
        // The live run's status, or, for a history row, how that run ended.
        var shownStatus = javafx.beans.binding.Bindings.createStringBinding(() -> {
            var selected = model.selectedRun.get();
            if (selected == null) {
                return runs.statusProperty().get();
            }
            var done = selected.result();
            return "Run at " + selected.when() + ": "
                    + (done.ok() ? "done" + RunController.stopped(done) : "failed: " + done.error());
        }, model.selectedRun, runs.statusProperty());
        status.textProperty().bind(shownStatus);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        // Long errors wrap here, up to a few lines; the whole text is in the tooltip.
        status.setMaxHeight(80);
        status.setTooltip(dev.llmdyno.ui.WrappingTooltip.following(shownStatus));

        // While a run streams: elapsed time, tokens so far, their rate and TTFT, ticking even before the first token.
        var live = new Label();
        live.setId("live-figures");
        live.textProperty().bind(runs.liveProperty());
        live.getStyleClass().add(Styles.TEXT_BOLD);
        live.visibleProperty().bind(runs.runningProperty().and(model.selectedRun.isNull()));
        live.managedProperty().bind(live.visibleProperty());
        var ticker = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.millis(100),
                event -> runs.refreshLive()));
        ticker.setCycleCount(javafx.animation.Animation.INDEFINITE);
        runs.runningProperty().addListener((obs, old, running) -> {
            if (running) {
                ticker.play();
            } else {
                ticker.stop();
            }
        });

        reasoning.setEditable(false);
        reasoning.setWrapText(true);
        reasoning.setPrefRowCount(4);
        var reasoningPane = new TitledPane("Reasoning", reasoning);
        reasoningPane.visibleProperty().bind(reasoning.textProperty().isNotEmpty());
        reasoningPane.managedProperty().bind(reasoningPane.visibleProperty());

        answer.setId("answer");
        answer.setEditable(false);
        answer.setWrapText(true);
        VBox.setVgrow(answer, Priority.ALWAYS);

        metrics.setId("metrics");
        metrics.setHgap(16);
        metrics.setVgap(4);
        waterfall.setId("waterfall");
        var legend = new javafx.scene.layout.FlowPane(10, 2);
        for (var phase : new String[][]{{"queue", "queue"}, {"prep", "prep"}, {"dns", "dns"}, {"connect", "connect"}, {"tls", "tls"},
                {"wait", "wait for first token"}, {"generation", "generation"}}) {
            var swatch = new javafx.scene.layout.Region();
            swatch.getStyleClass().addAll("waterfall-segment", "phase-" + phase[0], "legend-swatch");
            var label = new Label(phase[1], swatch);
            label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            legend.getChildren().add(label);
        }

        // What the advisor's rules found in the shown run: a lever per finding, with the figures that raised it.
        var advice = new Label();
        advice.setId("advice");
        advice.setWrapText(true);
        advice.getStyleClass().add(Styles.WARNING);
        advice.visibleProperty().bind(advice.textProperty().isNotEmpty());
        advice.managedProperty().bind(advice.visibleProperty());

        getChildren().addAll(title, status, live, reasoningPane, answer, metrics, waterfall, legend, advice);

        // The live run, unless a history row is selected. A streaming answer grows by appending only what is new.
        Runnable refresh = () -> {
            var selected = model.selectedRun.get();
            var shown = selected != null ? selected.result() : runs.resultProperty().get();
            answer.setText(selected != null ? selected.result().text() : runs.answerProperty().get());
            reasoning.setText(selected != null ? selected.result().reasoning() : runs.reasoningProperty().get());
            var record = selected != null ? selected : runs.lastRunProperty().get();
            advice.setText(record == null ? "" : String.join("\n", record.advice().stream().map(a -> "Advice: " + a).toList()));
            show(shown);
        };
        for (var source : java.util.List.of(model.selectedRun, runs.resultProperty())) {
            source.addListener((obs, old, now) -> refresh.run());
        }
        runs.answerProperty().addListener((obs, old, now) -> {
            if (model.selectedRun.get() != null) {
                return;
            }
            if (now.startsWith(old) && answer.getLength() == old.length()) {
                answer.appendText(now.substring(old.length()));
            } else {
                answer.setText(now);
            }
        });
        runs.reasoningProperty().addListener((obs, old, now) -> {
            if (model.selectedRun.get() == null) {
                reasoning.setText(now);
            }
        });
        refresh.run();
    }

    private void show(CallResult result) {
        metrics.getChildren().clear();
        var rows = MetricRows.of(result);
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            var name = new Label(row.label());
            name.getStyleClass().add(Styles.TEXT_MUTED);
            var value = new Label(row.value());
            value.setId("metric-" + row.metric());
            value.getStyleClass().add(Styles.TEXT_BOLD);
            var tip = new Tooltip(row.definition());
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            name.setTooltip(tip);
            value.setTooltip(tip);
            name.setMinWidth(Label.USE_PREF_SIZE);
            value.setMinWidth(Label.USE_PREF_SIZE);
            metrics.add(name, (i % 2) * 2, i / 2);
            metrics.add(value, (i % 2) * 2 + 1, i / 2);
        }
        waterfall.show(result == null ? null : result.metrics());
    }
}
